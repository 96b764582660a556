"""longley_ols: the certified values are right, the grader rewards digits and rejects bad input."""

import csv
import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from evals.taskspec import load_module, task_dir
from tasks.grading import SubmissionError

FOLDER = task_dir("longley_ols")
NAMES = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
grader = load_module(FOLDER / "grader" / "grade.py", "longley_grader_under_test")
CERTIFIED = json.loads((FOLDER / "grader" / "certified.json").read_text())


def _exact_ols():
    """OLS on the shipped CSV in exact rational arithmetic: the ground truth for the certified values."""
    rows = list(csv.DictReader((FOLDER / "workspace" / "longley.csv").open()))
    X = [[Fraction(1)] + [Fraction(r[c]) for c in NAMES] for r in rows]
    y = [Fraction(r["TOTEMP"]) for r in rows]
    n, p = len(X), len(X[0])
    augmented = [
        [sum(X[k][i] * X[k][j] for k in range(n)) for j in range(p)]
        + [Fraction(int(i == j)) for j in range(p)]
        for i in range(p)
    ]
    for c in range(p):  # Gauss-Jordan: exact, so the normal equations lose nothing here
        pivot = augmented[c][c]
        augmented[c] = [v / pivot for v in augmented[c]]
        for r in range(p):
            if r != c:
                factor = augmented[r][c]
                augmented[r] = [a - factor * b for a, b in zip(augmented[r], augmented[c])]
    inverse = [row[p:] for row in augmented]
    xty = [sum(X[k][i] * y[k] for k in range(n)) for i in range(p)]
    beta = [sum(inverse[i][j] * xty[j] for j in range(p)) for i in range(p)]
    residuals = [y[k] - sum(X[k][i] * beta[i] for i in range(p)) for k in range(n)]
    rss = sum(e * e for e in residuals)
    mean = sum(y) / n
    return beta, inverse, rss / (n - p), 1 - rss / sum((v - mean) ** 2 for v in y)


def _write(tmp_path: Path, results) -> Path:
    if isinstance(results, bytes):
        (tmp_path / "results.json").write_bytes(results)
    else:
        (tmp_path / "results.json").write_text(results if isinstance(results, str) else json.dumps(results))
    return tmp_path


def test_certified_values_match_exact_arithmetic_to_14_digits():
    beta, inverse, sigma2, r_squared = _exact_ols()
    for i, name in enumerate(["const"] + NAMES):
        assert float(beta[i]) == pytest.approx(CERTIFIED["coefficients"][name], rel=1e-14)
        assert math.sqrt(float(sigma2 * inverse[i][i])) == pytest.approx(
            CERTIFIED["std_errors"][name], rel=1e-14
        )
    assert math.sqrt(float(sigma2)) == pytest.approx(CERTIFIED["residual_sd"], rel=1e-14)
    assert float(r_squared) == pytest.approx(CERTIFIED["r_squared"], rel=1e-14)


def test_exact_values_get_full_marks(tmp_path):
    grade = grader.grade(_write(tmp_path, CERTIFIED), FOLDER / "grader", 0)
    assert grade.metric == grader.LRE_CAP


def test_float32_normal_equations_fail(tmp_path):
    """The numerically naive route Longley warned about gives no correct digits on the intercept."""
    data = np.genfromtxt(FOLDER / "workspace" / "longley.csv", delimiter=",", names=True)
    X = np.column_stack([np.ones(len(data))] + [data[c] for c in NAMES]).astype(np.float32)
    beta = np.linalg.solve(X.T @ X, X.T @ data["TOTEMP"].astype(np.float32))
    results = {**CERTIFIED, "coefficients": dict(zip(["const"] + NAMES, map(float, beta)))}
    grade = grader.grade(_write(tmp_path, results), FOLDER / "grader", 0)
    assert grade.metric < 1


def test_five_digits_are_not_enough(tmp_path):
    results = json.loads(json.dumps(CERTIFIED))
    results["coefficients"]["YEAR"] *= 1 + 2e-5
    grade = grader.grade(_write(tmp_path, results), FOLDER / "grader", 0)
    assert 4 < grade.metric < 6 and "coefficients.YEAR" in grade.explanation


@pytest.mark.parametrize(
    "results, reason",
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "JSON object"),
        ({"coefficients": [1]}, "'coefficients'"),
        ({**CERTIFIED, "r_squared": "0.99"}, "'r_squared'"),
        ({**CERTIFIED, "residual_sd": float("nan")}, "'residual_sd'"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_malformed_submissions_raise_a_reason(tmp_path, results, reason):
    with pytest.raises(SubmissionError, match=reason):
        grader.grade(_write(tmp_path, results), FOLDER / "grader", 0)
