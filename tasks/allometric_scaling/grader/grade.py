"""Grader for allometric_scaling: absolute error of the reported scaling exponent."""

import json
from pathlib import Path

from tasks.grading import Grade, read_results, require_number


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    results = read_results(outputs / "results.json")
    exponent = require_number(results.get("exponent"), "exponent")
    # Asked for and checked as a number, not graded: a is hard to pin down and the exponent is the finding.
    require_number(results.get("coefficient"), "coefficient")
    error = abs(exponent - truth["exponent"])
    return Grade(metric=error, explanation=f"exponent off by {error:.4f}")
