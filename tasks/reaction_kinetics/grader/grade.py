"""Grader for reaction_kinetics: the reaction order must be right and the rate constant close."""

import json
import math
from pathlib import Path

from tasks.grading import Grade, SubmissionError


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    try:
        results = json.loads((outputs / "results.json").read_text())
    except json.JSONDecodeError as error:
        raise SubmissionError(f"results.json is not valid JSON: {error}") from error
    if not isinstance(results, dict):
        raise SubmissionError("results.json must hold a JSON object")
    order, k = results.get("order"), results.get("rate_constant")
    if order not in (0, 1, 2) or isinstance(order, bool):
        raise SubmissionError(f"'order' must be 0, 1 or 2, got {order!r}")
    if isinstance(k, bool) or not isinstance(k, (int, float)) or not math.isfinite(k) or k <= 0:
        raise SubmissionError(f"'rate_constant' must be a positive number, got {k!r}")
    if order != truth["order"]:
        return Grade(metric=1.0, explanation=f"wrong order: reported {order}, true order differs")
    error = abs(k - truth["rate_constant"]) / truth["rate_constant"]
    return Grade(metric=min(error, 1.0), explanation=f"order right; rate constant off by {error:.2%}")
