"""hampel_smoother: the grader tells the specified smoother from near misses, one missed detail each."""

import json

import numpy as np
import pandas as pd
import pytest

from evals.taskspec import load_module, task_dir

FOLDER = task_dir("hampel_smoother")
grader = load_module(FOLDER / "grader" / "grade.py", "hampel_grader_under_test")
reference = grader.reference


def _variant(y, edges="shifted", flat="keep", start="median", gaps="median", in_place=False, backward=True):
    """HGBS with one detail changed: `edges` 'clipped' (windows cut at the ends), `flat` 'replace'
    (S_t = 0 replaces every differing reading), `start` 'first' (passes start at x_1 and x_n),
    `gaps` 'interpolate' (missing readings filled linearly first), `in_place` (windows see values
    already replaced), `backward` False (forward pass only)."""
    y = np.asarray(y, dtype=float)
    if gaps == "interpolate":
        y = pd.Series(y).interpolate(limit_direction="both").to_numpy()
    n, x = len(y), y.copy()
    for t in range(n):
        seen = x if in_place else y
        first = min(max(0, t - 5), n - 11) if edges == "shifted" else max(0, t - 5)
        window = seen[first : first + 11] if edges == "shifted" else seen[first : t + 6]
        window = window[~np.isnan(window)]
        median = np.median(window)
        scale = 1.4826 * np.median(np.abs(window - median))
        if np.isnan(y[t]) or ((scale > 0 or flat == "replace") and abs(y[t] - median) > 3 * scale):
            x[t] = median
    forward, backward_pass = np.empty_like(x), np.empty_like(x)
    forward[0], backward_pass[-1] = (
        (np.median(x[:6]), np.median(x[-6:])) if start == "median" else (x[0], x[-1])
    )
    for t in range(1, n):
        forward[t] = 0.3 * x[t] + 0.7 * forward[t - 1]
    for t in range(n - 2, -1, -1):
        backward_pass[t] = 0.3 * x[t] + 0.7 * backward_pass[t + 1]
    return (forward + backward_pass) / 2 if backward else forward


def _textbook(y):
    """The naive attempt's smoother: pandas' centred rolling Hampel (ends and windows with a gap left
    as they are), then pandas' EWMA both ways."""
    s = pd.Series(y, dtype=float)
    rolling = s.rolling(11, center=True)
    median = rolling.median()
    mad = rolling.apply(lambda w: np.median(np.abs(w - np.median(w))), raw=True)
    x = s.where(~((s - median).abs() > 3 * 1.4826 * mad), median)
    forward = x.ewm(alpha=0.3, adjust=False).mean()
    return ((forward + x[::-1].ewm(alpha=0.3, adjust=False).mean()[::-1]) / 2).to_numpy()


NEAR_MISSES = {
    "clipped windows": dict(edges="clipped"),
    "flat windows replace": dict(flat="replace"),
    "passes start at the end values": dict(start="first"),
    "gaps interpolated": dict(gaps="interpolate"),
    "in-place Hampel": dict(in_place=True),
    "forward pass only": dict(backward=False),
}


@pytest.fixture
def graded(tmp_path):
    generate = load_module(FOLDER / "generate.py", "hampel_generate_under_test")
    workspace, hidden = tmp_path / "w", tmp_path / "hidden"
    workspace.mkdir()
    hidden.mkdir()
    generate.build(0, workspace, hidden)
    grader.make_test_set(hidden, 0, 99, hidden / "test")
    fresh = pd.read_csv(hidden / "test" / "inputs" / "series.csv")["observed"].to_numpy()
    series = pd.read_csv(workspace / "series.csv")

    def grade(method):
        own = method(series["observed"].to_numpy())
        pd.DataFrame({"smoothed": method(fresh)}).to_csv(tmp_path / "predictions.csv", index=False)
        pd.DataFrame({"smoothed": own}).to_csv(tmp_path / "own_predictions.csv", index=False)
        rmse = float(np.sqrt(np.mean((own - series["signal"].to_numpy()) ** 2)))
        (tmp_path / "results.json").write_text(json.dumps({"rmse": rmse}))
        return grader.grade(tmp_path, hidden, 0)

    return grade


def test_the_specification_passes_and_an_independent_reading_of_it_agrees(graded):
    assert graded(reference.hgbs).metric == 1.0
    assert graded(_variant).metric == 1.0


@pytest.mark.parametrize("detail", NEAR_MISSES)
def test_missing_one_detail_fails(graded, detail):
    grade = graded(lambda y: _variant(y, **NEAR_MISSES[detail]))
    assert grade.details["report_ok"] and grade.metric < 0.99


def test_the_textbook_hampel_filter_scores_at_most_half(graded):
    grade = graded(_textbook)
    assert grade.details["report_ok"] and grade.metric <= 0.5


def test_fresh_series_exercise_every_detail():
    """Every fresh series has gaps and flat (saturated) windows around differing readings, so those
    two details count on every draw, not by luck (the ends count on about nine draws in ten)."""
    generate = load_module(FOLDER / "generate.py", "hampel_generate_details")
    for draw in range(20):
        y = generate.series(np.random.default_rng([0, draw, 5757]), 500)["observed"].to_numpy()
        assert np.isnan(y).sum() >= 5
        assert not np.allclose(_variant(y, flat="replace"), reference.hgbs(y))
