"""Makes `inspect eval tasks/survey_responses_dataset` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def survey_responses_dataset(sandbox: str = "local"):
    return build_task("survey_responses_dataset", sandbox=sandbox)
