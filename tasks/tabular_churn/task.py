"""Makes `inspect eval tasks/tabular_churn` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def tabular_churn(sandbox: str = "local"):
    return build_task("tabular_churn", sandbox=sandbox)
