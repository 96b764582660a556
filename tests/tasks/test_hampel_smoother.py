"""hampel_smoother: the grader tells the specified smoother from near misses."""

import json

import numpy as np
import pandas as pd
import pytest

from evals.taskspec import load_module, task_dir

FOLDER = task_dir("hampel_smoother")
grader = load_module(FOLDER / "grader" / "grade.py", "hampel_grader_under_test")
reference = grader.reference


def _in_place_hampel(y):
    """Near miss: windows see values already replaced earlier in the pass."""
    x = np.asarray(y, dtype=float).copy()
    for t in range(len(x)):
        window = x[max(0, t - 5) : t + 6]
        median = np.median(window)
        if abs(x[t] - median) > 3 * 1.4826 * np.median(np.abs(window - median)):
            x[t] = median
    forward, backward = x.copy(), x.copy()
    for t in range(1, len(x)):
        forward[t] = 0.3 * x[t] + 0.7 * forward[t - 1]
    for t in range(len(x) - 2, -1, -1):
        backward[t] = 0.3 * x[t] + 0.7 * backward[t + 1]
    return (forward + backward) / 2


def _forward_only(y):
    """Near miss: a one-sided EWMA after the Hampel step."""
    x = reference.hampel(np.asarray(y, dtype=float))
    out = x.copy()
    for t in range(1, len(x)):
        out[t] = 0.3 * x[t] + 0.7 * out[t - 1]
    return out


@pytest.mark.parametrize(
    "method, passes", [(reference.hgbs, True), (_in_place_hampel, False), (_forward_only, False)]
)
def test_only_the_specified_smoother_passes(tmp_path, method, passes):
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "truth.json").write_text(json.dumps({"rmse": 0.5}))
    grader.make_test_set(hidden, 0, 99, hidden / "test")
    observed = pd.read_csv(hidden / "test" / "inputs" / "series.csv")["observed"].to_numpy()
    pd.DataFrame({"smoothed": method(observed)}).to_csv(tmp_path / "predictions.csv", index=False)
    (tmp_path / "results.json").write_text(json.dumps({"rmse": 0.5}))
    assert (grader.grade(tmp_path, hidden, 0).metric >= 0.99) is passes
