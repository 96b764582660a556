"""Suites and the version lock: a task cannot change without its version changing."""

import json
import shutil

import pytest

from evals import suites
from evals.suites import LockError, check_lock, suite_tasks, update_lock
from evals.taskspec import list_task_ids, load_spec


def test_lock_matches_every_task():
    assert check_lock() == []


def test_suites():
    assert suite_tasks("core") == list_task_ids()
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
    (tasks_dir / "longley_ols" / "prompt.md").write_text("a different prompt")
    [problem] = check_lock(lock)
    assert "longley_ols changed but is still version 1-A: bump" in problem
    with pytest.raises(LockError, match="longley_ols 1-A"):
        update_lock(lock)
    spec = tasks_dir / "longley_ols" / "task.yaml"
    spec.write_text(spec.read_text().replace('version: "1-A"', 'version: "2-A"'))
    assert update_lock(lock) == ["longley_ols 2-A"]
    assert check_lock(lock) == [] and set(json.loads(lock.read_text())["longley_ols"]) == {"1-A", "2-A"}
