"""Makes `inspect eval tasks/reaction_kinetics` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def reaction_kinetics(sandbox: str = "local"):
    return build_task("reaction_kinetics", sandbox=sandbox)
