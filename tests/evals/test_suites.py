"""Suites and the version lock: a task cannot change without its version changing."""

import json
import shutil

import pytest

from evals import suites
from evals.suites import LockError, check_lock, suite_tasks, unlocked_tasks, update_lock
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
    assert unlocked_tasks(lock) == ["longley_ols"]  # what make test validates besides the smoke suite
    with pytest.raises(LockError, match=f"longley_ols {version}"):
        update_lock(lock)
    spec = tasks_dir / "longley_ols" / "task.yaml"
    bumped = f"{int(version.split('-')[0]) + 1}-A"
    spec.write_text(spec.read_text().replace(f'version: "{version}"', f'version: "{bumped}"'))
    assert unlocked_tasks(lock) == ["longley_ols"]
    assert update_lock(lock) == [f"longley_ols {bumped}"]
    assert unlocked_tasks(lock) == []
    assert check_lock(lock) == [] and set(json.loads(lock.read_text())["longley_ols"]) == locked | {bumped}


def test_lock_validates_a_task_before_recording_it(tmp_path, monkeypatch, capsys):
    """A hash in the lock is one that passed validation (make test relies on it): a bumped task whose
    reference solution no longer succeeds is not recorded."""
    from functools import partial

    from evals import cli

    tasks_dir = tmp_path / "tasks"
    shutil.copytree(suites.TASKS_DIR, tasks_dir, ignore=shutil.ignore_patterns("__pycache__"))
    lock = tasks_dir / "tasks.lock.json"
    monkeypatch.setattr("evals.taskspec.TASKS_DIR", tasks_dir)
    monkeypatch.setattr(cli, "unlocked_tasks", partial(unlocked_tasks, lock))
    monkeypatch.setattr(cli, "update_lock", partial(update_lock, lock))
    before = lock.read_text()
    (tasks_dir / "longley_ols" / "solution" / "solve.py").write_text(
        "import json\njson.dump({}, open('results.json', 'w'))\n"
    )
    spec = tasks_dir / "longley_ols" / "task.yaml"
    version = load_spec("longley_ols").version
    spec.write_text(spec.read_text().replace(f'version: "{version}"', 'version: "99-A"'))
    original = (suites.TASKS_DIR / "longley_ols" / "solution" / "solve.py").read_text()
    assert cli.main(["tasks", "lock"]) == 1
    out, err = capsys.readouterr()
    assert "Validating the tasks to lock: longley_ols" in out
    assert "FAILED longley_ols: oracle misses the success threshold" in err
    assert "nothing locked" in err and lock.read_text() == before
    # Mended: validated, then recorded.
    (tasks_dir / "longley_ols" / "solution" / "solve.py").write_text(original)
    assert cli.main(["tasks", "lock"]) == 0
    assert "recorded longley_ols 99-A" in capsys.readouterr().out
    assert "99-A" in json.loads(lock.read_text())["longley_ols"] and unlocked_tasks(lock) == []


def test_lock_takes_no_task_ids(capsys):
    from evals import cli

    assert cli.main(["tasks", "lock", "longley_ols"]) == 2
    assert "takes no task ids" in capsys.readouterr().err


def test_a_change_to_the_shared_grading_code_unlocks_every_task(tmp_path, monkeypatch):
    """tasks/grading.py can move any task's scores without changing its folder: every task is then
    validated again (make test) and the lock asks for `openintern tasks lock`."""
    tasks_dir = tmp_path / "tasks"
    shutil.copytree(suites.TASKS_DIR, tasks_dir, ignore=shutil.ignore_patterns("__pycache__"))
    lock = tasks_dir / "tasks.lock.json"
    monkeypatch.setattr("evals.taskspec.TASKS_DIR", tasks_dir)
    assert unlocked_tasks(lock) == [] and check_lock(lock) == []
    grading = tasks_dir / "grading.py"
    grading.write_text(grading.read_text() + "\n# a change\n")
    assert unlocked_tasks(lock) == list_task_ids()
    [problem] = check_lock(lock)
    assert problem.startswith("the shared grading code (tasks/*.py) changed since the lock")
    assert update_lock(lock) == ["shared grading code"] and unlocked_tasks(lock) == []
