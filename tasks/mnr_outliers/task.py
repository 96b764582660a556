"""Makes `inspect eval tasks/mnr_outliers` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def mnr_outliers(sandbox: str = "local"):
    return build_task("mnr_outliers", sandbox=sandbox)
