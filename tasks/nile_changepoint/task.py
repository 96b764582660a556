"""Makes `inspect eval tasks/nile_changepoint` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def nile_changepoint(sandbox: str = "local"):
    return build_task("nile_changepoint", sandbox=sandbox)
