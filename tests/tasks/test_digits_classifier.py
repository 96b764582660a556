"""digits_classifier: the data split is what the README says; bad predictors score 0 with a reason."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits

from evals.scoring import task_scorer
from evals.taskload import build_task
from evals.taskspec import load_spec, task_dir
from tests.conftest import run_scripted, sample_score, writes_files_then_submits

FOLDER = task_dir("digits_classifier")


def test_split_is_rederived_from_scikit_learn():
    digits = load_digits()
    order = np.random.default_rng(20261126).permutation(len(digits.target))
    train = pd.read_csv(FOLDER / "workspace" / "train.csv")
    test = pd.read_csv(FOLDER / "grader" / "test.csv")
    assert (train.drop(columns="label").to_numpy() == digits.data[order[:1200]]).all()
    assert (test["label"].to_numpy() == digits.target[order[1200:]]).all()


def _task(timeout: int | None = None):
    task = build_task("digits_classifier")
    if timeout is not None:  # a short predictor timeout so the hang case runs in seconds
        spec = load_spec("digits_classifier")
        short = spec.model_copy(update={"predictor": spec.predictor.model_copy(update={"timeout": timeout})})
        task.scorer = [task_scorer(short, FOLDER)]
    return task


@pytest.mark.parametrize(
    "predictor, timeout, reason",
    [
        ("raise SystemExit('model.pkl not found')", None, "predictor failed (exit 1): model.pkl not found"),
        ("import time; time.sleep(60)", 3, "did not finish within 3 s"),
        ("pass", None, "wrote no predictions.csv"),
        ("import sys; open(sys.argv[2], 'w').write('digit\\n1\\n')", None, "needs a 'label' column"),
        ("import sys; open(sys.argv[2], 'w').write('label\\n1\\n')", None, "1 rows for 597 images"),
    ],
)
def test_bad_predictors_score_zero_with_the_reason(tmp_path, predictor, timeout, reason):
    log = run_scripted(_task(timeout), writes_files_then_submits({"predict.py": predictor}), tmp_path)
    score = sample_score(log)
    assert log.status == "success"
    assert score.value == {"score": 0.0, "success": 0.0}
    assert reason in score.explanation
