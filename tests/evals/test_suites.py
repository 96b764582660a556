"""Suites and the version lock: a task cannot change without its version changing."""

import json
import shutil

import pytest

from evals import suites
from evals.suites import LockError, check_lock, suite_tasks, unlocked_tasks, update_lock
from evals.taskspec import MAX_SANITY_TASKS, content_hash, list_task_ids, load_spec, task_dir


def test_lock_matches_every_task():
    assert check_lock() == []


def test_suites():
    assert suite_tasks("all") == list_task_ids()
    assert sorted(suite_tasks("core") + suite_tasks("sanity") + suite_tasks("gpu")) == list_task_ids()
    for tier in ("core", "sanity", "gpu"):
        assert all(load_spec(t).tier == tier for t in suite_tasks(tier))
    assert len(suite_tasks("gpu")) >= 1 and all(load_spec(t).resources.gpu for t in suite_tasks("gpu"))
    assert (
        set(suite_tasks("hard")) <= set(suite_tasks("core")) and len(suite_tasks("hard")) == suites.HARD_SIZE
    )
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


def _row(task_id: str, naive: float | None, **change) -> dict:
    spec = load_spec(task_id)
    row = {"version": spec.version, "hash": content_hash(task_dir(task_id)), "naive_max_score": naive}
    return row | change


def test_the_hard_suite_is_where_naive_falls_furthest_short(tmp_path, monkeypatch):
    """Chosen from the validation record: the core tasks whose naive attempt's best score lies furthest
    below success on the score scale; a task changed since it was measured, or never measured, is out."""
    core = suite_tasks("core")
    record = {task_id: _row(task_id, 0.0) for task_id in core}
    record[core[0]] = _row(core[0], 1.0)  # its naive attempt reached score 1: margin below 0
    record[core[1]] = _row(core[1], 0.0, hash="0" * 64)  # changed since it was measured
    del record[core[2]]  # never measured
    path = tmp_path / "validation.json"
    path.write_text(json.dumps(record))
    monkeypatch.setattr(suites, "HARD_SIZE", len(core))
    hard = suites.hard_tasks(path)
    assert set(hard) == set(core[3:]) | {core[0]} and hard[-1] == core[0]
    margins = [suites.naive_margin(t, record[t]) for t in hard]
    assert margins == sorted(margins, reverse=True)
    monkeypatch.setattr(suites, "HARD_SIZE", 2)
    assert suites.hard_tasks(path) == hard[:2]


def test_validation_records_what_it_measured(tmp_path):
    """record_checks keeps a passing task's numbers with the version and hash they belong to, and
    leaves a failing one's earlier row alone."""
    from evals.validate import TaskCheck, record_checks

    def check(task_id, naive, problems):
        return TaskCheck(
            task=task_id, instances=1, oracle_min_score=1.0, oracle_all_success=True, null_max_score=0.0,
            oracle_max_seconds=0.5, naive_max_score=naive, naive_any_success=False, tier="core",
            problems=problems, trivial_scores={"empty": 0.0, "constant": 0.01},
        )  # fmt: skip

    path = tmp_path / "validation.json"
    path.write_text(json.dumps({"hampel_smoother": {"naive_max_score": 0.2}}))
    record_checks(
        [check("mnr_outliers", 0.1, []), check("hampel_smoother", 0.9, ["naive wins"])], "bwrap", path
    )
    record = json.loads(path.read_text())
    assert record["hampel_smoother"] == {"naive_max_score": 0.2}
    row = record["mnr_outliers"]
    assert row["version"] == load_spec("mnr_outliers").version
    assert row["hash"] == content_hash(task_dir("mnr_outliers"))
    assert row["naive_max_score"] == 0.1 and row["trivial_max"] == {"name": "constant", "score": 0.01}
    assert row["measured"].startswith("openintern tasks validate (sandbox bwrap) at ")


def test_every_task_has_a_validation_row_for_its_current_files():
    """`openintern tasks lock` validates and records each task it locks: the record (which the hard
    suite and the README's tables are read from) never describes files that are gone."""
    record = json.loads(suites.validation_file().read_text())
    stale = [
        task_id
        for task_id in list_task_ids()
        if (record.get(task_id) or {}).get("hash") != content_hash(task_dir(task_id))
        or record[task_id]["version"] != load_spec(task_id).version
    ]
    assert not stale, f"validate these tasks again (openintern tasks validate <ids> records them): {stale}"


def test_lock_takes_a_passing_validation_of_the_very_same_files_from_the_record(
    tmp_path, monkeypatch, capsys
):
    """`openintern tasks validate` records what passed; `tasks lock` then records those hashes without
    a second run, and validates anything whose files, shared code or sandbox differ from the record."""
    from functools import partial

    from evals import cli

    tasks_dir = tmp_path / "tasks"
    shutil.copytree(suites.TASKS_DIR, tasks_dir, ignore=shutil.ignore_patterns("__pycache__"))
    lock = tasks_dir / "tasks.lock.json"
    monkeypatch.setattr("evals.taskspec.TASKS_DIR", tasks_dir)
    monkeypatch.setattr(cli, "unlocked_tasks", partial(unlocked_tasks, lock))
    monkeypatch.setattr(cli, "update_lock", partial(update_lock, lock))
    spec = tasks_dir / "longley_ols" / "task.yaml"
    version = load_spec("longley_ols").version
    spec.write_text(spec.read_text().replace(f'version: "{version}"', 'version: "99-A"'))
    record = json.loads((tasks_dir / "validation.json").read_text())
    row = {"version": "99-A", "hash": content_hash(tasks_dir / "longley_ols"), "shared": suites.shared_hash()}
    record["longley_ols"] = row | {"sandbox": "local"}  # measured on another sandbox: not enough
    (tasks_dir / "validation.json").write_text(json.dumps(record))
    assert suites.validated_tasks("bwrap") == [
        t for t in suites.validated_tasks("bwrap") if t != "longley_ols"
    ]
    record["longley_ols"] = row | {"sandbox": "bwrap"}
    (tasks_dir / "validation.json").write_text(json.dumps(record))
    assert "longley_ols" in suites.validated_tasks("bwrap")
    monkeypatch.setattr(cli, "_tasks_validate", lambda *args: pytest.fail("validated a recorded task again"))
    assert cli.main(["tasks", "lock"]) == 0
    out = capsys.readouterr().out
    assert "Passed validation on bwrap with these very files (tasks/validation.json): longley_ols" in out
    assert "recorded longley_ols 99-A" in out and unlocked_tasks(lock) == []
