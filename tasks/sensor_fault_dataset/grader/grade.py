"""Grader for sensor_fault_dataset: the saved DatasetDict against the spec and the clean truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six. The split
check judges each reading by the site it was taken at (the truth's), not only the submitted column. A dataset
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
    # Rejects other splits and empty ones.
    data = load_dataset_dict(outputs / "dataset", ["train", "validation", "test"])
    require_text_columns(data, ["reading_id", "site"])
    truth = json.loads((hidden / "truth.json").read_text())
    checks = {"splits": True, **record_checks(data, truth, "reading_id", DTYPES, LABELS, TOLERANCES)}
    # Judged on the site each reading was taken at (the truth's), as well as on the submitted column:
    # a device moved between sites carries readings of two sites.
    site_of = {row["reading_id"]: row["site"] for row in truth}
    sites = [{site_of[r] for r in split["reading_id"] if r in site_of} for split in data.values()]
    checks["split_by_site"] = groups_disjoint(data, "site") and all(
        not a & b for i, a in enumerate(sites) for b in sites[i + 1 :]
    )
    return checks_grade(checks, missing_ids(data, truth, "reading_id"), len(truth), "readings")
