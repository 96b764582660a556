"""Reports from real logs: the table, the figure, the disclosure, and one-line errors on bad input."""

import json
import shutil
from pathlib import Path

import pytest

from evals.cli import main
from evals.taskspec import content_hash, load_spec, task_dir
from reports import LogDirError, build_report, load_logs, make_report, samples_frame, summary_table


def test_report_from_real_logs(sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    report, summary = build_report(log_dir, tmp_path)
    assert report == tmp_path / log_dir.name / "report.md"
    rows = {row.agent: row for row in summary.itertuples()}
    assert rows["oracle"].success_rate == 1.0 and rows["oracle"].score == 1.0
    assert rows["null"].success_rate == 0.0 and rows["null"].n == 1
    text = report.read_text()
    version = load_spec("longley_ols").version
    assert f"| oracle | mockllm/model | longley_ols | {version} | 1 x 1 | 1 | 1.00 |" in text
    assert "Sandbox: bwrap (isolated)" in text and "unisolated" not in text and "scores.png" in text
    # longley_ols is a sanity-tier task: the disclosure says so, and it never makes a headline.
    assert f"| longley_ols | {version} | sanity |" in text
    assert "Sanity tier (longley_ols): the obvious first attempt already succeeds there" in text
    assert "No headline: no task outside the sanity tier" in text
    for figure in ("scores.png", "heatmap.png"):
        assert (report.parent / figure).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (report.parent / "results.csv").is_file() and (report.parent / "report.html").is_file()
    for log in load_logs(log_dir):  # every row is traceable to a log file named in the report
        assert log.location.split("/")[-1] in text
    # Nothing left this machine: a mock model and the network-less bwrap sandbox.
    assert "no prompt, response or file left the machine" in text
    assert "inspect-ai 0.3" in text and "Hardware: cpu " in text and "cores " in text
    # No log recorded a model engine (only the embedded model's is): no line, as in older reports.
    assert "Model engines" not in text


def test_submission_json_holds_every_table_and_names_the_logs(sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    report, summary = build_report(log_dir, tmp_path)
    submission = json.loads((report.parent / "submission.json").read_text())
    assert submission["format"] == "openintern-submission/1" and submission["sandboxes"] == ["bwrap"]
    assert [row["score"] for row in submission["results"]] == summary["score"].tolist()
    assert {entry["file"] for entry in submission["logs"]} == {
        Path(log.location).name for log in load_logs(log_dir)
    }
    assert submission["tasks"][0]["hash"] == content_hash(task_dir("longley_ols"))


def test_report_counts_tokens_of_a_model_run(solved_log):
    frame = samples_frame(load_logs(Path(solved_log.location).parent))
    assert frame.loc[0, "agent"] == "research_agent" and frame.loc[0, "total_tokens"] > 0


def test_versions_are_never_pooled(sanity_logs):
    log_dir, _ = sanity_logs
    frame = samples_frame(load_logs(log_dir))
    frame.loc[frame["agent"] == "null", "agent"] = "oracle"
    frame.loc[0, "task_version"] = "2-A"  # the same agent's rows in two versions
    summary = summary_table(frame)
    assert sorted(summary["task_version"]) == sorted(frame["task_version"]) and (summary["n"] == 1).all()


def test_a_task_in_two_versions_is_named(sanity_logs, tmp_path):
    from inspect_ai.log import read_eval_log, write_eval_log

    log_dir, _ = sanity_logs
    mixed = tmp_path / "mixed"
    shutil.copytree(log_dir, mixed)
    log = read_eval_log(str(next(mixed.glob("*.eval"))))
    log.eval.task_id = "another"
    for sample in log.samples:
        sample.metadata["task_version"] = "9-Z"
    write_eval_log(log, str(mixed / "other-version.eval"))
    report = make_report(mixed, tmp_path / "out")
    assert any("appears in versions" in p and "9-Z" in p and "never pooled" in p for p in report.problems)


def test_empty_and_missing_log_dirs(tmp_path):
    with pytest.raises(LogDirError, match="no Inspect logs"):
        build_report(tmp_path, tmp_path / "out")
    with pytest.raises(LogDirError, match="does not exist"):
        build_report(tmp_path / "absent", tmp_path / "out")


def test_corrupt_log_is_named_and_the_rest_builds(sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    broken = tmp_path / "broken"
    shutil.copytree(log_dir, broken)
    victim = sorted(broken.glob("*.eval"))[0]
    victim.write_bytes(b"not a zip")
    report, summary = build_report(broken, tmp_path / "out")
    assert f"{victim.name}: cannot be read" in report.read_text() and len(summary) == 1


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

    log_dir, _ = sanity_logs
    logs = load_logs(log_dir)
    frame = behaviour_frame([*load_logs(Path(solved_log.location).parent), *logs])
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
    from reports.sections import disclosure

    log_dir, _ = sanity_logs
    provenance = {"git": "-", "packages": "-", "cli": "-", "hardware": "-"}
    text = disclosure(samples_frame(load_logs(log_dir)).assign(tier="gpu"), provenance)
    assert "GPU tier (longley_ols): the reference solution needs a GPU" in text and "Sanity tier" not in text


def test_submit_verify_and_leaderboard_through_the_cli(sanity_logs, tmp_path, capsys):
    """The three commands as a user types them: a bundle, its verification, the page."""
    log_dir, _ = sanity_logs
    assert main(["submit", str(log_dir), "--out", str(tmp_path / "subs")]) == 0
    bundle = tmp_path / "subs" / f"{log_dir.name}.bundle"
    assert str(bundle) in capsys.readouterr().out
    assert main(["verify", str(bundle)]) == 0
    assert capsys.readouterr().out.startswith("verified")
    page = tmp_path / "board.html"
    assert main(["leaderboard", str(tmp_path / "subs"), "--out", str(page)]) == 0
    assert "oracle" in page.read_text()
    (bundle / "report" / "results.csv").write_text("agent,score\noracle,0.5\n")  # tampered
    assert main(["verify", str(bundle)]) == 1
    assert "results.csv" in capsys.readouterr().out
