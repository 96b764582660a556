"""Grader for scaling_law_forecast: the interval score of the forecast of each hidden run's loss.

For each target the central 80% interval [lower, upper] is scored with the interval (Winkler) score
of Gneiting and Raftery (2007) on the log of the loss: ln(upper / lower) plus 2 / 0.2 = 10 times the
log-distance by which it misses the true loss. Quantiles carry over through the log, so the score
stays proper; on the log scale a 5% error costs the same at a loss of 0.1 as at 2. The metric is its
mean over the three targets. A point forecast at the largest workspace run's loss scores 10 times the
log of the improvement (1.5 or more on 400 seeds); the safe interval from a pure power law's forecast
up to that loss scores 0.59 or more (the baseline is 0.6; README).
"""

import json
import math
from pathlib import Path

from tasks.grading import Grade, SubmissionError, read_results, require_number

MISS_RATE = 0.2  # a central 80% interval
FIELDS = ("prediction", "lower", "upper")


def target_key(target: dict) -> str:
    """The key of a target in forecast.json, e.g. 'width_2048'."""
    return f"width_{target['width']}"


def interval_score(lower: float, upper: float, truth: float) -> float:
    """Winkler's interval score for a central (1 - MISS_RATE) interval, on log losses: lower is better."""
    low, high, true = math.log(lower), math.log(upper), math.log(truth)
    penalty = 2 / MISS_RATE
    return high - low + penalty * max(0.0, low - true) + penalty * max(0.0, true - high)


def read_forecast(entry: object, key: str) -> dict[str, float]:
    """One target's prediction, lower and upper, checked; SubmissionError saying what to fix."""
    if not isinstance(entry, dict):
        raise SubmissionError(f"'{key}' must be an object with {list(FIELDS)}, got {entry!r}")
    values = {name: require_number(entry.get(name), f"{key}.{name}") for name in FIELDS}
    if not 0 < values["lower"] <= values["prediction"] <= values["upper"]:
        raise SubmissionError(
            f"'{key}' needs 0 < lower <= prediction <= upper (losses are positive), got {values}"
        )
    return values


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    forecast = read_results(outputs / "forecast.json")
    keys = [target_key(target) for target in truth["targets"]]
    missing = [key for key in keys if key not in forecast]
    if missing:
        raise SubmissionError(f"forecast.json lacks {missing}; it needs one entry for each of {keys}")
    details = {}
    for key, target in zip(keys, truth["targets"]):
        values = read_forecast(forecast[key], key)
        score = interval_score(values["lower"], values["upper"], target["loss"])
        details[key] = {
            **values,
            "true_loss": target["loss"],
            "covered": values["lower"] <= target["loss"] <= values["upper"],
            "log_interval_score": score,
        }
    metric = sum(d["log_interval_score"] for d in details.values()) / len(details)
    covered = sum(d["covered"] for d in details.values())
    return Grade(
        metric=metric,
        explanation=f"mean interval score {metric:.3f} on log losses; {covered} of {len(details)} true "
        "losses inside the 80% intervals",
        details=details,
    )
