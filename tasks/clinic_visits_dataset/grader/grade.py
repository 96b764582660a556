"""Grader for clinic_visits_dataset: a checker of the saved DatasetDict against the spec and truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six.
"""

import json
from pathlib import Path

from tasks.dataset_grading import groups_disjoint, load_dataset_dict, rows_by_id, schema_matches
from tasks.grading import Grade

LABELS = ["cold", "covid", "flu"]
DTYPES = {
    "visit_id": "string",
    "patient_id": "string",
    "sex": "string",
    "age": "int64",
    "weight_kg": "float64",
}


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    data = load_dataset_dict(outputs / "dataset", ["train", "test"])
    truth = {row["visit_id"]: row for row in json.loads((hidden / "truth.json").read_text())}
    rows, count = rows_by_id(data, "visit_id")
    matched = [(rows[key], truth[key]) for key in rows.keys() & truth.keys()]
    names = getattr(data["train"].features.get("label"), "names", LABELS)
    test_patients = set(data["test"]["patient_id"]) if "patient_id" in data["test"].column_names else set()
    all_patients = {row.get("patient_id") for row in rows.values()}
    share = len(test_patients) / max(1, len(all_patients))
    checks = {
        "splits": True,  # load_dataset_dict rejected anything else
        "schema": schema_matches(data, DTYPES, "label", LABELS),
        "counts": count == len(rows) == len(truth) and rows.keys() == truth.keys(),
        "labels": bool(matched)
        and all(isinstance(r.get("label"), int) and names[r["label"]] == t["label"] for r, t in matched),
        "values": bool(matched)
        and all(
            r.get("patient_id") == t["patient_id"]
            and r.get("sex") == t["sex"]
            and r.get("age") == t["age"]
            and isinstance(r.get("weight_kg"), float)
            and abs(r["weight_kg"] - t["weight_kg"]) <= 0.051
            for r, t in matched
        ),
        "split_by_patient": "patient_id" in data["test"].column_names
        and groups_disjoint(data, "patient_id")
        and 0.15 <= share <= 0.25,
    }
    failed = [name for name, ok in checks.items() if not ok]
    passed = len(checks) - len(failed)
    return Grade(
        metric=passed / len(checks),
        explanation=f"{passed}/{len(checks)} checks passed"
        + (f"; failed: {', '.join(failed)}" if failed else ""),
        details={"checks": checks, "test_patient_share": share},
    )
