"""Grader for longley_ols: digits of agreement with NIST's certified Longley values.

The metric is NIST's log relative error, LRE = -log10(|x - c| / |c|), the number of correct
significant digits of a reported value x against the certified value c, capped at 10. The task's
metric is the smallest LRE over all 16 values, so one wrong number fails the reproduction.
"""

import json
from pathlib import Path

from tasks.grading import Grade, SubmissionError, log_relative_error, read_results, require_number

LRE_CAP = 10.0


def _flatten(results: dict, certified: dict) -> dict[str, float]:
    """Pick the 16 graded numbers out of a submission, named like 'coefficients.GNP'."""
    values = {}
    for group in ("coefficients", "std_errors"):
        reported = results.get(group)
        if not isinstance(reported, dict):
            raise SubmissionError(f"results.json: '{group}' must be an object keyed by regressor name")
        for name in certified[group]:
            values[f"{group}.{name}"] = require_number(reported.get(name), f"{group}.{name}")
    for name in ("residual_sd", "r_squared"):
        values[name] = require_number(results.get(name), name)
    return values


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    """Grade the results.json the agent wrote against the certified values."""
    certified = json.loads((hidden / "certified.json").read_text())
    reported = _flatten(read_results(outputs / "results.json"), certified)
    wanted = _flatten(certified, certified)
    lre = {key: log_relative_error(reported[key], wanted[key], LRE_CAP) for key in wanted}
    worst = min(lre, key=lre.get)
    return Grade(
        metric=lre[worst],
        explanation=f"min LRE {lre[worst]:.2f} digits over {len(lre)} certified values (worst: {worst})",
        details={"lre": lre},
    )
