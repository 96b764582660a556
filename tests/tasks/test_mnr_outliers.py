"""mnr_outliers: the grader tells the specified method from near misses and catches a wrong report."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics.pairwise import nan_euclidean_distances

from evals.taskspec import load_module, task_dir

FOLDER = task_dir("mnr_outliers")
grader = load_module(FOLDER / "grader" / "grade.py", "mnr_grader_under_test")
reference = grader.reference


def _scores(z, rescale=True):
    """Steps 2-5 on standardised data, distances from scikit-learn (nan_euclidean_distances is the
    note's step 2); rescale=False: plain distance over the shared features."""
    if rescale:
        d = nan_euclidean_distances(z)
    else:
        present = ~np.isnan(z)
        filled = np.where(present, z, 0.0)
        both = present[:, None] & present[None]
        d = np.sqrt(np.where(both, (filled[:, None] - filled[None]) ** 2, 0.0).sum(axis=2))
    np.fill_diagonal(d, np.inf)
    nb = np.argsort(d, axis=1, kind="stable")[:, :7]
    r = np.median(np.take_along_axis(d, nb, axis=1), axis=1)
    return r / np.median(r[nb], axis=1)


def _standardise(x, mad_scale=1.4826, zero_scale="mean_ad", mean_ad_scale=1.2533):
    """Step 1 with one detail changeable: zero_scale 'one' (use 1 where the MAD is 0, as the
    library scalers do) and the two constants."""
    median = np.nanmedian(x, axis=0)
    scale = mad_scale * np.nanmedian(np.abs(x - median), axis=0)
    fallback = mean_ad_scale * np.nanmean(np.abs(x - median), axis=0) if zero_scale == "mean_ad" else 1.0
    return (x - median) / np.where(scale == 0, fallback, scale)


def _zscore_variant(x):
    return _scores((x - np.nanmean(x, axis=0)) / np.nanstd(x, axis=0))


def _mean_variant(x):
    d = reference.distances(reference.robust_standardise(x))
    np.fill_diagonal(d, np.inf)
    nb = np.argsort(d, axis=1, kind="stable")[:, :7]
    r = np.take_along_axis(d, nb, axis=1).mean(axis=1)
    return r / r[nb].mean(axis=1)


def _textbook_variant(x):
    """The naive attempt: median-imputed gaps, zero MAD -> 1, KD-tree neighbours (k + 1, first dropped)."""
    from scipy.spatial import cKDTree

    filled = np.where(np.isnan(x), np.nanmedian(x, axis=0), x)
    z = _standardise(filled, zero_scale="one")
    d, nb = cKDTree(z).query(z, k=8)
    r = np.median(d[:, 1:], axis=1)
    return r / np.median(r[nb[:, 1:]], axis=1)


ONE_DETAIL_MISSED = {
    "zero MAD -> 1": lambda x: _scores(_standardise(x, zero_scale="one")),
    "gaps filled by the median": lambda x: _scores(
        _standardise(np.where(np.isnan(x), np.nanmedian(x, axis=0), x))
    ),
    "no d / |P| rescaling": lambda x: _scores(_standardise(x), rescale=False),
    "sqrt(pi / 2) for 1.2533": lambda x: _scores(_standardise(x, mean_ad_scale=np.sqrt(np.pi / 2))),
}


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


def test_an_independent_reading_of_the_note_matches(scored):
    assert scored(lambda x: _scores(_standardise(x))).metric == 1.0


@pytest.mark.parametrize("variant", [_zscore_variant, _mean_variant, _textbook_variant])
def test_near_misses_fail_even_when_their_report_is_honest(scored, variant):
    grade = scored(variant)
    assert grade.metric < 0.5 and grade.details["report_ok"]


@pytest.mark.parametrize("detail", ONE_DETAIL_MISSED)
def test_missing_one_detail_of_the_note_fails(scored, detail):
    grade = scored(ONE_DETAIL_MISSED[detail])
    assert grade.metric < 0.99 and grade.details["report_ok"]


def test_fresh_clouds_have_gaps_and_a_feature_whose_mad_is_0():
    generate = load_module(FOLDER / "generate.py", "mnr_generate_details")
    for draw in range(20):
        x = generate.points(np.random.default_rng([0, draw, 7070]), 500)[generate.FEATURES].to_numpy()
        assert np.isnan(x).any(axis=1).mean() > 0.04 and (np.isnan(x).sum(axis=1) <= 1).all()
        median = np.nanmedian(x, axis=0)
        assert (np.nanmedian(np.abs(x - median), axis=0) == 0).sum() == 1


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
