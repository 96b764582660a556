"""post_training: the grader on real checkpoints. The base model and lazy checkpoints gain nothing,
the oracle's fine-tune clears the threshold, forgetting costs the gain, malformed files are refused
with a reason, and test problems are drawn fresh and deterministically per scoring seed."""

import json
import math
import shutil
import subprocess
import sys

import pytest
import torch

from evals.taskload import materialise_instance
from evals.taskspec import load_spec, task_dir
from tasks.grading import SubmissionError, load_task_module

FOLDER = task_dir("post_training")
SPEC = load_spec("post_training")
grader = load_task_module(FOLDER / "grader" / "grade.py", "test_post_training_grader")
model_code = grader.model_code


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """Seed 0's workspace (a private copy) and hidden folder with a drawn test set."""
    workspace, hidden = materialise_instance(FOLDER, SPEC, 0)
    root = tmp_path_factory.mktemp("post_training")
    shutil.copytree(workspace, root / "workspace")
    shutil.copytree(hidden, root / "hidden")
    grader.make_test_set(root / "hidden", 0, 42, root / "hidden" / "test")
    return root / "workspace", root / "hidden"


def _grade(instance, checkpoint, tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir(exist_ok=True)
    if isinstance(checkpoint, bytes):
        (outputs / "checkpoint.pt").write_bytes(checkpoint)
    else:
        torch.save(checkpoint, outputs / "checkpoint.pt")
    return grader.grade(outputs, instance[1], 0)


def test_workspace_shows_the_format_but_never_teaches_it(instance):
    workspace, _ = instance
    assert "+" not in (workspace / "corpus.txt").read_text()  # pretraining never shows a sum
    for line in (workspace / "examples.txt").read_text().splitlines():
        left, total = line.split("=")
        assert sum(map(int, left.split("+"))) == int(total)
    dev = [json.loads(line) for line in (workspace / "dev.jsonl").read_text().splitlines()]
    assert len(dev) == 100 and all(row["prompt"].endswith("=") for row in dev)


def test_test_sets_are_fresh_per_scoring_seed_and_deterministic(instance, tmp_path):
    _, hidden = instance
    for name, scoring_seed in (("a", 42), ("b", 43)):
        grader.make_test_set(hidden, 0, scoring_seed, tmp_path / name)
    first, again = (p / "problems.jsonl" for p in (tmp_path / "a", hidden / "test"))
    assert first.read_text() == again.read_text()
    assert first.read_text() != (tmp_path / "b" / "problems.jsonl").read_text()


def test_the_base_model_gains_nothing(instance, tmp_path):
    grade = _grade(instance, torch.load(instance[0] / "base.pt", weights_only=True), tmp_path)
    assert grade.metric == 0.0 and grade.details["base_accuracy"] <= 0.15, grade.explanation
    assert grade.best == pytest.approx(1 - grade.details["base_accuracy"])


def test_a_random_checkpoint_gains_nothing(instance, tmp_path):
    torch.manual_seed(0)
    state = model_code.GPT(**model_code.CONFIG).state_dict()
    grade = _grade(instance, {"config": model_code.CONFIG, "state_dict": state}, tmp_path)
    assert grade.metric <= 0.0 and grade.details["retention"] == 0.0, grade.explanation


def test_forgetting_shrinks_the_gain_linearly():
    assert grader.retention(-0.2) == grader.retention(0.05) == 1.0
    assert grader.retention(0.10) == pytest.approx(0.5)
    assert grader.retention(0.15) == grader.retention(3.0) == grader.retention(math.nan) == 0.0


@pytest.mark.parametrize(
    ("checkpoint", "reason"),
    [
        (b"", "cannot be loaded"),
        (b"not a checkpoint", "cannot be loaded"),
        ({"config": {**model_code.CONFIG, "width": 192}, "state_dict": {}}, "config must be exactly"),
        ({"config": model_code.CONFIG, "state_dict": {}}, "Missing key"),
        (torch.zeros(3), "cannot be loaded"),
    ],
)
def test_malformed_checkpoints_are_refused_with_a_reason(instance, tmp_path, checkpoint, reason):
    with pytest.raises(SubmissionError, match=reason):
        _grade(instance, checkpoint, tmp_path)


def test_the_oracle_fine_tune_clears_the_threshold(instance, tmp_path):
    """The reference solution, run once from a copy of the workspace (about a minute on one core)."""
    workspace = tmp_path / "workspace"
    shutil.copytree(instance[0], workspace)
    subprocess.run([sys.executable, str(FOLDER / "solution" / "solve.py")], cwd=workspace, check=True)
    grade = _grade(instance, (workspace / "checkpoint.pt").read_bytes(), tmp_path)
    assert grade.metric >= SPEC.scoring.success_threshold, grade.explanation
    assert grade.details["retention"] == 1.0
