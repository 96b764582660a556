"""Makes `inspect eval tasks/hampel_smoother` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def hampel_smoother(sandbox: str = "local"):
    return build_task("hampel_smoother", sandbox=sandbox)
