"""The regression gate (evals/regress.py) on real runs: research_agent on longley_ols in the bwrap
sandbox, driven by scripted policies, through the harness's own run path. A capable policy makes the
baseline and passes against it; weakened ones, which really do worse on one measure, fail and the
gate names that measure; bad baselines are refused. The statistics are checked against independent
computations (Fisher's exact test, scipy's exact permutation test, brute-force enumeration,
statsmodels' Holm)."""

import itertools
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import get_model
from scipy import stats
from statsmodels.stats.multitest import multipletests

from evals.regress import (
    CONFIG,
    RegressInputError,
    _engines,
    check_comparable,
    compare,
    main,
    make_baseline,
    read_run,
)
from evals.regress_stats import drop_p_value, holm
from evals.run import IncompleteRunError, run_matrix
from evals.runconfig import load_run_config
from tests.conftest import LONGLEY_SOLVE, SOLVING_SCRIPT, text_reply, tool_call

EPOCHS = 6  # 6 against 6: a drop on every epoch has p = 1/924 (Fisher), one in six has p = 0.5

# The capable policy solves longley_ols and submits (tests/conftest.py's script). The weakened ones
# do the same work and fall short on one measure each:
# - it never calls submit, not even when the agent offers submit alone (the score stays 1);
# - its first tool call fails to parse (3 of its 4 calls parse; the score stays 1);
# - its model errs once the work is done (the sample errors: no score, no submission).
NO_SUBMIT = (SOLVING_SCRIPT[0], ("python", {"code": LONGLEY_SOLVE}), "The numbers are in results.json.")


def _misparsed_then_capable(input, tools, tool_choice, config):
    turn = sum(1 for m in input if m.role == "assistant")
    if turn == 0:
        output = tool_call("bash", command="ls")
        output.message.tool_calls[0].parse_error = "Expecting ',' delimiter: line 1 column 9"
        return output
    step = SOLVING_SCRIPT[min(turn - 1, len(SOLVING_SCRIPT) - 1)]
    return tool_call(step[0], **step[1])


def _errs_after_the_work(input, tools, tool_choice, config):
    turn = sum(1 for m in input if m.role == "assistant")
    if turn >= 2:
        raise RuntimeError("the model server went away")
    step = SOLVING_SCRIPT[turn]
    return tool_call(step[0], **step[1])


def _scripted(steps):
    def respond(input, tools, tool_choice, config):
        turn = sum(1 for m in input if m.role == "assistant")
        step = steps[min(turn, len(steps) - 1)]
        return text_reply(step) if isinstance(step, str) else tool_call(step[0], **step[1])

    return respond


POLICIES = {
    "capable": _scripted(SOLVING_SCRIPT),
    "no_submit": _scripted(NO_SUBMIT),
    "misparsed": _misparsed_then_capable,
    "errs": _errs_after_the_work,
}


@pytest.fixture(scope="module")
def run_policy(tmp_path_factory):
    """Run a policy once per module (research_agent, longley_ols, bwrap, EPOCHS); its log folder."""
    done: dict[str, Path] = {}

    def run(name: str) -> Path:
        if name not in done:
            log_dir = tmp_path_factory.mktemp("regress") / name
            model = get_model("mockllm/model", custom_outputs=POLICIES[name], memoize=False)
            try:
                run_matrix(["longley_ols"], ["research_agent"], model, log_dir, epochs=EPOCHS, display="none")
            except IncompleteRunError:  # the erring policy's samples fail: that is what it measures
                pass
            done[name] = log_dir
        return done[name]

    return run


@pytest.fixture(scope="module")
def baseline(run_policy, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("baseline") / "baseline.json"
    assert main(["--update-baseline", "--logs", str(run_policy("capable")), "--baseline", str(path)]) == 0
    return path


def _gate(capsys, logs: Path, baseline: Path) -> tuple[int, str, str]:
    code = main(["--logs", str(logs), "--baseline", str(baseline)])
    out, err = capsys.readouterr()
    return code, out, err


def _row(out: str, measure: str) -> str:
    [line] = [line for line in out.splitlines() if line.split()[:2] == ["longley_ols", measure]]
    return line


def test_the_baseline_holds_per_sample_values_setup_and_task_versions(baseline):
    stored = json.loads(baseline.read_text())
    assert len(stored["samples"]) == EPOCHS
    assert {
        (row["score"], row["submitted"], row["parse_rate"], row["error"]) for row in stored["samples"]
    } == {(1.0, 1.0, 1.0, 0.0)}
    setup = stored["setup"]
    assert setup["agents"] == ["research_agent"] and setup["models"] == ["mockllm/model"]
    assert setup["sandbox"] == ["bwrap"] and setup["epochs"] == [EPOCHS]
    assert (
        setup["tasks"]["longley_ols"]["version"] == "1-C" and len(setup["tasks"]["longley_ols"]["hash"]) >= 12
    )
    assert "commit" in stored and "dirty" in stored  # None here: Inspect records no git revision under pytest


def test_the_same_policy_again_passes(run_policy, baseline, capsys, tmp_path_factory):
    again = tmp_path_factory.mktemp("again") / "capable"
    model = get_model("mockllm/model", custom_outputs=POLICIES["capable"], memoize=False)
    run_matrix(["longley_ols"], ["research_agent"], model, again, epochs=EPOCHS, display="none")
    code, out, _ = _gate(capsys, again, baseline)
    assert code == 0, out
    assert "no significant drop" in out
    assert "DROP" not in out


def test_a_policy_that_stops_submitting_fails_on_submitted(run_policy, baseline, capsys):
    code, out, _ = _gate(capsys, run_policy("no_submit"), baseline)
    assert code == 1, out
    assert "significant drop in longley_ols submitted (" in out  # that measure alone: the score held
    assert _row(out, "submitted").split()[-1] == "DROP"
    assert _row(out, "score").split()[-1] == "same"


def test_tool_calls_that_fail_to_parse_fail_on_parse_rate(run_policy, baseline, capsys):
    code, out, _ = _gate(capsys, run_policy("misparsed"), baseline)
    assert code == 1, out
    assert "significant drop in longley_ols parse_rate (" in out
    assert _row(out, "parse_rate").split()[2:4] == ["1.000", "0.750"]


def test_a_policy_whose_model_errs_fails_on_errors(run_policy, baseline, capsys):
    code, out, _ = _gate(capsys, run_policy("errs"), baseline)
    assert code == 1, out
    assert "longley_ols error" in out.splitlines()[-1] and "longley_ols submitted" in out.splitlines()[-1]
    assert _row(out, "error").split()[2:4] == ["0.000", "1.000"]
    assert _row(out, "score").split()[-2:] == ["no", "values"]  # errored samples have no score


def test_a_missing_or_malformed_baseline_is_refused(run_policy, tmp_path, capsys):
    logs = str(run_policy("capable"))
    missing = tmp_path / "absent.json"
    assert main(["--logs", logs, "--baseline", str(missing)]) == 2
    assert f"no baseline at {missing}" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    assert main(["--logs", logs, "--baseline", str(broken)]) == 2
    assert f"baseline {broken} is not valid JSON" in capsys.readouterr().err
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"format": "openintern-submission/1"}))
    assert main(["--logs", logs, "--baseline", str(foreign)]) == 2
    assert "is not a regression baseline" in capsys.readouterr().err


def _edited(baseline: Path, tmp_path: Path, edit) -> Path:
    stored = json.loads(baseline.read_text())
    edit(stored)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(stored))
    return path


def test_a_baseline_of_another_task_version_or_setup_is_refused(run_policy, baseline, tmp_path, capsys):
    logs = str(run_policy("capable"))
    older = _edited(baseline, tmp_path, lambda b: b["setup"]["tasks"]["longley_ols"].update(version="0-A"))
    assert main(["--logs", logs, "--baseline", str(older)]) == 2
    err = capsys.readouterr().err
    assert (
        "task versions differ" in err
        and "longley_ols: baseline version 0-A" in err
        and "now version 1-C" in err
    )
    fewer = _edited(baseline, tmp_path, lambda b: b["setup"].update(epochs=[3]))
    assert main(["--logs", logs, "--baseline", str(fewer)]) == 2
    assert f"epochs: baseline [3], now [{EPOCHS}]" in capsys.readouterr().err
    # A baseline whose model ran on an engine this run does not record (this run is mockllm's) is
    # refused; one made before engines were recorded still compares runs that record none.
    engine = {"runtime": "llama-cpp-python 0.3.36", "sampler": "grammar-first"}
    other_engine = _edited(baseline, tmp_path, lambda b: b["setup"].update(engines={"embedded/m": engine}))
    assert main(["--logs", logs, "--baseline", str(other_engine)]) == 2
    assert "engines of embedded/m: baseline {'runtime'" in capsys.readouterr().err
    older = _edited(baseline, tmp_path, lambda b: b["setup"].pop("engines"))
    assert main(["--logs", logs, "--baseline", str(older)]) == 0
    capsys.readouterr()
    extra = _edited(baseline, tmp_path, lambda b: b["samples"].append({**b["samples"][0], "epoch": 99}))
    assert main(["--logs", logs, "--baseline", str(extra)]) == 2
    assert "missing [('longley_ols', 'longley_ols-0', 99)]" in capsys.readouterr().err


def test_the_regress_config_runs_our_agent_on_the_embedded_model():
    config = load_run_config(CONFIG)
    assert config.agents == ["research_agent"] and config.models == ["embedded"]


# The statistics, against independent computations.


def test_on_one_sample_with_binary_values_the_test_is_fishers_exact():
    for then, now in [([1] * 6, [1] + [0] * 5), ([1, 1, 0, 1, 0, 1], [0, 0, 1, 0, 0, 0]), ([1] * 6, [0] * 6)]:
        table = [[sum(now), len(now) - sum(now)], [sum(then), len(then) - sum(then)]]
        assert drop_p_value([(then, now)], True) == pytest.approx(stats.fisher_exact(table, "less").pvalue)
    errors_then, errors_now = [0] * 6, [1, 1, 1, 0, 0, 0]  # more is worse: the direction flips
    table = [[3, 3], [0, 6]]
    assert drop_p_value([(errors_then, errors_now)], False) == pytest.approx(
        stats.fisher_exact(table, "greater").pvalue
    )


def test_on_scores_the_test_is_the_exact_permutation_test():
    rng = np.random.default_rng(3)
    then, now = rng.random(7), rng.random(6) - 0.3
    exact = stats.permutation_test(
        (now, then),
        lambda x, y: np.sum(x),
        permutation_type="independent",
        alternative="less",
        n_resamples=np.inf,
    )
    assert drop_p_value([(list(then), list(now))], True) == pytest.approx(exact.pvalue)


def test_strata_are_relabelled_within_each_sample_only():
    strata = [([0.9, 0.8, 1.0], [0.2, 0.7]), ([0.1, 0.3], [0.0, 0.3, 0.2])]
    observed = sum(sum(now) for _, now in strata)
    totals = []  # every relabelling within each stratum, enumerated by brute force
    for choice in itertools.product(
        *[itertools.combinations([*then, *now], len(now)) for then, now in strata]
    ):
        totals.append(sum(sum(c) for c in choice))
    expected = np.mean([t <= observed + 1e-9 for t in totals])
    assert drop_p_value(strata, True) == pytest.approx(expected)


def test_a_measure_that_cannot_vary_has_no_p_value():
    assert drop_p_value([([0.0, 0.0], [0.0, 0.0]), ([1.0], [1.0, 1.0])], True) is None


def test_holm_matches_statsmodels():
    p_values = [0.01, 0.04, 0.03, 0.005, 0.5, 0.2]
    assert holm(p_values) == pytest.approx(list(multipletests(p_values, method="holm")[1]))


def _values(task: str, column: dict[str, list[float]]) -> pd.DataFrame:
    n = len(next(iter(column.values())))
    base = {"score": 1.0, "success": 1.0, "submitted": 1.0, "parse_rate": 1.0, "limit_hit": 0.0, "error": 0.0}
    frame = pd.DataFrame({"task": task, "sample_id": f"{task}-0", "epoch": range(1, n + 1)} | base)
    return frame.assign(**column)


def test_one_failure_in_six_is_not_significant_but_six_are():
    then = _values("t", {"submitted": [1.0] * 6})
    one = compare(then, _values("t", {"submitted": [1.0] * 5 + [0.0]}))
    assert one.set_index("measure").loc["submitted", "verdict"] == "worse, not significant"
    six = compare(then, _values("t", {"submitted": [0.0] * 6, "error": [1.0] * 6}))
    verdicts = six.set_index("measure")["verdict"]
    assert verdicts["submitted"] == "DROP" and verdicts["error"] == "DROP" and verdicts["score"] == "same"


def test_a_drop_spread_over_tasks_is_caught_over_all_tasks():
    # Three of six fail on each of three tasks: no task alone is significant, the pooled test is.
    then = pd.concat([_values(t, {"success": [1.0] * 6}) for t in "abc"])
    now = pd.concat([_values(t, {"success": [1.0] * 3 + [0.0] * 3}) for t in "abc"])
    table = compare(then, now).set_index(["task", "measure"])
    assert all(table.loc[(t, "success"), "verdict"] == "worse, not significant" for t in "abc")
    assert table.loc[("(all tasks)", "success"), "verdict"] == "DROP"


def test_past_the_exact_limit_sampled_relabellings_give_the_same_p_value(monkeypatch):
    rng = np.random.default_rng(5)
    strata = [(list(rng.random(4)), list(rng.random(4) - 0.2)) for _ in range(3)]
    exact = drop_p_value(strata, True)
    monkeypatch.setattr("evals.regress_stats._MAX_EXACT", 10)  # forces the seeded sampling
    sampled = drop_p_value(strata, True)
    assert sampled != exact and sampled == pytest.approx(exact, abs=0.01)  # 20,000 draws: se < 0.004
    assert drop_p_value(strata, True) == sampled  # seeded: the same answer twice


def test_a_baseline_keeps_full_precision_so_a_run_matches_its_own_baseline(solved_log, tmp_path):
    """A score such as a real model earns (6 of 11 checks): `to_json` kept 10 decimals, and the run read
    against its own stored baseline then differed by 5e-11 on every sample, a significant 'drop'."""
    log_dir = tmp_path / "logs" / "fractional"
    log_dir.mkdir(parents=True)
    log = read_eval_log(solved_log.location)
    for sample in log.samples:
        for value in sample.scores.values():
            value.value = {"score": 6 / 11, "success": 0.0}
    write_eval_log(log, str(log_dir / Path(solved_log.location).name))
    stored = json.loads(json.dumps(make_baseline(log_dir)))  # as the baseline file holds it
    assert {row["score"] for row in stored["samples"]} == {6 / 11}
    table = compare(pd.DataFrame(stored["samples"]), read_run(log_dir).values)
    assert (table["difference"] == 0).all() and table["p"].isna().all(), table.to_string()
    assert set(table["verdict"]) == {"same"}


def test_a_baseline_stored_with_rounded_values_reads_as_the_same_run():
    """Baselines written before (10 decimals) compare within the test's grid: no drop, no difference."""
    exact = _values("t", {"score": [6 / 11] * 6})
    rounded = exact.assign(score=exact["score"].round(10))
    table = compare(rounded, exact).set_index("measure")
    assert table.loc["score", "p"] is None or np.isnan(table.loc["score", "p"])
    assert table.loc["score", "verdict"] == "same", table.to_string()


def _header(engines) -> SimpleNamespace:
    return SimpleNamespace(eval=SimpleNamespace(metadata={"provenance": {"engines": engines}}))


def test_one_model_on_another_engine_or_on_several_is_refused(run_policy):
    """The same model on another sampler may draw from another distribution: not the agent's doing.
    Logs of one model on two engines (a resumed run whose older logs kept their engine) are no one setup."""
    then = {"runtime": "llama-cpp-python 0.3.36", "sampler": "grammar-first"}
    now = {"runtime": "llama-cpp-python 0.3.36", "sampler": "check-after grammar/1"}
    run = read_run(run_policy("capable"))
    baseline = make_baseline(run_policy("capable"))
    baseline["setup"]["engines"] = {"embedded/m": then}
    run.setup["engines"] = {"embedded/m": now}
    with pytest.raises(
        RegressInputError, match="engines of embedded/m: baseline .*grammar-first.*check-after"
    ):
        check_comparable(baseline, run)
    run.setup["engines"] = {"embedded/m": then}
    check_comparable(baseline, run)  # the same engine compares
    assert _engines([_header({"embedded/m": now}), _header({"embedded/m": now})]) == {"embedded/m": now}
    with pytest.raises(RegressInputError, match="one model on several engines"):
        _engines([_header({"embedded/m": then}), _header({"embedded/m": now})])
    assert _engines([_header("garbage"), SimpleNamespace(eval=SimpleNamespace(metadata=None))]) == {}
