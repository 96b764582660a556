"""Makes `inspect eval tasks/demand_forecast` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def demand_forecast(sandbox: str = "local"):
    return build_task("demand_forecast", sandbox=sandbox)
