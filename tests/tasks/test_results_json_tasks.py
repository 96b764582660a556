"""Tasks graded on a results.json of reported numbers: no score without the work.

For each of them: the trivial submissions in `trivial/` (the prompt's example as a lazy agent fills
it in, mid-range constants) score at most 0.05 on every instance, and every malformed results.json
(missing, unreadable, not an object, a key missing, a value of the wrong type) is a SubmissionError
with a reason, never a crash. The prompt rule (format examples hold placeholders, never plausible
values) is checked here for the implementation tasks too; their other checks are in
test_implementation_tasks.py.
"""

import json
import re
import shutil
import subprocess
import sys

import pytest

from evals.taskload import build_task, materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError
from tests.conftest import run_scripted, sample_score, writes_files_then_submits

RESULTS_TASKS = [
    "longley_ols",
    "spector_logit",
    "stackloss_lad",
    "nile_changepoint",
    "reaction_kinetics",
    "allometric_scaling",
    "predator_prey",
]
IMPLEMENTATION_TASKS = ["mnr_outliers", "hampel_smoother"]
TRIVIAL_SCRIPTS = ["prompt_example", "constants"]
BOUND = 0.05


def _grader(task_id: str):
    return load_module(task_dir(task_id) / "grader" / "grade.py", f"results_json_{task_id}")


def _run_trivial(task_id: str, script: str, seed: int, tmp_path):
    """Run trivial/<script>.py in a copy of the instance's workspace, as validation does; return the
    folder it wrote into and the instance's hidden folder."""
    folder, spec = task_dir(task_id), load_spec(task_id)
    workspace, hidden = materialise_instance(folder, spec, seed)
    run = tmp_path / f"{script}-{seed}"
    shutil.copytree(workspace, run)
    subprocess.run([sys.executable, str(folder / "trivial" / f"{script}.py")], cwd=run, check=True)
    return run, hidden


def _example_numbers(prompt: str) -> list[float]:
    """Every number in the prompt's format examples (```json blocks and inline `{...}`), with each
    `<...>` placeholder read as 0."""
    examples = re.findall(r"```json\n(.*?)```", prompt, re.S) + re.findall(r"`(\{[^`]*\})`", prompt)
    assert examples, "no format example found in prompt.md"
    numbers: list[float] = []

    def collect(value):
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers.append(value)

    for example in examples:
        collect(json.loads(re.sub(r"<[^>]*>", "0", example)))
    return numbers


@pytest.mark.parametrize("task_id", RESULTS_TASKS + IMPLEMENTATION_TASKS)
def test_prompt_format_examples_hold_placeholders_not_values(task_id):
    """A lazy agent that copies the example gets nothing: every number shown is a 0 or a <...>."""
    numbers = _example_numbers((task_dir(task_id) / "prompt.md").read_text())
    assert numbers and all(n == 0 for n in numbers), f"{task_id}: plausible values in the example: {numbers}"


@pytest.mark.parametrize("script", TRIVIAL_SCRIPTS)
@pytest.mark.parametrize("task_id", RESULTS_TASKS)
def test_trivial_submissions_score_at_most_005_on_every_instance(tmp_path, task_id, script):
    spec, grader = load_spec(task_id), _grader(task_id)
    for seed in spec.instances:
        outputs, hidden = _run_trivial(task_id, script, seed, tmp_path)
        grade = grader.grade(outputs, hidden, seed)
        score, success = spec.scoring.normalise(grade.metric)
        assert score <= BOUND and not success, f"{task_id} seed {seed}: {script} scores {score:.3f}"


# The middle of a log-uniform range is ambiguous: trivial/constants.py uses one, these the other.
OTHER_MIDDLES = {
    "reaction_kinetics": {"order": 1, "rate_constant": (1e-3 + 1e-1) / 2},
    "predator_prey": {"alpha": 2.5, "beta": 5e-3, "gamma": 2.2, "delta": 2e-3},
}


@pytest.mark.parametrize("task_id", sorted(OTHER_MIDDLES))
def test_the_other_middle_of_a_log_uniform_range_scores_nothing_either(tmp_path, task_id):
    spec, grader = load_spec(task_id), _grader(task_id)
    for seed in spec.instances:
        _, hidden = materialise_instance(task_dir(task_id), spec, seed)
        (tmp_path / "results.json").write_text(json.dumps(OTHER_MIDDLES[task_id]))
        score, _ = spec.scoring.normalise(grader.grade(tmp_path, hidden, seed).metric)
        assert score <= BOUND, f"{task_id} seed {seed}: {score:.3f}"


def _leaves(results: dict, prefix: tuple = ()):
    """Paths to every value of a nested results object, e.g. ('coefficients', 'GNP')."""
    for key, value in results.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*prefix, key))
        else:
            yield (*prefix, key)


_REMOVED = object()


def _edited(results: dict, path: tuple, value=_REMOVED) -> dict:
    """A copy of `results` with the value at `path` replaced by `value`, or removed."""
    copy = json.loads(json.dumps(results))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    if value is _REMOVED:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


def _malformed(template: dict) -> dict[str, bytes | None]:
    """Malformed results.json contents derived from a well-formed one; None: no file at all."""
    cases: dict[str, bytes | None] = {
        "missing": None,
        "empty": b"",
        "not UTF-8": b"\xff\xfe{",
        "not JSON": b"{'auc': 0.5}",
        "a list": json.dumps([template]).encode(),
        "an empty object": b"{}",
    }
    for path in _leaves(template):
        name = ".".join(path)
        cases[f"{name} missing"] = json.dumps(_edited(template, path)).encode()
        for label, value in (("a string", "1.0"), ("null", None), ("a boolean", True), ("NaN", float("nan"))):
            cases[f"{name} {label}"] = json.dumps(_edited(template, path, value)).encode()
    for group in (key for key, value in template.items() if isinstance(value, dict)):
        cases[f"{group} not an object"] = json.dumps(_edited(template, (group,), 1.0)).encode()
    return cases


@pytest.mark.parametrize("task_id", RESULTS_TASKS)
def test_every_malformed_results_file_is_a_submission_error_with_a_reason(tmp_path, task_id):
    spec, grader = load_spec(task_id), _grader(task_id)
    seed = spec.instances[0]
    # The prompt's own example, filled in: well-formed, so each corruption of it is the only fault.
    outputs, hidden = _run_trivial(task_id, "prompt_example", seed, tmp_path)
    template = json.loads((outputs / "results.json").read_text())
    grader.grade(outputs, hidden, seed)  # well-formed: grades without an error
    for case, content in _malformed(template).items():
        target = outputs / "results.json"
        target.unlink(missing_ok=True)
        if content is not None:
            target.write_bytes(content)
        with pytest.raises(SubmissionError) as caught:
            grader.grade(outputs, hidden, seed)
        assert str(caught.value), f"{task_id}: {case}: SubmissionError without a reason"


def test_a_directory_where_results_json_belongs_is_a_submission_error(tmp_path):
    spec, grader = load_spec("allometric_scaling"), _grader("allometric_scaling")
    _, hidden = materialise_instance(task_dir("allometric_scaling"), spec, 0)
    (tmp_path / "results.json").mkdir()
    with pytest.raises(SubmissionError, match="results.json"):
        grader.grade(tmp_path, hidden, 0)


def test_a_malformed_number_scores_0_with_the_reason_through_the_scorer(tmp_path):
    """The real path: an agent writes a rate constant as a string; the sample scores 0 and says why."""
    files = {"results.json": json.dumps({"order": 1, "rate_constant": "0.04"})}
    log = run_scripted(build_task("reaction_kinetics", seeds=[2]), writes_files_then_submits(files), tmp_path)
    score = sample_score(log)
    assert score.value == {"score": 0.0, "success": 0.0}
    assert score.explanation.startswith("malformed submission: 'rate_constant' must be a finite number")
