"""Rules every task keeps (ARCHITECTURE.md, "A task"): checked for every folder under tasks/."""

import hashlib

import pytest

from evals.agents import trivial_names
from evals.suites import suite_tasks, unlocked_tasks
from evals.taskload import materialise_instance
from evals.taskspec import MAX_SANITY_TASKS, list_task_ids, load_spec, task_dir
from evals.validate import TRIVIAL_BOUND, validate_tasks

TASKS = list_task_ids()
# Full validation (`make validate`: about 9 minutes on 2 cores, and growing with every task) stays out of make test.
# `openintern tasks lock` validates a task before it records its hash, so every locked task passed
# once; make test validates the smoke suite plus every task changed since it was locked.
VALIDATED = sorted(set(suite_tasks("smoke")) | set(unlocked_tasks()))
README_SECTIONS = [
    "## What it measures",
    "## Test conditions",
    "## Reference scores",
    "## Provenance",
    "## Changelog",
]


def _digests(folder):
    return {
        hashlib.sha256(p.read_bytes()).hexdigest(): p
        for p in folder.rglob("*")
        if p.is_file() and p.stat().st_size > 0
    }


@pytest.mark.parametrize("task_id", TASKS)
def test_readme_discloses_what_it_must(task_id):
    text = (task_dir(task_id) / "README.md").read_text()
    missing = [s for s in README_SECTIONS if s not in text]
    assert not missing, f"tasks/{task_id}/README.md lacks {missing}"


@pytest.mark.parametrize("task_id", TASKS)
def test_sandbox_workspace_holds_no_grader_file_or_hidden_data(task_id):
    """Every instance's workspace (what Sample.files copies in) shares no file, by name or content,
    with the grader, the hidden data, the solution or the naive attempt."""
    folder, spec = task_dir(task_id), load_spec(task_id)
    for seed in spec.instances:
        workspace, hidden = materialise_instance(folder, spec, seed)
        secret = {
            **_digests(folder / "grader"),
            **_digests(hidden),
            **_digests(folder / "solution"),
            **_digests(folder / "naive"),
        }
        visible = _digests(workspace)
        leaked = [str(visible[d].relative_to(workspace)) for d in visible if d in secret]
        assert not leaked, f"{task_id} seed {seed}: workspace holds hidden content {leaked}"
        names = {p.name for p in workspace.rglob("*")}
        assert "grade.py" not in names and "solve.py" not in names
        assert workspace.resolve() not in [p.resolve() for p in (folder / "grader", hidden)]


def test_every_tier_keeps_its_rules():
    """At most MAX_SANITY_TASKS sanity tasks, a naive attempt in every folder, and a smoke suite
    (what make test always validates) that covers both tiers."""
    assert {load_spec(task_id).tier for task_id in suite_tasks("smoke")} == {"core", "sanity"}
    sanity = [task_id for task_id in TASKS if load_spec(task_id).tier == "sanity"]
    assert len(sanity) <= MAX_SANITY_TASKS, f"at most {MAX_SANITY_TASKS} sanity tasks: {sanity}"
    for task_id in TASKS:
        assert (task_dir(task_id) / "naive" / "solve.py").is_file(), task_id


def test_every_oracle_succeeds_and_every_null_scores_zero(tmp_path):
    """...every naive attempt falls short of success outside the sanity tier, and every trivial
    submission (generic and the task's own trivial/ scripts) scores at most TRIVIAL_BOUND on every
    instance: for the tasks of VALIDATED (`make validate` runs them all)."""
    checks = validate_tasks(VALIDATED, log_dir=tmp_path)
    assert {c.task for c in checks} == set(VALIDATED)
    failures = {c.task: c.problems for c in checks if not c.ok}
    assert not failures
    for c in checks:
        assert set(c.trivial_scores) == set(trivial_names(task_dir(c.task))), c.task
        assert c.trivial_max[1] <= TRIVIAL_BOUND, (c.task, c.trivial_max)
