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
    fresh = pd.read_csv(hidden / "test" / "inputs" / "points.csv").to_numpy()
    sample = pd.read_csv(workspace / "points.csv")
    own_points, labels = sample[[f"x{i}" for i in range(1, 6)]].to_numpy(), sample["is_outlier"].to_numpy()

    def grade(method, reported_auc=None):
        outputs = tmp_path / "outputs"
        shutil.rmtree(outputs, ignore_errors=True)
        outputs.mkdir()
        own = method(own_points)
        pd.DataFrame({"score": method(fresh)}).to_csv(outputs / "predictions.csv", index=False)
        pd.DataFrame({"score": own}).to_csv(outputs / "own_predictions.csv", index=False)
        auc = reference.roc_auc(labels, own) if reported_auc is None else reported_auc
        (outputs / "results.json").write_text(json.dumps({"auc": auc}))
        return grader.grade(outputs, hidden, 0)

    return grade


def test_the_specified_method_matches(scored):
    grade = scored(reference.mnr_scores)
    assert grade.metric == 1.0 and grade.details["report_ok"]


@pytest.mark.parametrize("variant", [_zscore_variant, _mean_variant])
def test_near_misses_fail_even_when_their_report_is_honest(scored, variant):
    grade = scored(variant)
    assert grade.metric < 0.5 and grade.details["report_ok"]


def test_a_report_that_is_not_what_the_code_produces_is_halved(scored):
    grade = scored(reference.mnr_scores, reported_auc=0.99)
    assert grade.metric == 0.5 and "does not match what the submitted code produces" in grade.explanation


def test_through_the_scorer_a_made_up_number_is_caught(tmp_path):
    """Correct code, invented AUC: the scorer runs the code on the workspace sample and halves the score."""
    from evals.taskload import build_task
    from tests.conftest import run_scripted, sample_score, writes_files_then_submits

    files = {"mnr.py": (FOLDER / "solution" / "mnr.py").read_text(), "results.json": '{"auc": 0.999}'}
    log = run_scripted(build_task("mnr_outliers", seeds=[0]), writes_files_then_submits(files), tmp_path)
    score = sample_score(log)
    assert score.value["score"] == 0.5 and score.metadata["report_ok"] is False
    assert score.metadata["matched"] == 1.0
