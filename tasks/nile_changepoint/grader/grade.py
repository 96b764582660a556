"""Grader for nile_changepoint: the change year must be exact; the two regime means to 4 digits."""

import json
from pathlib import Path

from tasks.grading import Grade, grade_digits, read_results


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    reference = json.loads((hidden / "reference.json").read_text())
    results = read_results(outputs / "results.json")
    year = results.get("first_year_after_change")
    if year != reference["first_year_after_change"] or isinstance(year, bool):
        return Grade(
            metric=0.0, explanation=f"wrong change point: first year of the new regime reported as {year!r}"
        )
    means = grade_digits(results, reference["values"])
    return Grade(
        metric=means.metric, explanation=f"change year right; {means.explanation}", details=means.details
    )
