"""Dataset tasks: the checker passes the oracle's dataset and catches leaks, duplicates and bad labels."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from datasets import DatasetDict, Value, concatenate_datasets, load_from_disk

from evals.taskload import materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError

os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
GROUP = {
    "clinic_visits_dataset": "patient_id",
    "sensor_fault_dataset": "site",
    "survey_responses_dataset": "school",
}


def _build(task_id, tmp_path):
    folder, spec = task_dir(task_id), load_spec(task_id)
    workspace, hidden = materialise_instance(folder, spec, spec.instances[0])
    work = tmp_path / "work"
    shutil.copytree(workspace, work)
    subprocess.run(
        [sys.executable, str(folder / "solution" / "solve.py")], cwd=work, check=True, capture_output=True
    )
    grader = load_module(folder / "grader" / "grade.py", f"dataset_grader_{task_id}")
    return task_id, work, hidden, grader


@pytest.fixture(params=sorted(GROUP))
def built(request, tmp_path):
    return _build(request.param, tmp_path)


# Tasks whose groups can hide under a second name (a merged patient's duplicate ID, a moved device's
# second site); a school has one name, so survey_responses_dataset judges the submitted column.
@pytest.fixture(params=["clinic_visits_dataset", "sensor_fault_dataset"])
def built_with_aliases(request, tmp_path):
    return _build(request.param, tmp_path)


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


def test_a_group_leaked_under_another_name_fails_the_split_check(built_with_aliases):
    """clinic and sensor judge the split on the truth's groups (a merged patient's duplicate ID, a
    moved device's second site): one test row renamed to a new group and moved to train still leaks."""
    task_id, work, hidden, grader = built_with_aliases
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    groups = data["test"][GROUP[task_id]]
    first = groups.index(next(g for g in groups if groups.count(g) >= 2))  # its group stays in test
    renamed = data["test"].select([first]).map(lambda row: {GROUP[task_id]: "X9999"})
    data["train"] = concatenate_datasets([data["train"], renamed])
    data["test"] = data["test"].select([i for i in range(len(groups)) if i != first])
    _save(work, data)
    checks = _checks(grader, work, hidden)
    assert not checks[next(name for name in checks if name.startswith("split_by"))]


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


ID = {
    "clinic_visits_dataset": "visit_id",
    "sensor_fault_dataset": "reading_id",
    "survey_responses_dataset": "respondent_id",
}


def test_one_made_up_row_per_split_scores_zero(built):
    """The right schema and splits with one invented row each passes half the checks: the
    completeness gate makes it 0 (it scored 0.50 before the gate)."""
    task_id, work, hidden, grader = built
    shutil.rmtree(work / "dataset")
    script = task_dir(task_id) / "trivial" / "made_up_rows.py"
    subprocess.run([sys.executable, str(script)], cwd=work, check=True, capture_output=True)
    grade = grader.grade(work, hidden, 0)
    assert grade.details["checks"]["schema"] and grade.details["checks"]["splits"]  # passed, yet...
    assert grade.metric == 0.0
    assert grade.explanation.startswith("incomplete dataset")


def test_a_dataset_missing_one_row_scores_zero(built):
    task_id, work, hidden, grader = built
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    dropped = data["train"][0][ID[task_id]]
    data["train"] = data["train"].select(range(1, len(data["train"])))
    _save(work, data)
    grade = grader.grade(work, hidden, 0)
    expected = len(json.loads((hidden / "truth.json").read_text()))
    assert grade.metric == 0.0
    assert f"1 of {expected} expected" in grade.explanation and dropped in grade.explanation


def test_an_empty_split_is_a_submission_error_not_a_crash(built):
    """datasets cannot even load a split saved with no rows (IndexError): a 0 with the reason."""
    _, work, hidden, grader = built
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    data["test"] = data["test"].select([])
    _save(work, data)
    with pytest.raises(SubmissionError, match="no rows"):
        grader.grade(work, hidden, 0)


def test_an_id_column_of_numbers_is_a_submission_error(built):
    task_id, work, hidden, grader = built
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    data = data.map(lambda row, i: {ID[task_id]: i}, with_indices=True)
    _save(work, data)
    with pytest.raises(SubmissionError, match=f"'{ID[task_id]}' as a string column"):
        grader.grade(work, hidden, 0)


def test_labels_out_of_range_fail_the_label_check_without_a_crash(built):
    _, work, hidden, grader = built
    data = DatasetDict(load_from_disk(str(work / "dataset")))
    data = data.cast_column("label", Value("int64")).map(lambda row: {"label": 99})
    _save(work, data)
    grade = grader.grade(work, hidden, 0)
    assert not grade.details["checks"]["labels"] and not grade.details["checks"]["schema"]


@pytest.mark.parametrize(
    "files",
    [
        {"dataset_dict.json": "{}"},
        {"dataset_dict.json": "[1]"},
        {
            "dataset_dict.json": '{"splits": ["train", "test"]}',
            "train/state.json": "{}",
            "test/state.json": "{}",
        },
    ],
    ids=["no splits listed", "not an object", "split metadata without data files"],
)
def test_a_damaged_dataset_folder_is_a_submission_error(tmp_path, files):
    """datasets reads its own metadata unchecked (KeyError, TypeError): still a 0 with the reason."""
    from tasks.dataset_grading import load_dataset_dict

    for name, text in files.items():
        (tmp_path / "dataset" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "dataset" / name).write_text(text)
    with pytest.raises(SubmissionError, match="not a dataset saved with save_to_disk"):
        load_dataset_dict(tmp_path / "dataset", ["train", "test"])


# Datasets published in the Hub layout (Parquet shards and a card), not save_to_disk folders: their own
# test files cover the same ground (tests/tasks/test_<id>.py).
HUB_LAYOUT = {"water_quality_dataset"}


def test_every_dataset_task_is_covered_here():
    from evals.taskspec import list_task_ids

    assert {t for t in list_task_ids() if load_spec(t).category == "dataset"} == set(GROUP) | HUB_LAYOUT
