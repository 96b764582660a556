"""Grader for sensor_fault_dataset: the saved DatasetDict against the spec and the clean truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six.
"""

import json
from pathlib import Path

from tasks.dataset_grading import groups_disjoint, load_dataset_dict, rows_by_id, schema_matches
from tasks.grading import Grade

LABELS = ["ok", "overheat", "sensor_error"]
SPLITS = ["train", "validation", "test"]
DTYPES = {
    "reading_id": "string",
    "device_id": "string",
    "site": "string",
    "timestamp": "string",
    "temperature_c": "float64",
}


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    data = load_dataset_dict(outputs / "dataset", SPLITS)
    truth = {row["reading_id"]: row for row in json.loads((hidden / "truth.json").read_text())}
    rows, count = rows_by_id(data, "reading_id")
    matched = [(rows[key], truth[key]) for key in rows.keys() & truth.keys()]
    names = getattr(data["train"].features.get("label"), "names", LABELS)
    has_site = all("site" in split.column_names for split in data.values())
    checks = {
        "splits": True,  # load_dataset_dict rejected anything else
        "schema": schema_matches(data, DTYPES, "label", LABELS),
        "counts": count == len(rows) == len(truth) and rows.keys() == truth.keys(),
        "labels": bool(matched)
        and all(isinstance(r.get("label"), int) and names[r["label"]] == t["label"] for r, t in matched),
        "values": bool(matched)
        and all(
            r.get("device_id") == t["device_id"]
            and r.get("site") == t["site"]
            and r.get("timestamp") == t["timestamp"]
            and isinstance(r.get("temperature_c"), float)
            and abs(r["temperature_c"] - t["temperature_c"]) <= 0.011
            for r, t in matched
        ),
        "split_by_site": has_site and groups_disjoint(data, "site"),
    }
    failed = [name for name, ok in checks.items() if not ok]
    passed = len(checks) - len(failed)
    return Grade(
        metric=passed / len(checks),
        explanation=f"{passed}/{len(checks)} checks passed"
        + (f"; failed: {', '.join(failed)}" if failed else ""),
        details={"checks": checks},
    )
