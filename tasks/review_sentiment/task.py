"""Makes `inspect eval tasks/review_sentiment` work from a checkout; the task itself is the folder."""

from inspect_ai import task

from evals.taskload import build_task


@task
def review_sentiment(sandbox: str = "local"):
    return build_task("review_sentiment", sandbox=sandbox)
