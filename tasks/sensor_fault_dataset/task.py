"""Makes `inspect eval tasks/sensor_fault_dataset` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def sensor_fault_dataset(sandbox: str = "local"):
    return build_task("sensor_fault_dataset", sandbox=sandbox)
