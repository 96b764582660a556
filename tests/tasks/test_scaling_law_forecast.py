"""scaling_law_forecast: the truth is what the process does, the oracle's forecast succeeds, and no
forecast made without fitting the law (a point at the last run, a safe or a lazy interval, the
prompt's example) scores above 0.05; malformed forecasts are SubmissionErrors with a reason."""

import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from evals.taskload import materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError

TASK = "scaling_law_forecast"
FOLDER, SPEC = task_dir(TASK), load_spec(TASK)
GRADER = load_module(FOLDER / "grader" / "grade.py", "scaling_law_forecast_grader")
GENERATE = load_module(FOLDER / "generate.py", "scaling_law_forecast_generate")
TRIVIAL = sorted(path.stem for path in (FOLDER / "trivial").glob("*.py"))


def _run(script: str, seed: int, tmp_path):
    """Run a task script (solution/solve.py, trivial/x.py) in a copy of the instance's workspace, as
    validation does; return (outputs folder, hidden folder)."""
    workspace, hidden = materialise_instance(FOLDER, SPEC, seed)
    run = tmp_path / f"{script.replace('/', '_')}-{seed}"
    shutil.copytree(workspace, run)
    subprocess.run([sys.executable, str(FOLDER / script)], cwd=run, check=True, capture_output=True)
    return run, hidden


def _score(outputs, hidden, seed) -> tuple[float, bool]:
    """(score, success) as the harness normalises it; a SubmissionError scores 0, as in the scorer."""
    try:
        return SPEC.scoring.normalise(GRADER.grade(outputs, hidden, seed).metric)
    except SubmissionError:
        return 0.0, False


def test_the_truth_formula_matches_runs_on_the_workspace_data():
    """The hidden losses come from L(N, D) = (E + T(N)) (D - 1) / (D - N - 1): it must predict what
    least squares on the shipped data does (averaged over disjoint training blocks), within 2%."""
    workspace, _ = materialise_instance(FOLDER, SPEC, 0)
    process = GENERATE.draw_process(0)
    train, test = np.load(workspace / "train.npz"), np.load(workspace / "test.npz")
    x, y = train["x"] * train["x_unit"], train["y"].astype(float)
    test_x, test_y = test["x"] * test["x_unit"], test["y"].astype(float)
    for width, examples in ((16, 256), (64, 1024), (256, 8192)):
        losses = []
        for start in range(0, len(y) - examples + 1, examples):
            part = slice(start, start + examples)
            weights = np.linalg.lstsq(x[part, :width], y[part], rcond=None)[0]
            losses.append(np.mean((test_y - test_x[:, :width] @ weights) ** 2))
        expected = GENERATE.expected_loss(process["noise"], GENERATE.tail(process, width), width, examples)
        assert np.mean(losses) == pytest.approx(expected, rel=0.02), (width, examples)


def test_the_irreducible_loss_matters_at_every_target():
    """The noise E is a large share of every target's loss, on every instance: a pure power law cannot
    forecast it."""
    for seed in SPEC.instances:
        _, hidden = materialise_instance(FOLDER, SPEC, seed)
        truth = json.loads((hidden / "truth.json").read_text())
        for target in truth["targets"]:
            assert 0.25 < truth["irreducible"] / target["loss"] < 1.0


def test_the_oracle_succeeds_on_the_first_instance(tmp_path):
    seed = SPEC.instances[0]
    score, success = _score(*_run("solution/solve.py", seed, tmp_path), seed)
    assert success and score > 0.5, score


@pytest.mark.parametrize("script", TRIVIAL)
def test_each_shortcut_scores_at_most_005_on_every_instance(tmp_path, script):
    for seed in SPEC.instances:
        score, success = _score(*_run(f"trivial/{script}.py", seed, tmp_path), seed)
        assert score <= 0.05 and not success, f"{script} on seed {seed}: {score:.3f}"


def test_a_narrow_interval_on_the_truth_scores_1_and_one_that_misses_pays_10_times_the_miss(tmp_path):
    _, hidden = materialise_instance(FOLDER, SPEC, 1)
    truth = json.loads((hidden / "truth.json").read_text())["targets"]
    exact = {GRADER.target_key(t): {f: t["loss"] for f in GRADER.FIELDS} for t in truth}
    (tmp_path / "forecast.json").write_text(json.dumps(exact))
    assert _score(tmp_path, hidden, 1) == (1.0, True)
    high = {key: {f: value * 1.1 for f, value in entry.items()} for key, entry in exact.items()}
    (tmp_path / "forecast.json").write_text(json.dumps(high))
    assert GRADER.grade(tmp_path, hidden, 1).metric == pytest.approx(10 * np.log(1.1))


def _forecast(**changes) -> dict:
    entry = {"prediction": 1.0, "lower": 0.5, "upper": 2.0}
    forecast = {f"width_{n}": dict(entry) for n in (2048, 4096, 8192)}
    forecast["width_4096"].update(changes)
    return forecast


MALFORMED = {
    "missing": None,
    "not JSON": "{'width_2048': 1}",
    "a list": "[1, 2, 3]",
    "a target missing": json.dumps({"width_2048": {"prediction": 1.0, "lower": 0.5, "upper": 2.0}}),
    "a target not an object": json.dumps({**_forecast(), "width_8192": 1.0}),
    "upper missing": json.dumps({**_forecast(), "width_2048": {"prediction": 1.0, "lower": 0.5}}),
    "a string": json.dumps(_forecast(lower="0.5")),
    "null": json.dumps(_forecast(upper=None)),
    "NaN": json.dumps(_forecast(prediction=float("nan"))),
    "lower above upper": json.dumps(_forecast(lower=3.0, upper=2.0, prediction=2.5)),
    "prediction outside": json.dumps(_forecast(prediction=5.0)),
    "a zero lower bound": json.dumps(_forecast(lower=0.0)),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_forecast_is_a_submission_error_with_a_reason(tmp_path, case):
    _, hidden = materialise_instance(FOLDER, SPEC, 0)
    if MALFORMED[case] is not None:
        (tmp_path / "forecast.json").write_text(MALFORMED[case])
    with pytest.raises(SubmissionError) as caught:
        GRADER.grade(tmp_path, hidden, 0)
    assert str(caught.value)


def test_the_prompt_shows_placeholders_not_values():
    prompt = (FOLDER / "prompt.md").read_text()
    example = re.search(r"```json\n(.*?)```", prompt, re.S).group(1)
    assert json.loads(re.sub(r"<[^>]*>", "0", example)) == {
        f"width_{n}": {"prediction": 0, "lower": 0, "upper": 0} for n in (2048, 4096, 8192)
    }


def test_the_prompt_states_the_rule_the_grader_scores():
    """The prompt's scoring paragraph is the grader's rule: ln(upper / lower) + 10 x the log miss, no
    division by an improvement; its worked numbers (ln 2 for a doubled width, 0.95 for a 10% miss) hold."""
    prompt = " ".join((FOLDER / "prompt.md").read_text().split())
    assert "ln(upper / lower) plus 10 times the log-distance" in prompt
    assert "divided" not in prompt and "improvement" not in prompt
    assert 2 / GRADER.MISS_RATE == 10
    assert GRADER.interval_score(1.0, 2.0, 1.5) == pytest.approx(0.69, abs=0.005)
    assert GRADER.interval_score(1.0, 1.0, 1.1) - GRADER.interval_score(1.0, 1.0, 1.0) == pytest.approx(
        0.95, abs=0.005
    )


def test_a_fixed_ratio_bet_is_a_lottery_ticket_on_200_seeds():
    """No bet of r x the largest run's loss +-10% (r = 0.10, 0.15, ..., 0.95, for every target) averages
    a score above 0.16 over 200 seeds of the generator (the README's lottery: 0.75 +-10% averages 0.145
    on 400), so a fixed ratio is luck, not skill."""
    ratios = []
    for seed in range(200):
        truth = GENERATE.truth(GENERATE.draw_process(seed))
        ratios.append([t["loss"] / truth["largest_run"]["loss"] for t in truth["targets"]])
    for bet in np.arange(0.10, 0.96, 0.05):
        scores = [
            SPEC.scoring.normalise(np.mean([GRADER.interval_score(0.9 * bet, 1.1 * bet, r) for r in row]))[0]
            for row in ratios
        ]
        assert np.mean(scores) <= 0.16, (bet, np.mean(scores))
