"""Grader for nile_changepoint: the change year must be exact; the two regime means to 4 digits."""

import json
from pathlib import Path

from tasks.grading import Grade, SubmissionError, grade_digits, read_results, require_number

YEAR = "first_year_after_change"


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    reference = json.loads((hidden / "reference.json").read_text())
    results = read_results(outputs / "results.json")
    year = require_number(results.get(YEAR), YEAR)
    if not year.is_integer():
        raise SubmissionError(f"'{YEAR}' must be a whole year, got {year!r}")
    # The format is checked in full before the year decides: a malformed mean is malformed either way.
    for name in reference["values"]:
        require_number(results.get(name), name)
    if year != reference[YEAR]:
        return Grade(
            metric=0.0,
            explanation=f"wrong change point: first year of the new regime reported as {int(year)}",
        )
    means = grade_digits(results, reference["values"])
    return Grade(
        metric=means.metric, explanation=f"change year right; {means.explanation}", details=means.details
    )
