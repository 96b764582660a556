"""Makes `inspect eval tasks/predator_prey` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def predator_prey(sandbox: str = "local"):
    return build_task("predator_prey", sandbox=sandbox)
