"""Makes `inspect eval tasks/longley_ols` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def longley_ols(sandbox: str = "local"):
    return build_task("longley_ols", sandbox=sandbox)
