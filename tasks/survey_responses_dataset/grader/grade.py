"""Grader for survey_responses_dataset: the saved DatasetDict against the spec and the clean truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six.
"""

import json
from pathlib import Path

from tasks.dataset_grading import groups_disjoint, load_dataset_dict, rows_by_id, schema_matches
from tasks.grading import Grade

LABELS = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
DTYPES = {"respondent_id": "string", "school": "string", "submitted_at": "string", "comment": "string"}


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    data = load_dataset_dict(outputs / "dataset", ["train", "test"])
    truth = {row["respondent_id"]: row for row in json.loads((hidden / "truth.json").read_text())}
    rows, count = rows_by_id(data, "respondent_id")
    matched = [(rows[key], truth[key]) for key in rows.keys() & truth.keys()]
    names = getattr(data["train"].features.get("label"), "names", LABELS)
    checks = {
        "splits": True,  # load_dataset_dict rejected anything else
        "schema": schema_matches(data, DTYPES, "label", LABELS),
        "counts": count == len(rows) == len(truth) and rows.keys() == truth.keys(),
        "labels": bool(matched)
        and all(isinstance(r.get("label"), int) and names[r["label"]] == t["label"] for r, t in matched),
        "values": bool(matched)
        and all(all(r.get(k) == t[k] for k in ("school", "submitted_at", "comment")) for r, t in matched),
        "split_by_school": all("school" in s.column_names for s in data.values())
        and groups_disjoint(data, "school"),
    }
    failed = [name for name, ok in checks.items() if not ok]
    passed = len(checks) - len(failed)
    return Grade(
        metric=passed / len(checks),
        explanation=f"{passed}/{len(checks)} checks passed"
        + (f"; failed: {', '.join(failed)}" if failed else ""),
        details={"checks": checks},
    )
