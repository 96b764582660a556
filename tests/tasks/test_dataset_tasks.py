"""Dataset tasks: the checker passes the oracle's dataset and catches leaks, duplicates and bad labels."""

import os
import shutil
import subprocess
import sys

import pytest
from datasets import DatasetDict, concatenate_datasets, load_from_disk

from evals.taskload import materialise_instance
from evals.taskspec import load_module, load_spec, task_dir

os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
GROUP = {
    "clinic_visits_dataset": "patient_id",
    "sensor_fault_dataset": "site",
    "survey_responses_dataset": "school",
}


@pytest.fixture(params=sorted(GROUP))
def built(request, tmp_path):
    task_id = request.param
    folder, spec = task_dir(task_id), load_spec(task_id)
    workspace, hidden = materialise_instance(folder, spec, spec.instances[0])
    work = tmp_path / "work"
    shutil.copytree(workspace, work)
    subprocess.run(
        [sys.executable, str(folder / "solution" / "solve.py")], cwd=work, check=True, capture_output=True
    )
    grader = load_module(folder / "grader" / "grade.py", f"dataset_grader_{task_id}")
    return task_id, work, hidden, grader


def _save(work, data: DatasetDict):
    # A dataset cannot overwrite the files it was loaded from: save beside, then swap.
    data.save_to_disk(str(work / "dataset.new"))
    shutil.rmtree(work / "dataset")
    (work / "dataset.new").rename(work / "dataset")


def _checks(grader, work, hidden):
    return grader.grade(work, hidden, 0).details["checks"]


def test_oracle_dataset_passes_every_check(built):
    _, work, hidden, grader = built
    assert all(_checks(grader, work, hidden).values())


def test_a_leaked_group_fails_the_split_check(built):
    """One row of a test group moved to train: that group now sits in two splits."""
    task_id, work, hidden, grader = built
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    groups = data["test"][GROUP[task_id]]
    group = next(g for g in groups if groups.count(g) >= 2)
    first = groups.index(group)
    data["train"] = concatenate_datasets([data["train"], data["test"].select([first])])
    data["test"] = data["test"].select([i for i in range(len(groups)) if i != first])
    _save(work, data)
    checks = _checks(grader, work, hidden)
    assert not checks[next(name for name in checks if name.startswith("split_by"))]
    assert checks["counts"]  # the same rows, only in the wrong split


def test_duplicated_rows_fail_the_count_check(built):
    _, work, hidden, grader = built
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    data["train"] = concatenate_datasets([data["train"], data["train"].select([0])])
    _save(work, data)
    assert not _checks(grader, work, hidden)["counts"]


def test_shifted_labels_fail_the_label_check(built):
    _, work, hidden, grader = built
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    data = data.map(lambda row: {"label": (row["label"] + 1) % 3})
    _save(work, data)
    assert not _checks(grader, work, hidden)["labels"]


def test_every_dataset_task_is_covered_here():
    from evals.taskspec import list_task_ids

    assert {t for t in list_task_ids() if load_spec(t).category == "dataset"} == set(GROUP)
