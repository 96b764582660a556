"""`openintern tasks validate` with trivial submissions: what a lazy agent would try is run through
the harness's own path on every instance, and a score above the bound fails, naming the task, the
instance and the submission."""

import pytest
from inspect_ai.log import read_eval_log

from evals.agents import GENERIC_TRIVIAL, trivial_names
from evals.run import RunConfigError, agent_solver
from evals.taskspec import TaskSpecError, task_dir
from evals.validate import TRIVIAL_BOUND, naive_problems, trivial_problems, validate_tasks

TASK = "survey_responses_dataset"  # cheap: its oracle and trivial scripts take seconds


def test_trivial_names_are_the_generic_ones_then_the_tasks_scripts():
    assert trivial_names(task_dir(TASK)) == [*GENERIC_TRIVIAL, "made_up_rows", "schema_only"]


def test_a_script_named_like_a_generic_submission_is_refused(tmp_path):
    (tmp_path / "trivial").mkdir()
    (tmp_path / "trivial" / "empty.py").write_text('"""Clashes with the generic `empty`."""\n')
    with pytest.raises(TaskSpecError, match="generic trivial submissions"):
        trivial_names(tmp_path)


def test_trivial_agent_names_resolve_and_a_bare_prefix_does_not():
    assert agent_solver("trivial:empty") is not None
    with pytest.raises(RunConfigError):
        agent_solver("trivial:")


def test_every_script_says_what_it_tries_in_its_first_docstring_line():
    import ast

    from evals.taskspec import list_task_ids

    for task_id in list_task_ids():
        for script in sorted((task_dir(task_id) / "trivial").glob("*.py")):
            doc = ast.get_docstring(ast.parse(script.read_text()))
            assert doc and doc.splitlines()[0].strip(), f"{script} needs a docstring saying what it tries"


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("validate")
    [check] = validate_tasks([TASK], log_dir=log_dir)
    return check, log_dir / TASK


def _samples_of(log_dir, agent: str):
    """The validation run's samples of one agent (its completion names it: 'oracle: ...')."""
    return [
        sample
        for path in log_dir.glob("*.eval")
        for sample in read_eval_log(str(path)).samples
        if sample.output.completion.startswith(f"{agent}:")
    ]


def test_validation_runs_every_trivial_submission_on_every_instance(validated):
    check, log_dir = validated
    assert check.ok, check.problems
    assert set(check.trivial_scores) == set(trivial_names(task_dir(TASK)))
    assert check.trivial_max[1] <= TRIVIAL_BOUND
    ran = {}
    for path in log_dir.glob("*.eval"):
        log = read_eval_log(str(path))
        for sample in log.samples:
            ran.setdefault(sample.output.completion, set()).add(sample.id)
    instances = {f"{TASK}-{seed}" for seed in (0, 1, 2)}
    # `starter` is read from the null run (the same untouched workspace), not run a second time.
    assert ran["trivial: empty"] == ran["trivial: made_up_rows"] == ran["trivial: schema_only"] == instances
    assert "trivial: starter" not in ran


def test_a_trivial_submission_above_the_bound_is_named_with_task_and_instance(validated):
    """The oracle's own samples, judged as if a trivial submission had produced them."""
    _, log_dir = validated
    oracle = _samples_of(log_dir, "oracle")
    problems = trivial_problems(TASK, {"lazy_copy": oracle})
    assert len(problems) == 3
    assert all(
        p.startswith(f"{TASK}: trivial submission 'lazy_copy' scores 1.000 on {TASK}-") for p in problems
    )


def test_validation_runs_the_naive_attempt_on_every_instance(validated):
    check, log_dir = validated
    naive = _samples_of(log_dir, "naive")
    assert {s.output.completion for s in naive} == {"naive: obvious first attempt ran"}
    assert {s.id for s in naive} == {f"{TASK}-{seed}" for seed in (0, 1, 2)}
    assert check.tier == "core" and not check.naive_any_success and check.naive_max_score < 1.0


def test_a_naive_attempt_that_succeeds_fails_a_core_task_and_passes_a_sanity_one(validated):
    """The oracle's own samples, judged as if the naive attempt had produced them."""
    _, log_dir = validated
    oracle = _samples_of(log_dir, "oracle")
    [problem] = naive_problems(TASK, "core", oracle)
    assert problem.startswith(f"{TASK}: the naive attempt succeeds on [") and "tier: sanity" in problem
    assert naive_problems(TASK, "sanity", oracle) == []
    assert naive_problems(TASK, "core", []) == [f"{TASK}: the naive attempt did not run"]


def test_a_sanity_task_whose_naive_attempt_fails_is_refused(validated):
    """The tier cannot hide a core task from the headline score: sanity means the naive attempt wins."""
    _, log_dir = validated
    naive = _samples_of(log_dir, "naive")
    [problem] = naive_problems(TASK, "sanity", naive)
    assert "declared `tier: sanity` but the naive attempt succeeds on no instance" in problem
    assert naive_problems(TASK, "core", naive) == []


def test_empty_writes_every_declared_output_empty(tmp_path):
    """A file output becomes a 0-byte file (read, and rejected, by the grader), a folder an empty one."""
    from evals.run import run_matrix

    [log] = run_matrix(["longley_ols"], ["trivial:empty"], "mockllm/model", tmp_path, display="none")
    for sample in log.samples:
        score = next(iter(sample.scores.values()))
        assert score.value["score"] == 0.0
        assert "results.json is not valid JSON" in score.explanation  # it was there, and empty
