"""Makes `inspect eval tasks/digits_classifier` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def digits_classifier(sandbox: str = "local"):
    return build_task("digits_classifier", sandbox=sandbox)
