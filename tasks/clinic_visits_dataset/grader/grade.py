"""Grader for clinic_visits_dataset: a checker of the saved DatasetDict against the spec and truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six.
"""

import json
from pathlib import Path

from tasks.dataset_grading import checks_grade, groups_disjoint, load_dataset_dict, record_checks
from tasks.grading import Grade

LABELS = ["cold", "covid", "flu"]
DTYPES = {
    "visit_id": "string",
    "patient_id": "string",
    "sex": "string",
    "age": "int64",
    "weight_kg": "float64",
}
TOLERANCES = {"patient_id": None, "sex": None, "age": None, "weight_kg": 0.051}


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    data = load_dataset_dict(outputs / "dataset", ["train", "test"])  # rejects any other splits
    truth = json.loads((hidden / "truth.json").read_text())
    checks = {"splits": True, **record_checks(data, truth, "visit_id", DTYPES, LABELS, TOLERANCES)}
    has_patient = all("patient_id" in split.column_names for split in data.values())
    test_patients = set(data["test"]["patient_id"]) if has_patient else set()
    all_patients = test_patients | (set(data["train"]["patient_id"]) if has_patient else set())
    share = len(test_patients) / max(1, len(all_patients))
    checks["split_by_patient"] = has_patient and groups_disjoint(data, "patient_id") and 0.15 <= share <= 0.25
    return checks_grade(checks, test_patient_share=share)
