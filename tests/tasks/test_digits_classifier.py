"""digits_classifier: instances are deterministic, test images are fresh and no package holds them, the
data card states the generator's conditions; bad predictors score 0 with a reason."""

import numpy as np
import pandas as pd
import pytest

from evals.scoring import task_scorer
from evals.taskload import build_task
from evals.taskspec import load_spec, task_dir
from tasks.grading import load_task_module
from tests.conftest import run_scripted, sample_score, writes_files_then_submits

FOLDER = task_dir("digits_classifier")
generate = load_task_module(FOLDER / "generate.py", "test_digits_generate")
grader = load_task_module(FOLDER / "grader" / "grade.py", "test_digits_grader")


def _build(seed, tmp_path):
    workspace, hidden = tmp_path / f"workspace{seed}", tmp_path / f"hidden{seed}"
    workspace.mkdir(parents=True)
    hidden.mkdir(parents=True)
    generate.build(seed, workspace, hidden)
    return workspace, hidden


def _test_images(hidden, seed, scoring_seed, tmp_path):
    grader.make_test_set(hidden, seed, scoring_seed, tmp_path / f"test{seed}-{scoring_seed}")
    return pd.read_csv(tmp_path / f"test{seed}-{scoring_seed}" / "inputs" / "images.csv").to_numpy()


def test_instances_are_deterministic_and_test_images_fresh(tmp_path):
    workspace, hidden = _build(0, tmp_path)
    again, _ = _build(0, tmp_path / "again")
    assert (workspace / "train.csv").read_bytes() == (again / "train.csv").read_bytes()
    other, _ = _build(1, tmp_path)
    assert (workspace / "train.csv").read_bytes() != (other / "train.csv").read_bytes()
    train = pd.read_csv(workspace / "train.csv").drop(columns="label").to_numpy()
    first, second = (_test_images(hidden, 0, s, tmp_path) for s in (5, 6))
    assert first.shape == (grader.TEST_SIZE, 256) and (first != second).any()
    assert (first == _test_images(hidden, 0, 5, tmp_path / "again")).all()
    seen = set(map(tuple, train))
    assert not any(tuple(row) in seen for row in first)


def test_deployment_images_differ_as_the_data_card_says(tmp_path):
    """Nearest class centroid, fitted on train.csv: near perfect on fresh training-condition images,
    far off on deployment ones; the shift, not the digits, is what the task is about."""
    workspace, _ = _build(0, tmp_path)
    train = pd.read_csv(workspace / "train.csv")
    centroids = train.groupby("label")[generate.PIXELS].mean()

    def accuracy(table):
        images = table[generate.PIXELS].to_numpy(dtype=float)
        distances = ((images[:, None, :] - centroids.to_numpy()[None]) ** 2).sum(axis=2)
        return np.mean(centroids.index.to_numpy()[distances.argmin(axis=1)] == table["label"].to_numpy())

    rng = np.random.default_rng(7)
    assert accuracy(generate.digits(rng, 500, generate.TRAINING)) > 0.95
    assert accuracy(generate.digits(rng, 500, generate.DEPLOYMENT)) < 0.5


def test_data_card_states_the_generators_conditions(tmp_path):
    workspace, _ = _build(0, tmp_path)
    card = (workspace / "DATA.md").read_text()
    for conditions in (generate.TRAINING, generate.DEPLOYMENT):
        for stated in (
            f"-{conditions.rotation} to +{conditions.rotation}",
            f"-{conditions.slant} to +{conditions.slant}",
            f"-{conditions.shift} to +{conditions.shift}",
            f"{conditions.width[0]} to {conditions.width[1]}",
        ):
            assert stated in card
    assert f"({generate.TRAIN_SIZE:,} images)" in card


def _task(timeout: int | None = None):
    task = build_task("digits_classifier", seeds=[0])
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
        ("import sys; open(sys.argv[2], 'w').write('label\\n1\\n')", None, "1 rows for 2000 images"),
    ],
)
def test_bad_predictors_score_zero_with_the_reason(tmp_path, predictor, timeout, reason):
    log = run_scripted(_task(timeout), writes_files_then_submits({"predict.py": predictor}), tmp_path)
    score = sample_score(log)
    assert log.status == "success"
    assert score.value == {"score": 0.0, "success": 0.0}
    assert reason in score.explanation
