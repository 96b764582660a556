"""Grader for clinic_visits_dataset: a checker of the saved DatasetDict against the spec and truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six.
"""

import json
from pathlib import Path

from tasks.grading import Grade, SubmissionError

LABELS = ["cold", "covid", "flu"]
COLUMNS = ["visit_id", "patient_id", "sex", "age", "weight_kg", "label"]


def _load(path: Path):
    from datasets import DatasetDict, load_from_disk

    try:
        data = load_from_disk(str(path))
    except (FileNotFoundError, ValueError, OSError) as error:
        raise SubmissionError(f"dataset/ is not a dataset saved with save_to_disk: {error}") from error
    if not isinstance(data, DatasetDict):
        raise SubmissionError(f"dataset/ holds a {type(data).__name__}, the spec asks for a DatasetDict")
    return data


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    data = _load(outputs / "dataset")
    truth = {row["visit_id"]: row for row in json.loads((hidden / "truth.json").read_text())}
    checks: dict[str, bool] = {"splits": sorted(data) == ["test", "train"]}
    if not checks["splits"]:
        raise SubmissionError(f"the DatasetDict must have splits train and test, has {sorted(data)}")
    features = data["train"].features
    label_feature = features.get("label")
    checks["schema"] = (
        all(list(data[s].features) == COLUMNS for s in data)
        and getattr(label_feature, "names", None) == LABELS
        and [features[c].dtype for c in ("visit_id", "patient_id", "sex", "age", "weight_kg")]
        == ["string", "string", "string", "int64", "float64"]
    )
    rows = [row for split in ("train", "test") for row in data[split]]
    ids = [row.get("visit_id") for row in rows]
    checks["counts"] = len(ids) == len(set(ids)) == len(truth) and set(ids) == set(truth)
    matched = [(row, truth[row["visit_id"]]) for row in rows if row.get("visit_id") in truth]
    names = getattr(label_feature, "names", LABELS)
    checks["labels"] = bool(matched) and all(
        isinstance(row.get("label"), int) and names[row["label"]] == true["label"] for row, true in matched
    )
    checks["values"] = bool(matched) and all(
        row.get("patient_id") == true["patient_id"]
        and row.get("sex") == true["sex"]
        and row.get("age") == true["age"]
        and isinstance(row.get("weight_kg"), float)
        and abs(row["weight_kg"] - true["weight_kg"]) <= 0.051
        for row, true in matched
    )
    train_patients = {row["patient_id"] for row in data["train"]}
    test_patients = {row["patient_id"] for row in data["test"]}
    share = len(test_patients) / max(1, len(train_patients | test_patients))
    checks["split_by_patient"] = not (train_patients & test_patients) and 0.15 <= share <= 0.25
    passed = sum(checks.values())
    failed = [name for name, ok in checks.items() if not ok]
    return Grade(
        metric=passed / len(checks),
        explanation=f"{passed}/{len(checks)} checks passed"
        + (f"; failed: {', '.join(failed)}" if failed else ""),
        details={"checks": checks, "test_patient_share": share},
    )
