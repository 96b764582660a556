"""Write a run's report: report.md, a self-contained report.html, PNG figures, results.csv, samples.csv,
behaviour.csv and submission.json under reports/out/<run_id>/.

Every number printed comes from the frames built from the logs (samples.csv holds every row), and
the disclosure names the logs, the task versions and hashes and the command that made the report.
"""

import base64
import html
import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path

import markdown
import pandas as pd

from reports.figures import write_figures
from reports.record import submission_record

__all__ = ["behaviour_markdown", "summary_markdown", "write_report"]


def _fmt(value, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}"


def _interval(low, high, digits: int = 2) -> str:
    if low is None or (isinstance(low, float) and math.isnan(low)):
        return "-"
    return f"[{_fmt(low, digits)}, {_fmt(high, digits)}]"


def _cost(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not recorded"
    return f"${value:.4f}"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list], align: str | None = None) -> str:
    align = align or "|".join("---" if i < 1 else "---:" for i in range(len(header)))
    lines = ["| " + " | ".join(header) + " |", "|" + align + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_markdown(summary: pd.DataFrame) -> str:
    """The results table: one row per agent x model x task x version (the task's first scorer)."""
    rows = [
        [
            r.agent,
            r.model,
            r.task,
            r.task_version,
            f"{r.samples} x {r.epochs}",
            r.n,
            _fmt(r.score),
            _interval(r.ci_low, r.ci_high),
            _fmt(r.scored_mean),
            _fmt(r.success_rate),
            _interval(r.success_ci_low, r.success_ci_high),
            _fmt(r.pass_at_1),
            f"{_fmt(r.pass_at_k)} (k={r.k})" if r.k > 1 else "-",
            r.errors,
            r.limit_hits,
            r.unfinished,
        ]
        for r in summary[summary["primary"]].itertuples(index=False)
    ]
    header = [
        "agent",
        "model",
        "task",
        "version",
        "samples x epochs",
        "n",
        "mean score",
        "95% CI",
        "mean of scored",
        "success",
        "95% CI",
        "pass@1",
        "pass@k",
        "errors",
        "limit hits",
        "unfinished",
    ]
    return _table(header, rows, "---|---|---|---|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:")


def _other_scorers(summary: pd.DataFrame) -> str:
    others = summary[~summary["primary"]]
    if others.empty:
        return ""
    rows = [
        [
            r.agent,
            r.model,
            r.task,
            r.task_version,
            r.scorer,
            r.n,
            _fmt(r.score),
            _interval(r.ci_low, r.ci_high),
            _fmt(r.scored_mean),
            _fmt(r.success_rate),
        ]
        for r in others.itertuples(index=False)
    ]
    header = [
        "agent",
        "model",
        "task",
        "version",
        "scorer",
        "n",
        "mean score",
        "95% CI",
        "mean of scored",
        "full marks",
    ]
    return "\n".join(
        ["### Further scorers", "", _table(header, rows, "---|---|---|---|---|---:|---:|---|---:|---:")]
    )


def _overall_markdown(overall: pd.DataFrame, tasks: list[tuple[str, str]]) -> str:
    if overall.empty:
        return "No headline: no task outside the sanity tier was run by every agent x model here."
    rows = [
        [
            r.agent,
            r.model,
            r.tasks,
            r.samples,
            _fmt(r.score),
            _interval(r.ci_low, r.ci_high),
            _fmt(r.success_rate),
            f"{r.mean_tokens:.0f}",
            _cost(r.mean_cost),
            _fmt(r.mean_time_s, 1),
            r.errors,
            r.limit_hits,
        ]
        for r in overall.sort_values("score", ascending=False).itertuples(index=False)
    ]
    header = [
        "agent",
        "model",
        "tasks",
        "samples",
        "mean score",
        "95% CI",
        "success",
        "tokens / sample",
        "cost / sample",
        "time / sample (s)",
        "errors",
        "limit hits",
    ]
    named = ", ".join(f"{task} {version}" for task, version in tasks)
    return "\n".join(
        [
            f"Over the {len(tasks)} tasks every agent x model ran outside the sanity tier ({named}); each task "
            "weighs the same, and the interval combines the per-task clustered intervals.",
            "",
            _table(header, rows, "---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:"),
        ]
    )


def _paired_markdown(paired: pd.DataFrame, baseline: str | None, note: str) -> str:
    if baseline is None:
        return note
    if paired.empty:
        return f"{note} No other agent ran the same samples (model, task version and sample) as `{baseline}`."
    rows = [
        [
            r.agent,
            r.model,
            r.task,
            r.task_version,
            r.pairs,
            f"{r.difference:+.3f}",
            _interval(r.ci_low, r.ci_high, 3),
            "-" if math.isnan(r.p_value) else f"{r.p_value:.3g}",
            _fmt(r.needed_05, 0),
            _fmt(r.needed_10, 0),
        ]
        for r in paired.itertuples(index=False)
    ]
    header = [
        "agent",
        "model",
        "task",
        "version",
        "paired samples",
        f"difference vs {baseline}",
        "95% CI",
        "p (paired t)",
        "samples for 0.05",
        "samples for 0.10",
    ]
    return "\n".join(
        [
            note,
            "",
            _table(header, rows, "---|---|---|---|---:|---:|---|---:|---:|---:"),
            "",
            "Each pair is one sample (same model, task version and content hash) run by both agents, its score "
            "averaged over epochs. 'Samples for d': paired samples a true difference of d would need to be "
            "detected with 80% power at a two-sided 5% level, given the spread of differences seen here.",
        ]
    )


def _cost_markdown(summary: pd.DataFrame) -> str:
    primary = summary[summary["primary"]]
    rows = [
        [
            r.agent,
            r.model,
            r.task,
            f"{r.mean_tokens:.0f}",
            _cost(r.mean_cost),
            _fmt(r.mean_time_s, 1),
            _fmt(r.mean_working_s, 1),
            _fmt(r.tokens_per_solved, 0),
            _cost(r.cost_per_solved) if r.success_rate > 0 else "-",
            _fmt(r.time_per_solved_s, 1),
        ]
        for r in primary.itertuples(index=False)
    ]
    header = [
        "agent",
        "model",
        "task",
        "tokens / sample",
        "cost / sample",
        "time / sample (s)",
        "working time / sample (s)",
        "tokens / solved",
        "cost / solved",
        "time / solved (s)",
    ]
    return "\n".join(
        [
            _table(header, rows, "---|---|---|---:|---:|---:|---:|---:|---:|---:"),
            "",
            "Cost is what the logs recorded (Inspect prices each call from the model's registered prices; "
            "models served here are recorded at $0, and their hardware time is not priced). 'Not recorded': "
            "a model without prices. Per solved: the total over all samples divided by the successes "
            "('-': none solved). Working time excludes waiting for a model or sandbox slot.",
        ]
    )


def behaviour_markdown(behaviour: pd.DataFrame) -> str:
    """Agent behaviour: how samples ended, share of tool calls that parsed, limit hits and errors."""
    rows = [
        [
            r.agent,
            r.model,
            r.samples,
            f"{r.submitted_share:.0%}",
            f"{r.ended_itself_share:.0%}",
            r.tool_calls,
            "-" if pd.isna(r.parsed_share) else f"{r.parsed_share:.0%}",
            r.turns_without_call,
            r.limit_hits,
            r.errors,
        ]
        for r in behaviour.itertuples(index=False)
    ]
    header = [
        "agent",
        "model",
        "samples",
        "ended with a submission",
        "ended by itself",
        "tool calls",
        "parsed",
        "replies without a tool call",
        "limit hits",
        "errors",
    ]
    notes = (
        "\n\n'Ended by itself': a submission (research_agent, react) or, for the CLI scaffolds, which have "
        "no submit tool, a final message with no pending tool call. Tool calls are the model's, read from "
        "the log's model events; the CLIs' own side requests (titles, summaries) count as replies without "
        "a tool call. Errored samples are listed with their reason under 'Errors'."
    )
    return _table(header, rows, "---|---|---:|---:|---:|---:|---:|---:|---:|---:") + notes


def errors_markdown(frame: pd.DataFrame) -> str:
    """Every sample that errored or did not finish, with the first line of its reason (from its log)."""
    primary = frame[frame["primary"]]
    errored = primary[primary["error"].notna() | primary["unfinished"]]
    if errored.empty:
        return "No sample ended in an error, and every sample finished."
    rows = [
        [
            r.agent,
            r.model,
            r.task,
            r.sample_id,
            r.epoch,
            "no score: unfinished, or its value unreadable" if r.unfinished else str(r.error)[:300],
            r.log,
        ]
        for r in errored.itertuples(index=False)
    ]
    return "\n".join(
        [
            f"{int(primary['error'].notna().sum())} of {len(primary)} sample-epochs ended in an error and "
            f"{int(primary['unfinished'].sum())} did not finish. An errored sample counts as score 0 and no "
            "success in the means above ('mean of scored', Inspect's own metric, leaves it out); an unfinished "
            "one counts nowhere. Running the same run again retries both.",
            "",
            _table(
                ["agent", "model", "task", "sample", "epoch", "reason", "log"],
                rows,
                "---|---|---|---|---:|---|---",
            ),
        ]
    )


def _egress_markdown(egress: pd.DataFrame, statement: str, networks: list[tuple[str, str]]) -> str:
    rows = [
        [r.model, r.provider, r.where, r.decided_by, r.requests, r.samples, r.input_tokens, r.output_tokens]
        for r in egress.itertuples(index=False)
    ]
    header = [
        "model",
        "provider",
        "served",
        "decided by",
        "requests",
        "samples",
        "tokens sent",
        "tokens received",
    ]
    lines = [f"**{statement}**", "", _table(header, rows, "---|---|---|---|---:|---:|---:|---:"), ""]
    lines += [f"- Sandbox `{kind}`: network {network}" for kind, network in networks]
    return "\n".join(lines)


# What a reader must know about each sandbox kind; reports read logs only, so the labels live here.
_SANDBOX_LABELS = {
    "bwrap": "bwrap (isolated)",
    "local": "local (unisolated: development only; agent code could read graders, solutions and hidden data)",
    "none": "none (no agent code ran)",
}


def _disclosure(frame: pd.DataFrame, provenance: dict) -> str:
    tasks = frame.drop_duplicates(["task", "task_version", "task_hash"])[
        ["task", "task_version", "tier", "task_hash"]
    ]
    sandboxes = [
        _SANDBOX_LABELS.get(k, f"{k} (unknown isolation)") for k in sorted(frame["sandbox"].unique())
    ]
    lines = [
        _table(
            ["task", "version", "tier", "content hash (sha256)"],
            [[t.task, t.task_version, t.tier, f"`{t.task_hash}`"] for t in tasks.itertuples(index=False)],
            "---|---|---|---",
        )
    ]
    sanity = sorted(tasks.loc[tasks["tier"] == "sanity", "task"].unique())
    if sanity:
        lines += [
            "",
            f"Sanity tier ({', '.join(sanity)}): the obvious first attempt already succeeds there; these "
            "rows check that an agent works at all, say nothing about research skill, and never enter a "
            "headline score.",
        ]
    gpu = sorted(tasks.loc[tasks["tier"] == "gpu", "task"].unique())
    if gpu:
        lines += [
            "",
            f"GPU tier ({', '.join(gpu)}): the reference solution needs a GPU to finish within the "
            "limits; these rows depend on the GPU the run had as much as on the agent.",
        ]
    if "not recorded" in set(tasks["tier"]):
        lines += ["", "Tasks without a recorded tier (logs of other Inspect tasks) count as headline tasks."]
    limits = frame[["task", "time_limit", "message_limit", "token_limit"]].drop_duplicates()
    epochs = frame.groupby(["log", "sample_id"])["epoch"].max()
    lines += [
        "",
        f"- Sandbox: {', '.join(sandboxes)}",
        f"- Seeds: {', '.join(str(s) for s in sorted(frame['seed'].dropna().unique())) or 'not recorded'}; "
        f"epochs per sample: {int(epochs.min())}-{int(epochs.max())}"
        if len(epochs)
        else "- Seeds: none",
        "- Limits per sample as enforced (time s / messages / tokens): "
        + "; ".join(
            f"{r.task}: {r.time_limit} / {r.message_limit} / {r.token_limit}"
            for r in limits.itertuples(index=False)
        ),
        f"- Git commit: {provenance['git']}",
        f"- Packages: {provenance['packages']}",
        f"- CLI versions: {provenance['cli']}",
        f"- Hardware: {provenance['hardware']}",
        f"- Logs: {', '.join(sorted(frame['log'].unique()))}",
    ]
    return "\n".join(lines)


def _html(markdown_text: str, out_dir: Path, title: str) -> str:
    """report.md as one HTML file that needs nothing else: figures inlined as data URIs."""
    # The report has no raw HTML of its own, while logs hold text an agent controls (error messages,
    # names): every <, > and & is escaped before rendering, so none of it can become markup or script.
    body = markdown.markdown(html.escape(markdown_text, quote=False), extensions=["tables"])

    def inline(match: re.Match) -> str:
        path = out_dir / match.group(1)
        data = base64.b64encode(path.read_bytes()).decode() if path.is_file() else ""
        return f'src="data:image/png;base64,{data}"'

    body = re.sub(r'src="([\w.-]+\.png)"', inline, body)
    style = (
        "body{font-family:system-ui,sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 7px}"
        "th{background:#f3f3f3}img{max-width:100%}code{font-size:12px}"
    )
    return f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>{style}</style></head><body>\n{body}\n</body></html>\n'


def write_report(report) -> Path:
    """Write every output of `report` (a reports.Report) into its out_dir; return report.md's path."""
    out = report.out_dir
    out.mkdir(parents=True, exist_ok=True)
    figures = write_figures(report.summary, report.overall, out)
    report.summary.to_csv(out / "results.csv", index=False)
    report.frame.to_csv(out / "samples.csv", index=False)
    report.behaviour_summary.to_csv(out / "behaviour.csv", index=False)
    if not report.paired.empty:
        report.paired.to_csv(out / "paired.csv", index=False)
    text = _markdown(report, figures)
    (out / "report.md").write_text(text)
    (out / "report.html").write_text(_html(text, out, f"OpenIntern report: {report.run_id}"))
    (out / "submission.json").write_text(
        json.dumps(submission_record(report), indent=1, sort_keys=True) + "\n"
    )
    return out / "report.md"


def _markdown(report, figures: list[tuple[str, str]]) -> str:
    problems = (
        [
            "## Read problems",
            "",
            "These logs or values could not be used as they are; everything else was:",
            "",
        ]
        + [f"- {line}" for line in report.problems]
        + [""]
        if report.problems
        else []
    )
    return "\n".join(
        [
            f"# OpenIntern report: {report.run_id}",
            "",
            f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC} from the Inspect logs in `{report.log_dir}` by "
            f"`{report.command}`. Every number below is computed from those logs (per-sample rows in "
            "`samples.csv`; `submission.json` holds the tables for `openintern verify`).",
            "",
            *problems,
            "## Headline",
            "",
            _overall_markdown(report.overall, report.headline),
            "",
            "## Results",
            "",
            "Score is in [0, 1] for the harness's tasks (0 = the null baseline, 1 = the reference solution) "
            "and as the scorer gives it for other Inspect tasks (letter grades C/I/P/N read as 1/0/0.5/0, as "
            "Inspect's metrics read them); success is the task's threshold reached (other tasks: a full "
            "mark). Intervals are 95%, clustered by sample (epochs of one sample are not independent), and kept within [0, 1] for scores in that range. pass@k "
            "is the unbiased estimator over each sample's epochs. An errored sample counts as 0; 'mean of "
            "scored' leaves errored samples out, as Inspect's own metrics do. Rows of different task "
            "versions are never pooled.",
            "",
            summary_markdown(report.summary),
            "",
            _other_scorers(report.summary),
            "",
            *[
                line
                for file, caption in figures
                if file == "scores.png"
                for line in (f"![{caption}]({file})", "")
            ],
            "## Paired differences",
            "",
            _paired_markdown(report.paired, report.baseline, report.baseline_note),
            "",
            "## Cost and effort",
            "",
            _cost_markdown(report.summary),
            "",
            *[
                line
                for file, caption in figures
                if file != "scores.png"
                for line in (f"![{caption}]({file})", "")
            ],
            "## Agent behaviour",
            "",
            behaviour_markdown(report.behaviour_summary),
            "",
            "## Errors",
            "",
            errors_markdown(report.frame),
            "",
            "## Egress",
            "",
            _egress_markdown(report.egress, report.egress_statement, report.networks),
            "",
            "## Disclosure",
            "",
            _disclosure(report.frame, report.provenance),
            "",
            "## What this report does not show",
            "",
            "- Samples are few: read the intervals, not the means, and the paired table's 'samples for d' "
            "before calling a difference real.",
            "- A score is a task's grader on this run's outputs; it says nothing about tasks not run here, and "
            "a task's score scale is its own (headline means weigh every task the same).",
            "- Cost counts model tokens at list prices; local models' hardware time is not priced.",
            "- Agents are compared fairly only where the disclosure shows the same tasks, versions, limits, "
            "sandbox and model for each.",
            "",
        ]
    )
