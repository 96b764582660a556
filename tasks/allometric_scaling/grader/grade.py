"""Grader for allometric_scaling: absolute error of the reported scaling exponent."""

import json
from pathlib import Path

from tasks.grading import Grade, read_results, require_number


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    exponent = require_number(read_results(outputs / "results.json").get("exponent"), "exponent")
    error = abs(exponent - truth["exponent"])
    return Grade(metric=error, explanation=f"exponent off by {error:.4f}")
