"""Named suites of tasks, the version lock, and their Inspect entry points.

    inspect eval openintern/smoke --solver openintern/research_agent --model ...
    openintern run --suite core --agents oracle null

The lock file (tasks/tasks.lock.json) maps each task to {version: content hash}. A task whose files
change must get a new version: `openintern tasks lock` records new versions and refuses to record a
new hash under a version that already has one.
"""

import hashlib
import json
from pathlib import Path

from evals import taskspec
from evals.taskspec import TASKS_DIR, content_hash, list_task_ids, load_spec, task_dir

__all__ = [
    "HARD_SIZE",
    "LOCK_FILE",
    "LockError",
    "SUITES",
    "check_lock",
    "hard_tasks",
    "shared_hash",
    "suite_tasks",
    "unlocked_tasks",
    "update_lock",
    "validated_tasks",
    "validation_file",
]

LOCK_FILE = TASKS_DIR / "tasks.lock.json"
# The hard suite: this many core tasks, those whose naive attempt falls furthest short of success.
HARD_SIZE = 8

# smoke: three fast tasks from different categories; core: the core tier (what a headline score is
# made of); hard: the core tasks where the obvious first attempt fails by the widest margin (measured);
# sanity: tasks the obvious first attempt solves; gpu: tasks whose oracle needs a GPU (both reported
# apart); all.
SUITES: dict[str, list[str] | None] = {
    "smoke": ["longley_ols", "reaction_kinetics", "digits_classifier"],
    "core": None,
    "hard": None,
    "sanity": None,
    "gpu": None,
    "all": None,
}


class LockError(ValueError):
    """The lock file disagrees with the task folders."""


def suite_tasks(name: str) -> list[str]:
    """Task ids of a suite; a clear error for an unknown suite."""
    if name not in SUITES:
        raise LockError(f"unknown suite '{name}'; suites: {', '.join(SUITES)}")
    if SUITES[name] is not None:
        return SUITES[name]
    if name == "all":
        return list_task_ids()
    if name == "hard":
        return hard_tasks()
    return [task_id for task_id in list_task_ids() if load_spec(task_id).tier == name]


def validation_file() -> Path:
    """What validation measured for each task (evals.validate.record_checks): null, trivial, naive and
    oracle scores, with the files, shared grading code and sandbox they were measured on."""
    return taskspec.TASKS_DIR / "validation.json"


def validated_tasks(sandbox: str, path: Path | None = None) -> list[str]:
    """Tasks whose current files (and the current shared grading code) passed validation on `sandbox`,
    as the record says: `openintern tasks lock` need not validate them again."""
    record = _read_json(path or validation_file())
    return [
        task_id
        for task_id in list_task_ids()
        if (row := record.get(task_id))
        and row.get("hash") == content_hash(task_dir(task_id))
        and row.get("version") == load_spec(task_id).version
        and row.get("shared") == shared_hash()
        and row.get("sandbox") == sandbox
    ]


def naive_margin(task_id: str, row: dict) -> float:
    """How far the naive attempt's best score falls short of success, on the score scale: the
    success threshold normalised with the task's own score 0 and 1, minus the naive attempt's highest
    score over instances (per-test-set baselines move both by about the same)."""
    scoring = load_spec(task_id).scoring
    threshold, _ = scoring.normalise(scoring.success_threshold)
    return threshold - row["naive_max_score"]


def hard_tasks(path: Path | None = None) -> list[str]:
    """The HARD_SIZE core tasks whose naive attempt falls furthest short of success, as measured by
    validation for the task's current version and files (a task changed since is left out until it
    is validated again); ties broken by id."""
    record = _read_json(path or validation_file())
    measured = []
    for task_id in list_task_ids():
        spec, row = load_spec(task_id), record.get(task_id)
        current = row and row["version"] == spec.version and row["hash"] == content_hash(task_dir(task_id))
        if spec.tier == "core" and current and row["naive_max_score"] is not None:
            measured.append((-naive_margin(task_id, row), task_id))
    return [task_id for _, task_id in sorted(measured)[:HARD_SIZE]]


# The lock's entry for the grading code every task folder shares (tasks/*.py: grading.py,
# dataset_grading.py): a change there can move any task's scores without changing its folder.
SHARED = "_shared"


def _read_json(path: Path) -> dict[str, dict]:
    """The lock or the validation record: a JSON object keyed by task id; empty when absent."""
    return json.loads(path.read_text()) if path.is_file() else {}


def shared_hash() -> str:
    """sha256 over the shared grading modules (tasks/*.py), paths and bytes."""
    digest = hashlib.sha256()
    for path in sorted(taskspec.TASKS_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _shared_changed(lock: dict) -> bool:
    return lock.get(SHARED, {}).get("tasks/*.py") != shared_hash()


def unlocked_tasks(path: Path = LOCK_FILE) -> list[str]:
    """Tasks whose current (version, content hash) the lock does not record: changed since they were
    last validated and locked. Every task, when the shared grading code changed."""
    lock = _read_json(path)
    if _shared_changed(lock):
        return list_task_ids()
    return [
        task_id
        for task_id in list_task_ids()
        if lock.get(task_id, {}).get(load_spec(task_id).version) != content_hash(task_dir(task_id))
    ]


def check_lock(path: Path = LOCK_FILE) -> list[str]:
    """Problems (empty if none): a task whose (version, hash) is not the one the lock records."""
    lock = _read_json(path)
    problems = []
    if _shared_changed(lock):
        problems.append(
            "the shared grading code (tasks/*.py) changed since the lock: run `openintern tasks lock`, "
            "which validates every task before recording it"
        )
    for task_id in list_task_ids():
        version, digest = load_spec(task_id).version, content_hash(task_dir(task_id))
        locked = lock.get(task_id, {}).get(version)
        if locked is None:
            problems.append(f"{task_id} {version} is not in the lock: run `openintern tasks lock`")
        elif locked != digest:
            problems.append(
                f"{task_id} changed but is still version {version}: bump `version` in its task.yaml "
                "(N if results stop being comparable, X otherwise), note it in its changelog, then run "
                "`openintern tasks lock`"
            )
    return problems


def update_lock(path: Path = LOCK_FILE) -> list[str]:
    """Record every task's current (version, hash); refuse a new hash under a recorded version."""
    lock = _read_json(path)
    added, refused = [], []
    for task_id in list_task_ids():
        version, digest = load_spec(task_id).version, content_hash(task_dir(task_id))
        recorded = lock.setdefault(task_id, {})
        if recorded.get(version) not in (None, digest):
            refused.append(f"{task_id} {version}")
        elif version not in recorded:
            recorded[version] = digest
            added.append(f"{task_id} {version}")
    if refused:
        raise LockError(f"changed without a version bump: {', '.join(refused)}; bump their versions first")
    if _shared_changed(lock):
        lock[SHARED] = {"tasks/*.py": shared_hash()}
        added.append("shared grading code")
    path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n")
    return added
