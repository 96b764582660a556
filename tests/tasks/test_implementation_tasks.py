"""Implementation tasks (submitted code run on fresh data at scoring time): no score without the work.

The trivial submissions in `trivial/` (the prompt's example, a constant report, code with the right
interface that writes a constant) score at most 0.05 on every instance through real Inspect runs;
every malformed output is a SubmissionError with a reason; and code writing one value everywhere
scores 0 even where the specification gives many points that value.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from inspect_ai import eval as inspect_eval

from evals.agents import trivial
from evals.taskload import build_task, materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError, grade_spec_match

TASKS = ["mnr_outliers", "hampel_smoother"]
TRIVIAL_SCRIPTS = ["prompt_example", "constants", "schema_only"]
BOUND = 0.05


@pytest.mark.parametrize("task_id", TASKS)
def test_trivial_submissions_score_at_most_005_on_every_instance(tmp_path, task_id):
    """Each script runs in the sandbox like the oracle; the scorer then runs what it left on fresh data."""
    spec = load_spec(task_id)
    tasks = [build_task(task_id, solver=trivial(name)) for name in TRIVIAL_SCRIPTS]
    logs = inspect_eval(tasks, model="mockllm/model", log_dir=str(tmp_path), display="none", max_tasks=1)
    for name, log in zip(TRIVIAL_SCRIPTS, logs, strict=True):
        assert log.status == "success", f"{task_id} {name}: {log.error}"
        assert len(log.samples) == len(spec.instances)
        for sample in log.samples:
            score = next(iter(sample.scores.values()))
            assert score.value["score"] <= BOUND and score.value["success"] == 0.0, (
                f"{task_id} {name} on {sample.id}: {score.value} ({score.explanation})"
            )


def _run_submitted_code(spec, run: Path, inputs: Path, predictions: Path) -> None:
    """Run the predictor command the way the scorer does, with this interpreter's python3 first on PATH."""
    command = spec.predictor.command.format(inputs=inputs, predictions=predictions)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", "-c", command], cwd=run, env=env, check=True)


@pytest.fixture(params=TASKS)
def solved(request, tmp_path):
    """(grader, outputs, hidden, seed) for the reference solution's outputs, as the scorer collects them."""
    task_id = request.param
    folder, spec = task_dir(task_id), load_spec(task_id)
    seed = spec.instances[0]
    workspace, hidden_source = materialise_instance(folder, spec, seed)
    hidden, run, outputs = tmp_path / "hidden", tmp_path / "run", tmp_path / "outputs"
    shutil.copytree(hidden_source, hidden)
    shutil.copytree(workspace, run)
    outputs.mkdir()
    grader = load_module(folder / "grader" / "grade.py", f"implementation_{task_id}")
    grader.make_test_set(hidden, seed, 4321, hidden / "test")
    subprocess.run([sys.executable, str(folder / "solution" / "solve.py")], cwd=run, check=True)
    for name in spec.outputs:
        shutil.copy(run / name, outputs / name)
    own_inputs = tmp_path / "own" / "inputs"
    own_inputs.mkdir(parents=True)
    shutil.copy(workspace / spec.predictor.own_run_input, own_inputs)
    predictions = spec.predictor.predictions
    _run_submitted_code(spec, run, hidden / "test" / "inputs", outputs / predictions)
    _run_submitted_code(spec, run, own_inputs, outputs / f"own_{predictions}")
    return grader, outputs, hidden, seed


def _malformed_outputs(outputs: Path) -> dict[str, tuple[str, bytes | None]]:
    """case -> (file, content; None deletes it), each derived from the well-formed outputs."""
    predictions = (outputs / "predictions.csv").read_text().splitlines()
    results = json.loads((outputs / "results.json").read_text())
    [key] = results
    renamed = ["value"] + predictions[1:]
    return {
        "no predictions": ("predictions.csv", None),
        "no own predictions": ("own_predictions.csv", None),
        "no results": ("results.json", None),
        "empty predictions": ("predictions.csv", b""),
        "predictions not UTF-8": ("predictions.csv", b"\xff\xfe\x00score\n"),
        "wrong column": ("predictions.csv", "\n".join(renamed).encode()),
        "own output wrong column": ("own_predictions.csv", "\n".join(renamed).encode()),
        "a row short": ("predictions.csv", "\n".join(predictions[:-1]).encode()),
        "reported number missing": ("results.json", b"{}"),
        "reported number a string": ("results.json", json.dumps({key: str(results[key])}).encode()),
        "results not an object": ("results.json", b"[0.5]"),
    }


def test_every_malformed_output_is_a_submission_error_with_a_reason(solved, tmp_path):
    grader, outputs, hidden, seed = solved
    assert grader.grade(outputs, hidden, seed).metric == 1.0  # the well-formed outputs are right
    for case, (name, content) in _malformed_outputs(outputs).items():
        broken = tmp_path / "broken"
        shutil.rmtree(broken, ignore_errors=True)
        shutil.copytree(outputs, broken)
        (broken / name).unlink()
        if content is not None:
            (broken / name).write_bytes(content)
        with pytest.raises(SubmissionError) as caught:
            grader.grade(broken, hidden, seed)
        assert str(caught.value), f"{case}: SubmissionError without a reason"


def _spec_match(tmp_path, expected, written) -> object:
    """grade_spec_match on outputs where the code wrote `written` and honestly reported 0.5."""
    with open(tmp_path / "predictions.csv", "w") as f:
        f.write("score\n" + "\n".join(map(str, written)) + "\n")
    (tmp_path / "results.json").write_text('{"auc": 0.5}')
    return grade_spec_match(tmp_path, "predictions.csv", "score", expected, "auc", lambda _: 0.5)


def test_one_value_everywhere_scores_0_even_where_the_specification_repeats_it(tmp_path):
    """MNR gives a few percent of points exactly 1.0; writing 1.0 everywhere matches them and no more."""
    expected = np.concatenate([np.ones(20), np.linspace(2.0, 3.0, 80)])
    constant = _spec_match(tmp_path, expected, np.ones(100))
    assert constant.details["matched"] == pytest.approx(0.2) and constant.metric == 0.0
    assert _spec_match(tmp_path, expected, expected).metric == 1.0
    # Code right on the repeated value and on half the rest is credited for the half it did.
    half = np.where(np.arange(100) < 60, expected, 0.0)
    assert _spec_match(tmp_path, expected, half).metric == pytest.approx(0.5)
