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
