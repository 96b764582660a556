"""`openintern tasks validate`: every task's oracle must succeed and its null agent score 0.

Runs both sanity agents on every instance through the same path as any comparison (eval_set on the
local sandbox; the scripted model is never called), then reads the scores back from the logs.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from evals.run import run_matrix
from evals.taskspec import list_task_ids, load_spec

__all__ = ["TaskCheck", "validate_tasks"]


@dataclass
class TaskCheck:
    """What validation found for one task."""

    task: str
    instances: int
    oracle_min_score: float
    oracle_all_success: bool
    null_max_score: float
    oracle_max_seconds: float
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _samples(logs, agent: str):
    return [s for log in logs if log.plan.steps[0].solver == agent for s in log.samples or []]


def validate_tasks(task_ids: list[str] | None = None, log_dir: Path | None = None) -> list[TaskCheck]:
    """Run oracle and null on every instance of the tasks (all by default); one TaskCheck per task."""
    task_ids = task_ids or list_task_ids()
    for task_id in task_ids:
        load_spec(task_id)
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="openintern-validate-"))
    checks = []
    for task_id in task_ids:
        logs = run_matrix(
            [task_id], ["oracle", "null"], "mockllm/model", log_dir / task_id, max_samples=1, display="none"
        )
        oracle, null = _samples(logs, "oracle"), _samples(logs, "null")
        oracle_scores = [next(iter(s.scores.values())).value for s in oracle if s.scores]
        null_scores = [next(iter(s.scores.values())).value for s in null if s.scores]
        problems = []
        if len(oracle_scores) != len(oracle) or not oracle:
            problems.append("oracle samples without a score (errors: see the logs)")
        failed = [s.id for s, v in zip(oracle, oracle_scores) if v["success"] != 1.0]
        if failed:
            reasons = "; ".join(
                next(iter(s.scores.values())).explanation or "" for s in oracle if s.id in failed
            )
            problems.append(f"oracle misses the success threshold on {failed}: {reasons}")
        if any(v["score"] > 0 or v["success"] > 0 for v in null_scores):
            problems.append(f"null scores above 0: {[v['score'] for v in null_scores]}")
        checks.append(
            TaskCheck(
                task=task_id,
                instances=len(oracle),
                oracle_min_score=min((v["score"] for v in oracle_scores), default=0.0),
                oracle_all_success=not failed and bool(oracle_scores),
                null_max_score=max((v["score"] for v in null_scores), default=0.0),
                oracle_max_seconds=max((s.total_time or 0.0 for s in oracle), default=0.0),
                problems=problems,
            )
        )
    return checks
