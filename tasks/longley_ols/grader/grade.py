"""Grader for longley_ols: digits of agreement with NIST's certified Longley values.

The metric is NIST's log relative error, LRE = -log10(|x - c| / |c|), the number of correct
significant digits of a reported value x against the certified value c, capped at 10. The task's
metric is the smallest LRE over all 16 values, so one wrong number fails the reproduction.
"""

import json
import math
from pathlib import Path

from tasks.grading import Grade, SubmissionError

LRE_CAP = 10.0


def log_relative_error(value: float, certified: float) -> float:
    """Correct significant digits of `value` against `certified`, in [0, LRE_CAP]."""
    if value == certified:
        return LRE_CAP
    lre = -math.log10(abs(value - certified) / abs(certified))
    return max(0.0, min(LRE_CAP, lre))


def _flatten(results: dict, certified: dict) -> dict[str, float]:
    """Pick the 16 graded numbers out of a submission, named like 'coefficients.GNP'."""
    values = {}
    for group in ("coefficients", "std_errors"):
        reported = results.get(group)
        if not isinstance(reported, dict):
            raise SubmissionError(f"results.json: '{group}' must be an object keyed by regressor name")
        for name in certified[group]:
            values[f"{group}.{name}"] = reported.get(name)
    for name in ("residual_sd", "r_squared"):
        values[name] = results.get(name)
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SubmissionError(f"results.json: '{key}' must be a finite number, got {value!r}")
    return values


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    """Grade the results.json the agent wrote against the certified values."""
    certified = json.loads((hidden / "certified.json").read_text())
    try:
        results = json.loads((outputs / "results.json").read_text())
    except json.JSONDecodeError as error:
        raise SubmissionError(f"results.json is not valid JSON: {error}") from error
    if not isinstance(results, dict):
        raise SubmissionError("results.json must hold a JSON object")
    reported = _flatten(results, certified)
    wanted = _flatten(certified, certified)
    lre = {key: log_relative_error(reported[key], wanted[key]) for key in wanted}
    worst = min(lre, key=lre.get)
    return Grade(
        metric=lre[worst],
        explanation=f"min LRE {lre[worst]:.2f} digits over {len(lre)} certified values (worst: {worst})",
        details={"lre": lre},
    )
