"""Grader for allometric_scaling: absolute error of the reported scaling exponent."""

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
    exponent = results.get("exponent") if isinstance(results, dict) else None
    if isinstance(exponent, bool) or not isinstance(exponent, (int, float)) or not math.isfinite(exponent):
        raise SubmissionError(f"results.json needs a numeric 'exponent', got {exponent!r}")
    error = abs(exponent - truth["exponent"])
    return Grade(metric=error, explanation=f"exponent off by {error:.4f}")
