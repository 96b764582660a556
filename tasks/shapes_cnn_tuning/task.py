"""Makes `inspect eval tasks/shapes_cnn_tuning` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def shapes_cnn_tuning(sandbox: str = "local"):
    return build_task("shapes_cnn_tuning", sandbox=sandbox)
