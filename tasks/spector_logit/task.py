"""Makes `inspect eval tasks/spector_logit` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def spector_logit(sandbox: str = "local"):
    return build_task("spector_logit", sandbox=sandbox)
