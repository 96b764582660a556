"""Grader for clinic_visits_dataset: a checker of the saved DatasetDict against the spec and truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six. The split
check judges patients as people (the truth's patient of each visit), not as the submitted IDs. A dataset
that lacks any expected row (made up, or partial) scores 0, whatever its schema and splits.
"""

import json
from pathlib import Path

from tasks.dataset_grading import (
    checks_grade,
    groups_disjoint,
    load_dataset_dict,
    missing_ids,
    record_checks,
    require_text_columns,
)
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
    data = load_dataset_dict(outputs / "dataset", ["train", "test"])  # rejects other splits, empty ones
    require_text_columns(data, ["visit_id", "patient_id"])
    truth = json.loads((hidden / "truth.json").read_text())
    checks = {"splits": True, **record_checks(data, truth, "visit_id", DTYPES, LABELS, TOLERANCES)}
    # A patient is a person: the split is judged on the true patient of each visit, so a patient
    # whose visits were booked under a merged duplicate ID leaks if the two IDs land apart.
    patient_of = {row["visit_id"]: row["patient_id"] for row in truth}
    people = {
        name: {patient_of[v] for v in split["visit_id"] if v in patient_of} for name, split in data.items()
    }
    share = len(people["test"]) / max(1, len(people["test"] | people["train"]))
    checks["split_by_patient"] = (
        groups_disjoint(data, "patient_id") and not people["test"] & people["train"] and 0.15 <= share <= 0.25
    )
    missing = missing_ids(data, truth, "visit_id")
    return checks_grade(checks, missing, len(truth), "visits", test_patient_share=share)
