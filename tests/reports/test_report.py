"""Reports from real logs: the table, the figure, the disclosure, and one-line errors on bad input."""

import shutil

import pytest

from evals.cli import main
from evals.taskspec import load_spec
from reports import LogDirError, VersionMismatchError, build_report, load_logs, samples_frame, summary_table


def test_report_from_real_logs(sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    report, summary = build_report(log_dir, tmp_path)
    assert report == tmp_path / log_dir.name / "report.md"
    rows = {row.agent: row for row in summary.itertuples()}
    assert rows["oracle"].success_rate == 1.0 and rows["oracle"].score == 1.0
    assert rows["null"].success_rate == 0.0 and rows["null"].n == 1
    text = report.read_text()
    version = load_spec("longley_ols").version
    assert f"| oracle | mockllm/model | longley_ols | {version} | 1 | 1.00 |" in text
    assert "Sandbox: bwrap (isolated)" in text and "unisolated" not in text and "scores.png" in text
    # longley_ols is a sanity-tier task: the disclosure says so, and what it does not show.
    assert f"| longley_ols | {version} | sanity |" in text
    assert "Sanity tier (longley_ols): the obvious first attempt already succeeds there" in text
    assert (report.parent / "scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (report.parent / "results.csv").is_file()
    for log in load_logs(log_dir):  # every row is traceable to a log file named in the report
        assert log.location.split("/")[-1] in text


def test_report_counts_tokens_of_a_model_run(solved_log):
    frame = samples_frame([solved_log])
    assert frame.loc[0, "agent"] == "research_agent" and frame.loc[0, "total_tokens"] > 0


def test_confidence_interval_over_several_samples(sanity_logs):
    _, logs = sanity_logs
    frame = samples_frame(logs)
    doubled = frame.assign(score=[0.0, 1.0]).pipe(lambda f: f.assign(agent="same"))
    [row] = summary_table(doubled).itertuples()
    assert row.n == 2 and row.score == 0.5 and row.ci_low < 0 and row.ci_high > 1


def test_refuses_to_pool_incomparable_versions(sanity_logs):
    _, logs = sanity_logs
    frame = samples_frame(logs)
    frame.loc[0, "task_version"] = "2-A"
    with pytest.raises(VersionMismatchError, match="not comparable"):
        summary_table(frame)


def test_empty_and_missing_log_dirs(tmp_path):
    with pytest.raises(LogDirError, match="no Inspect logs"):
        build_report(tmp_path, tmp_path / "out")
    with pytest.raises(LogDirError, match="does not exist"):
        build_report(tmp_path / "absent", tmp_path / "out")


def test_corrupt_log_is_named(sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    broken = tmp_path / "broken"
    shutil.copytree(log_dir, broken)
    victim = sorted(broken.glob("*.eval"))[0]
    victim.write_bytes(b"not a zip")
    with pytest.raises(LogDirError, match=victim.name):
        build_report(broken, tmp_path / "out")


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["report", "{tmp}"], "no Inspect logs"),
        (["run", "--tasks", "no_such_task", "--agents", "null"], "unknown task 'no_such_task'"),
        (["run", "--agents", "nobody", "--model", "mockllm/model"], "unknown agent 'nobody'"),
    ],
)
def test_cli_errors_are_one_line(tmp_path, capsys, argv, expected):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert (
        main(
            [*argv, "--out", str(tmp_path / "out")]
            if argv[0] == "report"
            else [*argv, "--log-root", str(tmp_path)]
        )
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert expected in err and "\n" not in err and err.startswith("openintern: error:")


def test_behaviour_counts_submissions_and_parsed_calls(solved_log, sanity_logs):
    from reports import behaviour_frame, behaviour_summary

    _, logs = sanity_logs
    frame = behaviour_frame([solved_log, *logs])
    ours = frame[frame["agent"] == "research_agent"].iloc[0]
    assert (
        ours["submitted"]
        and ours["tool_calls"] == 3
        and ours["parsed_calls"] == 3
        and ours["model_turns"] == 3
    )
    assert not frame[frame["agent"] == "null"].iloc[0]["submitted"]
    summary = behaviour_summary(frame).set_index("agent")
    assert summary.loc["research_agent", "submitted_share"] == 1.0
    assert summary.loc["research_agent", "parsed_share"] == 1.0
    assert summary.loc["null", "submitted_share"] == 0.0


def test_the_disclosure_says_what_gpu_tier_rows_depend_on(sanity_logs):
    from reports.render import _disclosure

    _, logs = sanity_logs
    text = _disclosure(samples_frame(logs).assign(tier="gpu"), {})
    assert "GPU tier (longley_ols): the reference solution needs a GPU" in text and "Sanity tier" not in text
