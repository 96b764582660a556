"""The contract between a task's hidden grader and the harness.

A grader module (`tasks/<id>/grader/grade.py`) defines

    def grade(outputs: Path, hidden: Path, seed: int) -> Grade

where `outputs` is a host directory holding the files the agent wrote (those that task.yaml lists
under `outputs`, copied out of the sandbox), `hidden` is the task's hidden data directory and
`seed` the instance seed. The grader returns the raw metric; the harness turns it into the shared
score shape (score in [0, 1], success in {0, 1}) using the task's `scoring` block, so every task
normalises the same way.

A submission that is malformed (wrong format, wrong keys, non-numbers) raises `SubmissionError`
with a reason the agent's author can act on; it scores 0 with that reason as the explanation.
Any other exception is a bug in the grader and is not hidden.
"""

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Grade", "SubmissionError"]


class SubmissionError(Exception):
    """The agent's outputs cannot be graded (missing, malformed); scores 0 with this message."""


@dataclass(frozen=True)
class Grade:
    """What a grader found.

    Attributes:
        metric: The raw task metric (task.yaml `scoring.metric`), in its own units.
        explanation: One line a reader of the log understands without the grader's source.
        details: Per-item breakdown kept in the log's score metadata.
    """

    metric: float
    explanation: str
    details: dict[str, Any] = field(default_factory=dict)
