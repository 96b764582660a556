"""Makes `inspect eval tasks/clinic_visits_dataset` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def clinic_visits_dataset(sandbox: str = "local"):
    return build_task("clinic_visits_dataset", sandbox=sandbox)
