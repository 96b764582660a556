"""Grader for predator_prey: the largest relative error over the four Lotka-Volterra parameters."""

import json
import math
from pathlib import Path

from tasks.grading import Grade, SubmissionError

PARAMETERS = ("alpha", "beta", "gamma", "delta")


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    try:
        results = json.loads((outputs / "results.json").read_text())
    except json.JSONDecodeError as error:
        raise SubmissionError(f"results.json is not valid JSON: {error}") from error
    if not isinstance(results, dict):
        raise SubmissionError("results.json must hold a JSON object")
    errors = {}
    for name in PARAMETERS:
        value = results.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SubmissionError(f"'{name}' must be a finite number, got {value!r}")
        errors[name] = abs(value - truth[name]) / truth[name]
    worst = max(errors, key=errors.get)
    return Grade(
        metric=min(errors[worst], 1.0),
        explanation=f"largest relative error {errors[worst]:.2%} ({worst})",
        details={"relative_errors": errors},
    )
