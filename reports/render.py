"""Write a run's report: report.md, a PNG figure and results.csv under reports/out/<run_id>/."""

from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: reports are files, never windows
import matplotlib.pyplot as plt
import pandas as pd

__all__ = ["behaviour_markdown", "render_report", "summary_markdown"]


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def summary_markdown(summary: pd.DataFrame) -> str:
    """The results table as markdown: one row per agent x model x task."""
    lines = [
        "| agent | model | task | version | n | mean score | 95% CI | success rate | mean tokens | mean time (s) | errors | limit hits |",
        "|---|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in summary.itertuples(index=False):
        lines.append(
            f"| {row.agent} | {row.model} | {row.task} | {row.task_version} | {row.n} | {_fmt(row.score)} "
            f"| [{_fmt(row.ci_low)}, {_fmt(row.ci_high)}] | {_fmt(row.success_rate)} | {row.mean_tokens:.0f} "
            f"| {_fmt(row.mean_time_s, 1)} | {row.errors} | {row.limit_hits} |"
        )
    return "\n".join(lines)


def _figure(summary: pd.DataFrame, path: Path) -> None:
    """Mean score per agent with its 95% CI, one panel per task."""
    tasks = sorted(summary["task"].unique())
    fig, axes = plt.subplots(1, len(tasks), figsize=(4.5 * len(tasks), 3.2), squeeze=False)
    one_model = summary["model"].nunique() == 1
    for ax, task in zip(axes[0], tasks):
        rows = summary[summary["task"] == task].sort_values("agent")
        labels = [
            a if one_model else f"{a}\n{m.split('/')[-1]}" for a, m in zip(rows["agent"], rows["model"])
        ]
        errors = [rows["score"] - rows["ci_low"], rows["ci_high"] - rows["score"]]
        ax.bar(labels, rows["score"], yerr=errors, capsize=4, color="#4C72B0")
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{task}\n{summary['model'].iloc[0]}" if one_model else task, fontsize=9)
        ax.set_ylabel("mean score (95% CI)")
        ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _limits(frame: pd.DataFrame) -> str:
    combos = frame[["task", "time_limit", "message_limit", "token_limit"]].drop_duplicates()
    return "; ".join(
        f"{row.task}: {row.time_limit} / {row.message_limit} / {row.token_limit}"
        for row in combos.itertuples(index=False)
    )


# What a reader must know about each sandbox kind; reports read logs only, so the labels live here.
_SANDBOX_LABELS = {
    "bwrap": "bwrap (isolated)",
    "local": "local (unisolated: development only; agent code could read graders, solutions and hidden data)",
}


def _disclosure(frame: pd.DataFrame, provenance: dict) -> str:
    tasks = frame.drop_duplicates(["task", "task_version", "task_hash"])[
        ["task", "task_version", "tier", "task_hash"]
    ]
    sandboxes = [
        _SANDBOX_LABELS.get(kind, f"{kind} (unknown isolation)") for kind in sorted(frame["sandbox"].unique())
    ]
    lines = ["| task | version | tier | content hash (sha256) |", "|---|---|---|---|"]
    lines += [
        f"| {t.task} | {t.task_version} | {t.tier} | `{t.task_hash}` |" for t in tasks.itertuples(index=False)
    ]
    sanity = sorted(tasks.loc[tasks["tier"] == "sanity", "task"].unique())
    if sanity:
        lines += [
            "",
            f"Sanity tier ({', '.join(sanity)}): the obvious first attempt already succeeds there; these "
            "rows check that an agent works at all and say nothing about research skill.",
        ]
    gpu = sorted(tasks.loc[tasks["tier"] == "gpu", "task"].unique())
    if gpu:
        lines += [
            "",
            f"GPU tier ({', '.join(gpu)}): the reference solution needs a GPU to finish within the limits; "
            "these rows depend on the GPU the run had as much as on the agent.",
        ]
    lines += [
        "",
        f"- Sandbox: {', '.join(sandboxes)}",
        f"- Seeds: {', '.join(str(s) for s in sorted(frame['seed'].dropna().unique()))}; "
        f"epochs per sample: {int(frame.groupby(['log', 'sample_id'])['epoch'].max().max())}",
        f"- Limits per sample (time s / messages / tokens): {_limits(frame)}",
        f"- Git commit: {provenance.get('git_commit') or 'not recorded'}",
        f"- Packages: {provenance.get('packages') or 'not recorded'}",
        f"- Logs: {', '.join(sorted(frame['log'].unique()))}",
    ]
    return "\n".join(lines)


def behaviour_markdown(behaviour: pd.DataFrame) -> str:
    """Agent behaviour: how samples ended, share of tool calls that parsed, limit hits and errors."""
    lines = [
        "| agent | model | samples | ended with a submission | ended by itself | tool calls | parsed "
        "| replies without a tool call | limit hits | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in behaviour.itertuples(index=False):
        parsed = "-" if pd.isna(row.parsed_share) else f"{row.parsed_share:.0%}"
        lines.append(
            f"| {row.agent} | {row.model} | {row.samples} | {row.submitted_share:.0%} | {row.ended_itself_share:.0%} "
            f"| {row.tool_calls} | {parsed} | {row.turns_without_call} | {row.limit_hits} | {row.errors} |"
        )
    notes = (
        "\n\n'Ended by itself': a submission (research_agent, react) or, for the CLI scaffolds, which have "
        "no submit tool, a final message with no pending tool call. Tool calls are the model's, read from "
        "the log's model events; the CLIs' own side requests (titles, summaries) count as replies without "
        "a tool call. Errored samples are listed with their reason under 'Errors'."
    )
    return "\n".join(lines) + notes


def errors_markdown(frame: pd.DataFrame) -> str:
    """Every sample that ended in an error, with the first line of its reason (from its log)."""
    errored = frame[frame["error"].notna()]
    if errored.empty:
        return "No sample ended in an error."
    lines = [
        f"{len(errored)} of {len(frame)} samples ended in an error. They count as score 0 in the results "
        "above (`samples.csv` marks them `scored: False`); running the same run again retries them.",
        "",
        "| agent | model | task | sample | epoch | reason | log |",
        "|---|---|---|---|---:|---|---|",
    ]
    for row in errored.itertuples(index=False):
        reason = str(row.error).replace("|", "\\|")[:400]
        lines.append(
            f"| {row.agent} | {row.model} | {row.task} | {row.sample_id} | {row.epoch} | {reason} | {row.log} |"
        )
    return "\n".join(lines)


def render_report(
    frame: pd.DataFrame,
    summary: pd.DataFrame,
    out_dir: Path,
    run_id: str,
    log_dir: Path,
    provenance: dict,
    behaviour: pd.DataFrame,
) -> Path:
    """Write report.md, scores.png and results.csv into out_dir; return the report's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _figure(summary, out_dir / "scores.png")
    summary.to_csv(out_dir / "results.csv", index=False)
    frame.to_csv(out_dir / "samples.csv", index=False)
    behaviour.to_csv(out_dir / "behaviour.csv", index=False)
    report = out_dir / "report.md"
    report.write_text(
        "\n".join(
            [
                f"# OpenIntern report: {run_id}",
                "",
                f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC} from the Inspect logs in `{log_dir}` "
                f"by `openintern report {log_dir}`. Every number below is computed from those logs "
                "(per-sample rows in `samples.csv`).",
                "",
                "## Results",
                "",
                "Score is in [0, 1] (0 = the null baseline, 1 = the reference solution); success means the "
                "task's success threshold was reached. The 95% CI is a Student-t interval over samples x epochs.",
                "",
                summary_markdown(summary),
                "",
                "![mean score per agent](scores.png)",
                "",
                "## Agent behaviour",
                "",
                behaviour_markdown(behaviour),
                "",
                "## Errors",
                "",
                errors_markdown(frame),
                "",
                "## Disclosure",
                "",
                _disclosure(frame, provenance),
                "",
            ]
        )
    )
    return report
