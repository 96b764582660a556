"""Grader for spector_logit: correct significant digits against the published logit estimates."""

import json
from pathlib import Path

from tasks.grading import Grade, grade_digits, read_results


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    reference = json.loads((hidden / "reference.json").read_text())["values"]
    return grade_digits(read_results(outputs / "results.json"), reference)
