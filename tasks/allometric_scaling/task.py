"""Makes `inspect eval tasks/allometric_scaling` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def allometric_scaling(sandbox: str = "local"):
    return build_task("allometric_scaling", sandbox=sandbox)
