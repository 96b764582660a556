"""Every grader turns malformed outputs into SubmissionError (a 0 with a reason), never a crash."""

import shutil

import pytest

from evals.taskload import materialise_instance
from evals.taskspec import list_task_ids, load_module, load_spec, task_dir
from tasks.grading import SubmissionError

GARBAGE = b"\x00\xffnot what was asked for\n\x01,\x02\n"


@pytest.mark.parametrize("task_id", list_task_ids())
def test_garbage_outputs_are_a_submission_error(tmp_path, task_id):
    folder, spec = task_dir(task_id), load_spec(task_id)
    seed = spec.instances[0]
    _, hidden_source = materialise_instance(folder, spec, seed)
    hidden, outputs = tmp_path / "hidden", tmp_path / "outputs"
    shutil.copytree(hidden_source, hidden)
    outputs.mkdir()
    grader = load_module(folder / "grader" / "grade.py", f"garbage_{task_id}")
    if hasattr(grader, "make_test_set"):
        grader.make_test_set(hidden, seed, 1234, hidden / "test")
    names = list(spec.outputs) + ([spec.predictor.predictions] if spec.predictor else [])
    for name in names:
        target = outputs / name / "data.bin" if name.endswith("/") else outputs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(GARBAGE)
    with pytest.raises(SubmissionError):
        grader.grade(outputs, hidden, seed)


def _graded(tmp_path, task_id):
    """(grader, hidden, outputs) for the task's first instance, with a scoring-time test set drawn."""
    folder, spec = task_dir(task_id), load_spec(task_id)
    seed = spec.instances[0]
    _, hidden_source = materialise_instance(folder, spec, seed)
    hidden, outputs = tmp_path / "hidden", tmp_path / "outputs"
    shutil.copytree(hidden_source, hidden)
    outputs.mkdir()
    grader = load_module(folder / "grader" / "grade.py", f"typed_{task_id}")
    grader.make_test_set(hidden, seed, 1234, hidden / "test")
    return grader, hidden, outputs


def test_a_forecast_of_words_is_a_submission_error(tmp_path):
    """A well-formed CSV with text where loads belong crashed the grader (float conversion)."""
    import pandas as pd

    grader, hidden, outputs = _graded(tmp_path, "demand_forecast")
    rows = [{"feeder": f"f{i:03d}", "step": h, "load": "high"} for i in range(40) for h in range(1, 49)]
    pd.DataFrame(rows).to_csv(outputs / "predictions.csv", index=False)
    with pytest.raises(SubmissionError, match="non-numeric loads"):
        grader.grade(outputs, hidden, 0)


def test_demand_forecast_scores_the_true_expected_load_as_best(tmp_path):
    """Score 1 (Grade.best) is the MASE of the process's expected load on the same test feeders."""
    import numpy as np
    import pandas as pd

    grader, hidden, outputs = _graded(tmp_path, "demand_forecast")
    expected = np.load(hidden / "test" / "expected.npy")
    rows = [(f"f{i:03d}", h + 1, expected[i, h]) for i in range(len(expected)) for h in range(48)]
    pd.DataFrame(rows, columns=["feeder", "step", "load"]).to_csv(outputs / "predictions.csv", index=False)
    grade = grader.grade(outputs, hidden, 0)
    assert grade.metric == pytest.approx(grade.best, rel=1e-9)
    assert 0.2 < grade.best < 0.75  # below the success threshold: the best forecast succeeds


@pytest.mark.parametrize("task_id", ["char_lm_tuning", "shapes_cnn_tuning"])
@pytest.mark.parametrize("content", ["a bare tensor", "a list as config"])
def test_a_checkpoint_of_the_wrong_shape_is_a_submission_error(tmp_path, task_id, content):
    """Loadable torch files that are not {'config': {...}, 'state_dict': {...}} crashed the loader."""
    import torch

    grader, hidden, outputs = _graded(tmp_path, task_id)
    saved = torch.zeros(3) if content == "a bare tensor" else {"config": [1], "state_dict": {}}
    torch.save(saved, outputs / "checkpoint.pt")
    with pytest.raises(SubmissionError, match="cannot be loaded by model.py"):
        grader.grade(outputs, hidden, 0)
