"""Suites and the version lock: a task cannot change without its version changing."""

import json
import shutil

import pytest

from evals import suites
from evals.suites import LockError, check_lock, suite_tasks, update_lock
from evals.taskspec import MAX_SANITY_TASKS, list_task_ids, load_spec


def test_lock_matches_every_task():
    assert check_lock() == []


def test_suites():
    assert suite_tasks("all") == list_task_ids()
    assert sorted(suite_tasks("core") + suite_tasks("sanity")) == list_task_ids()
    assert all(load_spec(t).tier == "sanity" for t in suite_tasks("sanity"))
    assert 0 < len(suite_tasks("sanity")) <= MAX_SANITY_TASKS
    smoke = suite_tasks("smoke")
    assert set(smoke) <= set(list_task_ids())
    assert len({load_spec(t).category for t in smoke}) == len(smoke)  # different categories
    with pytest.raises(LockError, match="unknown suite"):
        suite_tasks("everything")


def test_changed_task_without_version_bump_is_caught(tmp_path, monkeypatch):
    tasks_dir = tmp_path / "tasks"
    shutil.copytree(suites.TASKS_DIR, tasks_dir, ignore=shutil.ignore_patterns("__pycache__"))
    lock = tasks_dir / "tasks.lock.json"
    monkeypatch.setattr("evals.taskspec.TASKS_DIR", tasks_dir)
    assert check_lock(lock) == []
    version, locked = load_spec("longley_ols").version, set(json.loads(lock.read_text())["longley_ols"])
    (tasks_dir / "longley_ols" / "prompt.md").write_text("a different prompt")
    [problem] = check_lock(lock)
    assert f"longley_ols changed but is still version {version}: bump" in problem
    with pytest.raises(LockError, match=f"longley_ols {version}"):
        update_lock(lock)
    spec = tasks_dir / "longley_ols" / "task.yaml"
    bumped = f"{int(version.split('-')[0]) + 1}-A"
    spec.write_text(spec.read_text().replace(f'version: "{version}"', f'version: "{bumped}"'))
    assert update_lock(lock) == [f"longley_ols {bumped}"]
    assert check_lock(lock) == [] and set(json.loads(lock.read_text())["longley_ols"]) == locked | {bumped}
