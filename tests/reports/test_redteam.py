"""Red-team findings against reports and `openintern verify` (issue 13), each on real runs.

Every test here states what should happen; one still marked xfail(strict=True) is a finding not yet fixed
(when it is, xfail turns into a failure and the mark is removed).
Bundles are forged the way a forger would: edit a log with Inspect's own writer (or a report file),
rebuild the report from the edited logs, rewrite the manifest's hashes.
"""

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.log import read_eval_log
from inspect_ai.scorer import Score, Target, mean, scorer
from inspect_ai.solver import Generate, TaskState, solver

from evals.verify import verify
from reports import build_report, load_logs
from reports.submission import submit
from tests.reports.logedit import agent_log, copy_logs, edit_log

ROOT = Path(__file__).resolve().parents[2]


def _rehash(bundle: Path) -> None:
    """The manifest rewritten to match the bundle's files, as any forger can."""
    path = bundle / "manifest.json"
    manifest = json.loads(path.read_text())
    files = sorted(p for p in bundle.rglob("*") if p.is_file() and p.name != "manifest.json")
    manifest["files"] = [
        {
            "path": p.relative_to(bundle).as_posix(),
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
            "size": p.stat().st_size,
        }
        for p in files
    ]
    path.write_text(json.dumps(manifest))


def _submission(bundle: Path) -> dict:
    return json.loads((bundle / "report" / "submission.json").read_text())


@pytest.fixture(scope="module")
def bundle(sanity_logs, tmp_path_factory) -> Path:
    log_dir, _ = sanity_logs
    return submit(log_dir, tmp_path_factory.mktemp("submissions"))


def test_a_forged_headline_in_report_md_and_html_fails_verification(bundle, tmp_path):
    forged = Path(shutil.copytree(bundle, tmp_path / bundle.name))
    for name in ("report.md", "report.html"):
        path = forged / "report" / name
        text = path.read_text()
        assert "null" in text
        path.write_text(text.replace("| null |", "| null (forged) |").replace(">null<", ">null (forged)<"))
    _rehash(forged)
    assert (forged / "report" / "report.md").read_text() != (bundle / "report" / "report.md").read_text()
    problems = verify(forged, ROOT)
    assert any("report.md" in line for line in problems), problems


def test_a_sanity_task_relabelled_core_in_its_logs_fails_verification(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    for path in log_dir.rglob("*.eval"):
        edit_log(path, lambda log: log.eval.metadata.update(tier="core"))
    forged = submit(log_dir, tmp_path / "submissions")
    assert _submission(forged)["overall"], "the sanity task now makes a headline"
    problems = verify(forged, ROOT)
    assert any("tier" in line for line in problems), problems


def test_a_bundle_with_an_unreadable_log_fails_verification(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    null = agent_log(log_dir, "null")
    null.write_bytes(null.read_bytes()[:1000])  # the null agent's log no longer reads: its zeros vanish
    forged = submit(log_dir, tmp_path / "submissions")
    assert {row["agent"] for row in _submission(forged)["results"]} == {"oracle"}
    assert _submission(forged)["problems"], "the report names the unreadable log"
    problems = verify(forged, ROOT)
    assert problems, "a bundle the report could not fully read is 'verified'"


def test_a_log_duplicated_under_a_new_task_id_is_named(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    oracle = agent_log(log_dir, "oracle")
    copy = oracle.with_name(oracle.stem + "-copy.eval")
    shutil.copy(oracle, copy)

    def new_ids(log) -> None:
        log.eval.task_id += "x"
        log.eval.eval_id += "x"

    edit_log(copy, new_ids)
    forged = submit(log_dir, tmp_path / "submissions")
    submission = _submission(forged)
    [row] = [r for r in submission["results"] if r["agent"] == "oracle" and r.get("primary", True)]
    original = [r for r in _submission(submit(sanity_logs[0], tmp_path / "fresh"))["results"]]
    [before] = [r for r in original if r["agent"] == "oracle" and r.get("primary", True)]
    assert row["n"] == before["n"], "each oracle sample is counted once"
    assert submission["problems"] and verify(forged, ROOT), "and the copy is named, and fails verification"


def test_a_token_limit_the_samples_exceeded_fails_verification(solved_log, tmp_path):
    log_dir = tmp_path / "logs" / "solved-run"
    log_dir.mkdir(parents=True)
    path = log_dir / Path(solved_log.location).name
    shutil.copy(solved_log.location, path)
    used = max(sum(u.total_tokens for u in s.model_usage.values()) for s in read_eval_log(str(path)).samples)
    assert used > 100

    def claim(log) -> None:
        log.eval.config.token_limit = 100
        log.eval.metadata["limits"]["tokens"] = 100

    edit_log(path, claim)
    forged = submit(log_dir, tmp_path / "submissions")
    assert {entry["tokens"] for entry in _submission(forged)["limits"]} == {100}
    problems = verify(forged, ROOT)
    assert any("token" in line for line in problems), problems


def test_a_model_relabelled_in_the_header_fails_verification(solved_log, tmp_path):
    log_dir = tmp_path / "logs" / "solved-run"
    log_dir.mkdir(parents=True)
    path = log_dir / Path(solved_log.location).name
    shutil.copy(solved_log.location, path)
    edit_log(path, lambda log: setattr(log.eval, "model", "anthropic/claude-opus-4-1"))
    forged = submit(log_dir, tmp_path / "submissions")
    assert _submission(forged)["models"] == ["anthropic/claude-opus-4-1"]
    problems = verify(forged, ROOT)
    assert any("mockllm/model" in line for line in problems), problems


@solver
def _noop():
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        return state

    return solve


def _table_scorer(values: dict, name: str):
    """A scorer that gives each sample the value in `values` (None: no score for that sample)."""

    @scorer(metrics=[mean()], name=name)
    def table():
        async def score(state: TaskState, target: Target):
            value = values[str(state.sample_id)]
            return None if value is None else Score(value=value)

        return score

    return table()


def test_a_sample_without_the_first_scorers_score_leaves_the_headline_on_the_first_scorer(tmp_path):
    task = Task(
        name="two_scorers",
        dataset=MemoryDataset([Sample(input=str(i), id=f"s{i}") for i in range(3)]),
        solver=_noop(),
        scorer=[
            _table_scorer({"s0": None, "s1": 0.0, "s2": 0.0}, "first"),
            _table_scorer({"s0": 1.0, "s1": 1.0, "s2": 1.0}, "second"),
        ],
    )
    [log] = inspect_eval(task, model="mockllm/model", log_dir=str(tmp_path / "run"), display="none")
    assert [(s.name, s.metrics["mean"].value) for s in log.results.scores] == [
        ("first", 0.0),
        ("second", 1.0),
    ]
    report, _ = build_report(tmp_path / "run", tmp_path / "out")
    submission = json.loads((report.parent / "submission.json").read_text())
    [overall] = submission["overall"]
    assert {r["scorer"] for r in submission["results"] if r["primary"]} == {"first"}
    assert (overall["tasks"], overall["score"]) == (1, 0.0), overall  # found: 2 tasks, 0.5


def test_a_log_with_one_infinite_score_is_still_read(tmp_path):
    task = Task(
        name="odd_values",
        dataset=MemoryDataset([Sample(input=str(i), id=f"s{i}") for i in range(3)]),
        solver=_noop(),
        scorer=_table_scorer({"s0": float("inf"), "s1": 0.0, "s2": 1.0}, "odd"),
    )
    [log] = inspect_eval(task, model="mockllm/model", log_dir=str(tmp_path / "run"), display="none")
    assert len(read_eval_log(log.location).samples) == 3  # Inspect reads it
    logs = load_logs(tmp_path / "run")
    assert len(logs.headers) == 1, logs.problems  # found: LogDirError, "cannot be read (DecodeError ...)"


def test_an_edited_score_in_a_log_whose_results_were_deleted_fails_verification(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)

    def promote(log) -> None:
        for sample in log.samples:
            for score in sample.scores.values():
                score.value = {"score": 1.0, "success": 1.0}
        log.results = None  # no metrics left to contradict the samples

    edit_log(agent_log(log_dir, "null"), promote)
    forged = submit(log_dir, tmp_path / "submissions")
    submission = _submission(forged)
    [row] = [r for r in submission["results"] if r["agent"] == "null" and r.get("primary", True)]
    assert (row["score"], submission["problems"]) == (1.0, []), "the null agent now solves the task, unnamed"
    problems = verify(forged, ROOT)
    assert problems, "verify accepts it"


def test_samples_removed_from_a_finished_log_are_named(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    null = agent_log(log_dir, "null")
    edit_log(null, lambda log: setattr(log, "samples", []))  # status, results and dataset size untouched
    header = read_eval_log(str(null), header_only=True)
    assert (header.status, header.eval.dataset.samples) == ("success", 1)
    forged = submit(log_dir, tmp_path / "submissions")
    submission = _submission(forged)
    assert {row["agent"] for row in submission["results"]} == {"oracle"}, "the null agent's run vanished"
    assert submission["problems"] or verify(forged, ROOT), "and neither the report nor verify says so"


def test_the_regression_gate_sees_no_difference_between_a_run_and_its_own_baseline(solved_log, tmp_path):
    from evals.regress import compare, make_baseline, read_run

    log_dir = tmp_path / "logs" / "regress-run"
    log_dir.mkdir(parents=True)
    path = log_dir / Path(solved_log.location).name
    shutil.copy(solved_log.location, path)

    def score(log) -> None:  # a score such as a real model earns: 6 of 11 checks passed
        for sample in log.samples:
            for value in sample.scores.values():
                value.value = {"score": 6 / 11, "success": 0.0}

    edit_log(path, score)
    stored = json.loads(json.dumps(make_baseline(log_dir)))  # as evals/regress_baseline.json holds it
    table = compare(pd.DataFrame(stored["samples"]), read_run(log_dir).values)
    assert (table["difference"].fillna(0) == 0).all() and table["p"].isna().all(), table.to_string()


@solver
def _raises_html():
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        raise RuntimeError('<img src=x onerror="alert(document.domain)">')  # text an agent's code controls

    return solve


def test_html_in_a_sample_error_is_escaped_in_report_html(tmp_path):
    task = Task(
        name="html_error",
        dataset=MemoryDataset([Sample(input="x", id="s0")]),
        solver=_raises_html(),
        scorer=_table_scorer({"s0": 1.0}, "one"),
    )
    inspect_eval(task, model="mockllm/model", log_dir=str(tmp_path / "run"), display="none")
    report, _ = build_report(tmp_path / "run", tmp_path / "out")
    page = (report.parent / "report.html").read_text()
    assert "onerror" in page  # the message is shown
    assert '<img src=x onerror="alert(document.domain)">' not in page  # found: as a live tag


def test_a_token_limit_that_meters_output_only_fails_verification(tmp_path):
    """No forgery: Inspect's own `--token-limit 'FORMULA:N'` meters what the formula says, here almost
    nothing of the input, while the log's token_limit still reads the declared number."""
    from evals.agents import oracle
    from evals.taskload import build_task

    log_dir = tmp_path / "logs" / "token-type-run"
    [log] = inspect_eval(
        build_task("longley_ols", solver=oracle()),
        model="mockllm/model",
        token_limit="(input*0.0001)+output:300000",
        log_dir=str(log_dir),
        display="none",
    )
    assert (log.eval.config.token_limit, log.eval.config.token_limit_type) == (
        300000,
        "(input*0.0001)+output",
    )
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert any("token" in line for line in problems), problems


def test_a_run_on_a_chosen_subset_of_a_tasks_instances_fails_verification(tmp_path):
    """No forgery: `inspect eval --sample-id` (here: 1 of hampel_smoother's 3 instances) is a real run."""
    from evals.agents import null
    from evals.taskload import build_task

    log_dir = tmp_path / "logs" / "subset-run"
    [log] = inspect_eval(
        build_task("hampel_smoother", solver=null()),
        model="mockllm/model",
        sample_id="hampel_smoother-1",
        log_dir=str(log_dir),
        display="none",
    )
    assert (log.eval.dataset.samples, len(log.samples)) == (3, 1)
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert any("hampel_smoother" in line for line in problems), problems


def test_the_oracle_run_under_another_agents_name_fails_verification(tmp_path):
    """No forgery: `eval(metadata={"agent": ...})` is Inspect's own argument; the log's plan says oracle."""
    from evals.agents import oracle
    from evals.taskload import build_task

    log_dir = tmp_path / "logs" / "label-run"
    [log] = inspect_eval(
        build_task("longley_ols", solver=oracle()),
        model="mockllm/model",
        metadata={"agent": "research_agent"},
        log_dir=str(log_dir),
        display="none",
    )
    assert log.plan.steps[-1].solver == "oracle"
    bundle = submit(log_dir, tmp_path / "submissions")
    assert [(r["agent"], r["score"]) for r in _submission(bundle)["results"]] == [("research_agent", 1.0)]
    problems = verify(bundle, ROOT)
    assert any("oracle" in line for line in problems), problems


def test_samples_retried_after_errors_are_disclosed(tmp_path):
    crashed: set = set()

    @solver
    def crashes_once():
        async def solve(state: TaskState, generate: Generate) -> TaskState:
            if state.sample_id not in crashed:
                crashed.add(state.sample_id)
                raise RuntimeError("agent crashed")
            return state

        return solve

    task = Task(
        name="flaky_task",
        dataset=MemoryDataset([Sample(input=str(i), id=f"s{i}") for i in range(3)]),
        solver=crashes_once(),
        scorer=_table_scorer({f"s{i}": 1.0 for i in range(3)}, "one"),
    )
    [log] = inspect_eval(
        task, model="mockllm/model", log_dir=str(tmp_path / "run"), display="none", retry_on_error=1
    )
    assert all(len(sample.error_retries or []) == 1 for sample in log.samples)  # every sample crashed once
    report, _ = build_report(tmp_path / "run", tmp_path / "out")
    text = report.read_text().replace(str(tmp_path), "")  # the test's own folder name says "retried"
    assert "retr" in text.lower(), "the report shows 3 clean samples, 0 errors"


def test_an_edited_score_in_a_log_whose_reducer_was_renamed_fails_verification(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)

    def promote(log) -> None:
        for sample in log.samples:
            for score in sample.scores.values():
                score.value = {"score": 1.0, "success": 1.0}
        for score in log.results.scores:
            score.reducer = "max"  # one word: the metrics now cannot be recomputed, so are not checked

    edit_log(agent_log(log_dir, "null"), promote)
    forged = submit(log_dir, tmp_path / "submissions")
    [row] = [r for r in _submission(forged)["results"] if r["agent"] == "null" and r.get("primary", True)]
    assert row["score"] == 1.0
    problems = verify(forged, ROOT)
    assert problems, "the null agent solves the task, verified"


def test_a_cost_edited_in_the_samples_fails_verification(solved_log, tmp_path):
    log_dir = tmp_path / "logs" / "solved-run"
    log_dir.mkdir(parents=True)
    path = log_dir / Path(solved_log.location).name
    shutil.copy(solved_log.location, path)
    assert all(usage.total_cost is None for usage in read_eval_log(str(path)).stats.model_usage.values())

    def price(log) -> None:
        for sample in log.samples:
            for usage in sample.model_usage.values():
                usage.total_cost = 0.0001  # the header's totals, Inspect's own, record no cost

    edit_log(path, price)
    forged = submit(log_dir, tmp_path / "submissions")
    assert [r["mean_cost"] for r in _submission(forged)["results"] if r.get("primary", True)] == [0.0001]
    problems = verify(forged, ROOT)
    assert any("cost" in line for line in problems), problems


def test_a_swapped_figure_fails_verification(bundle, tmp_path):
    forged = Path(shutil.copytree(bundle, tmp_path / bundle.name))
    first, second = sorted((forged / "report").glob("*.png"))[:2]
    first.write_bytes(second.read_bytes())  # report.md's image now shows another figure
    _rehash(forged)
    problems = verify(forged, ROOT)
    assert any(first.name in line for line in problems), problems
