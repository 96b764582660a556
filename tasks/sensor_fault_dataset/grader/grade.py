"""Grader for sensor_fault_dataset: the saved DatasetDict against the spec and the clean truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six.
"""

import json
from pathlib import Path

from tasks.dataset_grading import checks_grade, groups_disjoint, load_dataset_dict, record_checks
from tasks.grading import Grade

LABELS = ["ok", "overheat", "sensor_error"]
DTYPES = {
    "reading_id": "string",
    "device_id": "string",
    "site": "string",
    "timestamp": "string",
    "temperature_c": "float64",
}
TOLERANCES = {"device_id": None, "site": None, "timestamp": None, "temperature_c": 0.011}


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    data = load_dataset_dict(outputs / "dataset", ["train", "validation", "test"])  # rejects any other splits
    truth = json.loads((hidden / "truth.json").read_text())
    checks = {"splits": True, **record_checks(data, truth, "reading_id", DTYPES, LABELS, TOLERANCES)}
    has_site = all("site" in split.column_names for split in data.values())
    checks["split_by_site"] = has_site and groups_disjoint(data, "site")
    return checks_grade(checks)
