"""mnr_outliers: the grader tells the specified method from near misses and catches a wrong report."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from evals.taskspec import load_module, task_dir

FOLDER = task_dir("mnr_outliers")
grader = load_module(FOLDER / "grader" / "grade.py", "mnr_grader_under_test")
reference = grader.reference


def _zscore_variant(x):
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    d = np.sqrt(((z[:, None] - z[None]) ** 2).sum(axis=2))
    np.fill_diagonal(d, np.inf)
    nb = np.argsort(d, axis=1, kind="stable")[:, :7]
    r = np.median(np.take_along_axis(d, nb, axis=1), axis=1)
    return r / np.median(r[nb], axis=1)


def _mean_variant(x):
    z = reference.robust_standardise(x)
    d = np.sqrt(((z[:, None] - z[None]) ** 2).sum(axis=2))
    np.fill_diagonal(d, np.inf)
    nb = np.argsort(d, axis=1, kind="stable")[:, :7]
    r = np.take_along_axis(d, nb, axis=1).mean(axis=1)
    return r / r[nb].mean(axis=1)


@pytest.fixture
def scored(tmp_path):
    generate = load_module(FOLDER / "generate.py", "mnr_generate_under_test")
    workspace, hidden = tmp_path / "w", tmp_path / "h"
    workspace.mkdir()
    hidden.mkdir()
    generate.build(0, workspace, hidden)
    grader.make_test_set(hidden, 0, 123, hidden / "test")
    points = pd.read_csv(hidden / "test" / "inputs" / "points.csv").to_numpy()
    auc = json.loads((hidden / "truth.json").read_text())["auc"]

    def grade(method, reported_auc=auc):
        outputs = tmp_path / "outputs"
        shutil.rmtree(outputs, ignore_errors=True)
        outputs.mkdir()
        pd.DataFrame({"score": method(points)}).to_csv(outputs / "predictions.csv", index=False)
        (outputs / "results.json").write_text(json.dumps({"auc": reported_auc}))
        return grader.grade(outputs, hidden, 0)

    return grade


def test_the_specified_method_matches(scored):
    assert scored(reference.mnr_scores).metric == 1.0


@pytest.mark.parametrize("variant", [_zscore_variant, _mean_variant])
def test_near_misses_fail(scored, variant):
    assert scored(variant).metric < 0.5


def test_a_report_that_is_not_the_methods_is_halved(scored):
    grade = scored(reference.mnr_scores, reported_auc=0.99)
    assert grade.metric == 0.5 and "does not match" in grade.explanation
