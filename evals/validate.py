"""`openintern tasks validate`: every task's oracle must succeed, its null agent score 0, every
trivial submission (evals.agents.trivial) score at most TRIVIAL_BOUND, and its naive attempt (the
obvious first try) fall short of success on every instance, unless the task is in the `sanity` tier.

Runs the oracle, naive and null agents and the trivial submissions on every instance through the same path as any
comparison (eval_set on the chosen sandbox, bwrap by default; the scripted model is never called), then reads the
scores back from the logs. The `starter` trivial submission is the untouched workspace, which is
exactly what the null agent leaves, so its scores are read from the null run instead of a second one.
"""

import json
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from inspect_ai.log import EvalLog, EvalSample

from evals.agents import trivial_names
from evals.gpu import runs_here, skip_message
from evals.run import run_matrix
from evals.sandboxes import DEFAULT_SANDBOX
from evals.suites import shared_hash, validation_file
from evals.taskspec import (
    MAX_SANITY_TASKS,
    TASKS_DIR,
    TaskSpecError,
    content_hash,
    list_task_ids,
    load_spec,
    task_dir,
)

__all__ = [
    "TRIVIAL_BOUND",
    "TaskCheck",
    "naive_problems",
    "record_checks",
    "trivial_problems",
    "validate_tasks",
]

# A lazy submission may score this much (noise in a scoring-time test set), no more.
TRIVIAL_BOUND = 0.05


@dataclass
class TaskCheck:
    """What validation found for one task."""

    task: str
    instances: int
    oracle_min_score: float | None
    oracle_all_success: bool | None
    null_max_score: float
    oracle_max_seconds: float | None
    naive_max_score: float | None
    naive_any_success: bool | None
    tier: str
    problems: list[str]
    trivial_scores: dict[str, float] = field(default_factory=dict)  # name -> highest score over instances
    # Why the oracle and naive attempt did not run (a gpu-tier task on a machine without a GPU): their
    # fields are then None, and the lock records the task as validated without them.
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def trivial_max(self) -> tuple[str, float]:
        """The trivial submission that scored highest, and its score ('-', 0.0 when none ran; 'all N
        tied' when every one scored the same, usually 0)."""
        if not self.trivial_scores:
            return "-", 0.0
        best = max(self.trivial_scores, key=self.trivial_scores.get)
        score = self.trivial_scores[best]
        if len(set(self.trivial_scores.values())) == 1:
            return f"all {len(self.trivial_scores)} tied", score
        return best, score


def _agent(log: EvalLog) -> str:
    """The agent name run_matrix was given for this log (`trivial:<name>` for a trivial submission)."""
    return (log.eval.metadata or {})["agent"]


def _samples(logs: list[EvalLog], agent: str) -> list[EvalSample]:
    return [s for log in logs if _agent(log) == agent for s in log.samples or []]


def _value(sample: EvalSample) -> dict | None:
    """The sample's {'score', 'success'} value, or None where it has no score (an error)."""
    return next(iter(sample.scores.values())).value if sample.scores else None


def trivial_problems(task_id: str, results: dict[str, list[EvalSample]]) -> list[str]:
    """One line per trivial submission and instance that scored above TRIVIAL_BOUND, succeeded or
    has no score, naming the task, the instance and the submission."""
    problems = []
    for name, samples in results.items():
        for sample in samples:
            value = _value(sample)
            if value is None:
                error = sample.error.message if sample.error else "no score"
                problems.append(
                    f"{task_id}: trivial submission '{name}' on {sample.id} has no score ({error})"
                )
            elif value["score"] > TRIVIAL_BOUND or value["success"] > 0:
                reason = next(iter(sample.scores.values())).explanation or ""
                problems.append(
                    f"{task_id}: trivial submission '{name}' scores {value['score']:.3f} on {sample.id} "
                    f"(at most {TRIVIAL_BOUND} allowed): {reason}"
                )
    return problems


def naive_problems(task_id: str, tier: str, samples: list[EvalSample]) -> list[str]:
    """The naive attempt must fall short of success on every instance, unless the task is declared
    `sanity`; it must also have run (a naive attempt that errors proves nothing)."""
    if not samples:
        return [f"{task_id}: the naive attempt did not run"]
    unscored = [
        f"{task_id}: naive attempt on {s.id} has no score ({s.error.message if s.error else 'no score'})"
        for s in samples
        if _value(s) is None
    ]
    if unscored:
        return unscored
    won = [s.id for s in samples if _value(s)["success"] == 1.0]
    if won and tier != "sanity":
        return [
            f"{task_id}: the naive attempt succeeds on {won}: the task measures nothing beyond the obvious "
            "first try (make it harder, or declare `tier: sanity` in task.yaml)"
        ]
    if not won and tier == "sanity":
        return [
            f"{task_id}: declared `tier: sanity` but the naive attempt succeeds on no instance: it is a "
            "core task (remove `tier: sanity`)"
        ]
    return []


def _check_task(task_id: str, log_dir: Path, sandbox: str) -> TaskCheck:
    """Run oracle, naive, null and the trivial submissions on every instance of one task; judge the scores.

    A gpu-tier task on a machine without a GPU runs null and the trivial submissions only (they train
    nothing); the check says the oracle and naive attempt were skipped, and why.
    """
    # The starter is the null run's workspace: not run twice.
    scripted = [name for name in trivial_names(task_dir(task_id)) if name != "starter"]
    agents = ["oracle", "naive", "null", *(f"trivial:{name}" for name in scripted)]
    ran = [name for name in agents if runs_here(task_id, name)]
    logs = run_matrix(
        [task_id], ran, "mockllm/model", log_dir, sandbox=sandbox, max_samples=1, display="none"
    )
    null = _samples(logs, "null")
    trivial = {"starter": null, **{name: _samples(logs, f"trivial:{name}") for name in scripted}}
    null_scores = [v for v in map(_value, null) if v is not None]
    tier = load_spec(task_id).tier
    problems = []
    if any(v["score"] > 0 or v["success"] > 0 for v in null_scores):
        problems.append(f"null scores above 0: {[v['score'] for v in null_scores]}")
    problems += trivial_problems(task_id, trivial)
    check = TaskCheck(
        task=task_id,
        instances=len(null),
        oracle_min_score=None,
        oracle_all_success=None,
        null_max_score=max((v["score"] for v in null_scores), default=0.0),
        oracle_max_seconds=None,
        naive_max_score=None,
        naive_any_success=None,
        tier=tier,
        problems=problems,
        trivial_scores={
            name: max((v["score"] for v in map(_value, samples) if v is not None), default=0.0)
            for name, samples in trivial.items()
        },
    )
    if "oracle" not in ran:
        check.skipped = skip_message(task_id, "oracle and naive attempt")
        return check
    oracle, naive = _samples(logs, "oracle"), _samples(logs, "naive")
    oracle_scores = [v for v in map(_value, oracle) if v is not None]
    naive_scores = [v for v in map(_value, naive) if v is not None]
    if len(oracle_scores) != len(oracle) or not oracle:
        problems.append("oracle samples without a score (errors: see the logs)")
    failed = [s for s in oracle if (_value(s) or {}).get("success") != 1.0]
    if failed:
        reasons = "; ".join(next(iter(s.scores.values())).explanation or "" for s in failed if s.scores)
        problems.append(f"oracle misses the success threshold on {[s.id for s in failed]}: {reasons}")
    problems += naive_problems(task_id, tier, naive)
    check.oracle_min_score = min((v["score"] for v in oracle_scores), default=0.0)
    check.oracle_all_success = not failed and bool(oracle_scores)
    check.oracle_max_seconds = max((s.total_time or 0.0 for s in oracle), default=0.0)
    check.naive_max_score = max((v["score"] for v in naive_scores), default=0.0)
    check.naive_any_success = any(v["success"] == 1.0 for v in naive_scores)
    return check


def _tier(task_id: str) -> str | None:
    """A task's tier, None for a folder that does not load: validating one task does not wait for
    another that is half written (validating that one names its problem)."""
    try:
        return load_spec(task_id).tier
    except TaskSpecError:
        return None


def validate_tasks(
    task_ids: list[str] | None = None, log_dir: Path | None = None, sandbox: str = DEFAULT_SANDBOX
) -> list[TaskCheck]:
    """Validate the tasks (all by default) on `sandbox`: one TaskCheck per task."""
    task_ids = task_ids or list_task_ids()
    for task_id in task_ids:
        load_spec(task_id)
    sanity = [task_id for task_id in list_task_ids() if _tier(task_id) == "sanity"]
    if len(sanity) > MAX_SANITY_TASKS:
        raise TaskSpecError(
            f"at most {MAX_SANITY_TASKS} tasks may be `tier: sanity`, found {len(sanity)}: {sanity}"
        )
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="openintern-validate-"))
    return [_check_task(task_id, log_dir / task_id, sandbox) for task_id in task_ids]


def _commit(task_id: str) -> str:
    """The checkout's commit, where there is one, and whether the task's folder differs from it (a
    measurement says what it measured; the content hash says it exactly)."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=TASKS_DIR, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--", str(task_dir(task_id)))
    return f"{commit} with uncommitted changes to the task" if dirty else commit


def record_checks(checks: list[TaskCheck], sandbox: str, path: Path | None = None) -> None:
    """Write each passing check into the validation record (tasks/validation.json), keyed by task, with
    the version and content hash it measured: the `hard` suite is chosen from these numbers, and the
    README's validation table is read from them."""
    path = path or validation_file()
    record = json.loads(path.read_text()) if path.is_file() else {}
    for check in checks:
        if not check.ok:
            continue
        measured = f"openintern tasks validate (sandbox {sandbox}) at {_commit(check.task)}, {datetime.now(UTC):%Y-%m-%d}"
        row = asdict(check)
        del row["problems"], row["task"]
        name, score = check.trivial_max
        record[check.task] = {
            "version": load_spec(check.task).version,
            "hash": content_hash(task_dir(check.task)),
            "measured": measured,
            "sandbox": sandbox,
            "shared": shared_hash(),
            **row,
            "trivial_max": {"name": name, "score": score},
        }
    path.write_text(json.dumps(dict(sorted(record.items())), indent=2) + "\n")
