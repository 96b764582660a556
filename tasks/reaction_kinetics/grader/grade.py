"""Grader for reaction_kinetics: the reaction order must be right and the rate constant close."""

import json
from pathlib import Path

from tasks.grading import Grade, SubmissionError, read_results, require_number


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    results = read_results(outputs / "results.json")
    order = results.get("order")
    if order not in (0, 1, 2) or isinstance(order, bool):
        raise SubmissionError(f"'order' must be 0, 1 or 2, got {order!r}")
    k = require_number(results.get("rate_constant"), "rate_constant")
    if order != truth["order"]:
        return Grade(metric=1.0, explanation=f"wrong order: reported {order}, true order differs")
    error = abs(k - truth["rate_constant"]) / truth["rate_constant"]
    return Grade(metric=min(error, 1.0), explanation=f"order right; rate constant off by {error:.2%}")
