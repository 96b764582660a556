"""Grader for predator_prey: the largest relative error over the four Lotka-Volterra parameters."""

import json
from pathlib import Path

from tasks.grading import Grade, read_results, require_number

PARAMETERS = ("alpha", "beta", "gamma", "delta")


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    results = read_results(outputs / "results.json")
    errors = {
        name: abs(require_number(results.get(name), name) - truth[name]) / truth[name] for name in PARAMETERS
    }
    worst = max(errors, key=errors.get)
    return Grade(
        metric=min(errors[worst], 1.0),
        explanation=f"largest relative error {errors[worst]:.2%} ({worst})",
        details={"relative_errors": errors},
    )
