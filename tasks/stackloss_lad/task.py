"""Makes `inspect eval tasks/stackloss_lad` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def stackloss_lad(sandbox: str = "local"):
    return build_task("stackloss_lad", sandbox=sandbox)
