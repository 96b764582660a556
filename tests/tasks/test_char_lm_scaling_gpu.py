"""char_lm_scaling_gpu (gpu tier): the grader on real checkpoints, without a GPU (grading is on CPU).

The oracle's own run needs a GPU (tests/gpu/check_char_lm_scaling_gpu.sh runs it on one); here the
grader is checked on checkpoints made in the test: the source's floor, a frequencies-only model, a
checkpoint that breaks the bounds or is not a checkpoint at all.
"""

import pytest
import torch

from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError

FOLDER = task_dir("char_lm_scaling_gpu")
grader = load_module(FOLDER / "grader" / "grade.py", "test_char_lm_scaling_gpu_grader")
model_code = grader.model_code


@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hidden")
    grader.make_test_set(folder, 0, 12345, folder / "test")
    return folder


def _save(path, config, fill=None):
    model = model_code.CharMLP(**config)
    if fill is not None:
        fill(model)
    torch.save({"config": config, "state_dict": model.state_dict()}, path / "checkpoint.pt")


def test_the_spec_is_in_the_gpu_tier():
    spec = load_spec("char_lm_scaling_gpu")
    assert spec.tier == "gpu" and spec.resources.gpu


def test_the_floor_is_far_below_a_uniform_guess_and_a_frequency_model_scores_near_it(hidden, tmp_path):
    counts = torch.bincount(
        model_code.encode((hidden / "test" / "test.txt").read_text()).flatten(), minlength=16
    )

    def frequencies(model):
        with torch.no_grad():
            for parameter in model.parameters():
                parameter.zero_()
            model.mlp[-1].bias.copy_(torch.log((counts + 1.0) / (counts + 1.0).sum()))

    _save(tmp_path, {"context": 1, "embed": 1, "hidden": 1, "layers": 1}, frequencies)
    grade = grader.grade(tmp_path, hidden, 0)
    assert 1.5 < grade.best < 2.6  # the source's own cross-entropy on the fresh streams
    assert 3.5 < grade.metric <= 4.0  # the frequencies alone are not far from uniform (log2 16 = 4)
    spec = load_spec("char_lm_scaling_gpu").scoring
    score, success = spec.normalise(grade.metric, reference=grade.best)
    assert score < 0.1 and not success


def test_the_same_characters_are_scored_for_every_context(hidden, tmp_path):
    """A context of 32 (the bound) and of 1 are scored on the same 40,000 characters."""
    for context in (1, 32):
        _save(tmp_path, {"context": context, "embed": 2, "hidden": 8, "layers": 1})
        assert "on 40000 fresh characters" in grader.grade(tmp_path, hidden, 0).explanation


@pytest.mark.parametrize(
    "write, reason",
    [
        (
            lambda p: _save(p, {"context": 33, "embed": 2, "hidden": 8, "layers": 1}),
            r"config\['context'\] must be an int",
        ),
        (lambda p: _save(p, {"context": 32, "embed": 64, "hidden": 2048, "layers": 4}), "more than 8000000"),
        (lambda p: (p / "checkpoint.pt").write_bytes(b"not a checkpoint"), "cannot be loaded"),
    ],
)
def test_a_bad_checkpoint_is_a_submission_error(hidden, tmp_path, write, reason):
    write(tmp_path)
    with pytest.raises(SubmissionError, match=reason):
        grader.grade(tmp_path, hidden, 0)
