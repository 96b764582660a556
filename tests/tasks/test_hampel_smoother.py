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
    generate = load_module(FOLDER / "generate.py", "hampel_generate_under_test")
    workspace, hidden = tmp_path / "w", tmp_path / "hidden"
    workspace.mkdir()
    hidden.mkdir()
    generate.build(0, workspace, hidden)
    grader.make_test_set(hidden, 0, 99, hidden / "test")
    fresh = pd.read_csv(hidden / "test" / "inputs" / "series.csv")["observed"].to_numpy()
    series = pd.read_csv(workspace / "series.csv")
    own = method(series["observed"].to_numpy())
    pd.DataFrame({"smoothed": method(fresh)}).to_csv(tmp_path / "predictions.csv", index=False)
    pd.DataFrame({"smoothed": own}).to_csv(tmp_path / "own_predictions.csv", index=False)
    rmse = float(np.sqrt(np.mean((own - series["signal"].to_numpy()) ** 2)))
    (tmp_path / "results.json").write_text(json.dumps({"rmse": rmse}))
    grade = grader.grade(tmp_path, hidden, 0)
    assert grade.details["report_ok"] and (grade.metric >= 0.99) is passes
