"""Grader for survey_responses_dataset: the saved DatasetDict against the spec and the clean truth.

Six checks, each pass or fail; the metric is the share passed and success needs all six. A dataset
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

LABELS = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
DTYPES = {"respondent_id": "string", "school": "string", "submitted_at": "string", "comment": "string"}
TOLERANCES = {"school": None, "submitted_at": None, "comment": None}


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    data = load_dataset_dict(outputs / "dataset", ["train", "test"])  # rejects other splits, empty ones
    require_text_columns(data, ["respondent_id", "school"])
    truth = json.loads((hidden / "truth.json").read_text())
    checks = {"splits": True, **record_checks(data, truth, "respondent_id", DTYPES, LABELS, TOLERANCES)}
    checks["split_by_school"] = groups_disjoint(data, "school")
    return checks_grade(checks, missing_ids(data, truth, "respondent_id"), len(truth), "respondents")
