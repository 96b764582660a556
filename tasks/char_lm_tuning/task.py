"""Makes `inspect eval tasks/char_lm_tuning` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def char_lm_tuning(sandbox: str = "local"):
    return build_task("char_lm_tuning", sandbox=sandbox)
