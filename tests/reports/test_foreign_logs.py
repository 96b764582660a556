"""Logs the harness did not write, read right: every number equals the one Inspect's own metrics put
in the same log, errored and limit-stopped samples are counted and shown, and bad input is named
while the rest of the report still builds."""

import shutil

import pytest
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.scorer import Score

from reports import (
    LogDirError,
    build_report,
    load_logs,
    make_report,
    samples_frame,
    summary_table,
    write_report,
)


def _inspect_metrics(logs) -> dict[tuple[str, str], dict[str, float]]:
    """(task, score name) -> Inspect's metric values, as the log's results hold them."""
    return {
        (log.eval.task, score.name): {name: metric.value for name, metric in score.metrics.items()}
        for log in logs.values()
        for score in log.results.scores
    }


def test_every_scorer_equals_inspects_own_metric(foreign_logs):
    log_dir, logs = foreign_logs
    summary = summary_table(samples_frame(load_logs(log_dir)))
    expected = _inspect_metrics(logs)
    assert len(expected) == 7  # two scorers, a dict score's two keys, and one each for three more tasks
    for (task, name), metrics in expected.items():
        [row] = summary[(summary["task"] == task) & (summary["scorer"] == name)].itertuples()
        value = metrics.get("accuracy", metrics.get("mean"))
        assert row.scored_mean == pytest.approx(value), (task, name)
        if "stderr" in metrics and not row.errors:  # balanced epochs: the clustered error is Inspect's stderr
            assert row.score_se == pytest.approx(metrics["stderr"]), (task, name)


def test_letter_grades_are_not_read_as_zero(foreign_logs):
    log_dir, _ = foreign_logs
    summary = summary_table(samples_frame(load_logs(log_dir)))
    qa = summary[summary["task"] == "qa_match_includes"].set_index("scorer")
    assert qa.loc["match", "score"] == 0.5 and qa.loc["includes", "score"] == 0.5
    assert qa.loc["match", "primary"] and not qa.loc["includes", "primary"]
    choice = summary[summary["task"] == "multiple_choice_task"].iloc[0]
    assert (choice.samples, choice.epochs, choice.score) == (2, 2, 0.25)


def test_errored_and_limit_stopped_samples_are_counted_and_shown(foreign_logs, tmp_path):
    log_dir, logs = foreign_logs
    report = make_report(log_dir, tmp_path)
    errors = report.summary[report.summary["task"] == "errors_and_limits"].iloc[0]
    # Two of four samples errored: counted as 0 in the mean, left out of Inspect's metric beside it.
    assert (errors.n, errors.errors, errors.score, errors.scored_mean) == (4, 2, 0.25, 0.5)
    react = report.summary[report.summary["task"] == "react_includes"].iloc[0]
    assert (react.n, react.limit_hits, react.score) == (3, 1, pytest.approx(1 / 3))
    endings = report.behaviour.set_index(["task", "sample_id"])["ending"]
    assert (
        endings[("react_includes", "0")] == "submit" and endings[("react_includes", "2")] == "limit: message"
    )
    assert endings[("errors_and_limits", "1")] == "error"
    text = write_report(report).read_text()
    assert "RuntimeError('solver crashed on sample 1')" in text and "counts as score 0" in text
    [row] = [
        line
        for line in text.splitlines()
        if line.startswith("| fails_on_odd | mockllm/model | errors_and_limits | 0 | 4 x 1 |")
    ]
    assert "| 4 x 1 | 4 | 0.25 |" in row and "| 0.50 |" in row and row.endswith("| 2 | 0 | 0 |")


def test_a_value_no_reading_can_interpret_is_named_not_zeroed(foreign_logs, tmp_path):
    log_dir, logs = foreign_logs
    log = read_eval_log(logs["qa_match_includes"].location)
    log.samples[0].scores["match"] = Score(value="maybe")  # value_to_float would quietly make this 0
    folder = tmp_path / "odd"
    write_eval_log(log, str(folder / "odd.eval"))
    loaded = load_logs(folder)
    frame = samples_frame(loaded)
    assert any("cannot be read as numbers" in p and "'maybe'" in p for p in loaded.problems)
    match = frame[(frame["scorer"] == "match")]
    assert match["score"].notna().sum() == 3 and match["score"].mean() == pytest.approx(1 / 3)
    assert match["unfinished"].sum() == 1  # the unreadable one counts nowhere (not as 0) and is listed


def test_mixed_directory_with_a_corrupt_and_an_unrelated_log_still_builds(
    foreign_logs, sanity_logs, tmp_path
):
    foreign_dir, _ = foreign_logs
    sanity_dir, _ = sanity_logs
    mixed = tmp_path / "mixed"
    shutil.copytree(foreign_dir, mixed)
    shutil.copytree(sanity_dir, mixed / "sanity")
    corrupt = mixed / "2026-01-01T00-00-00-00-00_broken_AAAAAAAAAAAAAAAAAAAAAA.eval"
    corrupt.write_bytes(b"not a zip at all")
    truncated = mixed / "2026-01-01T00-00-00-00-00_cut_BBBBBBBBBBBBBBBBBBBBBB.eval"
    truncated.write_bytes(next(mixed.glob("*qa-match*.eval")).read_bytes()[:300])
    report_path, summary = build_report(mixed, tmp_path / "out")
    text = report_path.read_text()
    assert "## Read problems" in text
    for bad in (corrupt, truncated):
        assert f"{bad.name}: cannot be read" in text
    # The rest is there: the harness's own task and the other Inspect tasks side by side.
    assert {"longley_ols", "qa_match_includes", "dict_scored"} <= set(summary["task"])


def test_a_directory_mixing_runs_is_named(paired_logs, tmp_path):
    log_dir, logs = paired_logs
    again = tmp_path / "again"
    shutil.copytree(log_dir, again)
    log = read_eval_log(logs["alpha"].location)
    log.eval.run_id, log.eval.eval_id, log.eval.task_id = "another-run", "another-eval", "another-task-id"
    write_eval_log(log, str(again / "second-run.eval"))
    loaded = load_logs(again)
    assert any("comes from 2 different runs" in p and "another-run" in p for p in loaded.problems)


def test_retried_logs_are_not_counted_twice(paired_logs, tmp_path):
    log_dir, logs = paired_logs
    again = tmp_path / "retried"
    shutil.copytree(log_dir, again)
    log = read_eval_log(logs["alpha"].location)
    log.eval.created = "2020-01-01T00:00:00+00:00"  # an older attempt of the same evaluation
    write_eval_log(log, str(again / "older-attempt.eval"))
    loaded = load_logs(again)
    assert len(loaded) == 2 and any(
        "earlier attempt" in p and "older-attempt.eval" in p for p in loaded.problems
    )


def test_nothing_readable_is_one_clear_error(tmp_path):
    (tmp_path / "a.eval").write_bytes(b"junk")
    with pytest.raises(LogDirError, match="none of the 1 logs .* can be read: a.eval: cannot be read"):
        load_logs(tmp_path)


def test_the_html_report_is_self_contained(foreign_logs, tmp_path):
    log_dir, _ = foreign_logs
    report_path, _ = build_report(log_dir, tmp_path)
    html = (report_path.parent / "report.html").read_text()
    assert "<table>" in html and html.count('src="data:image/png;base64,') >= 2
    assert "http://" not in html and "https://" not in html  # nothing fetched when opened offline
    assert html.count("<tr>") > 20


def test_worker_processes_read_the_same_rows(foreign_logs, monkeypatch):
    """Large runs are read one log per worker process: the rows are the ones one process reads."""
    from reports import frames

    log_dir, _ = foreign_logs
    alone = samples_frame(load_logs(log_dir))
    monkeypatch.setattr(frames, "PARALLEL_FROM", 1)
    monkeypatch.setattr(frames.os, "cpu_count", lambda: 2)
    spawned = []
    real_pool = frames.ProcessPoolExecutor
    monkeypatch.setattr(
        frames, "ProcessPoolExecutor", lambda *a, **k: spawned.append(1) or real_pool(*a, **k)
    )
    in_workers = samples_frame(load_logs(log_dir))
    assert spawned and in_workers.equals(alone)


def test_mean_of_scored_follows_the_logs_epoch_reducer(tmp_path):
    """Epochs reduced by max before the metric, as Inspect does: 'mean of scored' is Inspect's number."""
    from inspect_ai import Epochs, eval

    from tests.reports.foreign import _model, qa_match_includes

    [log] = eval(
        qa_match_includes(),
        model=_model(["4", "x", "x", "x", "x", "Paris", "9", "x"]),
        epochs=Epochs(2, "max"),
        log_dir=str(tmp_path / "run"),
        display="none",
        max_samples=1,
    )
    summary = summary_table(samples_frame(load_logs(tmp_path / "run"))).set_index("scorer")
    inspect_value = {s.name: s.metrics["accuracy"].value for s in log.results.scores}
    assert summary.loc["match", "scored_mean"] == pytest.approx(inspect_value["match"])
    assert summary.loc["match", "score"] != pytest.approx(inspect_value["match"])  # the plain mean differs
