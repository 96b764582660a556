"""The report's sections as markdown, one function each, from the tables reports/stats.py and
reports/usage.py compute: results, further scorers, headline, paired differences, cost, behaviour,
errors, egress and disclosure. Formatting only: no number is computed here."""

import math

import pandas as pd

__all__ = [
    "behaviour_markdown",
    "cost_markdown",
    "disclosure",
    "egress_markdown",
    "errors_markdown",
    "other_scorers",
    "overall_markdown",
    "paired_markdown",
    "summary_markdown",
]


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


def other_scorers(summary: pd.DataFrame) -> str:
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


def overall_markdown(overall: pd.DataFrame, tasks: list[tuple[str, str]]) -> str:
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


def paired_markdown(paired: pd.DataFrame, baseline: str | None, note: str) -> str:
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


def cost_markdown(summary: pd.DataFrame) -> str:
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


def egress_markdown(egress: pd.DataFrame, statement: str, networks: list[tuple[str, str]]) -> str:
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


def disclosure(frame: pd.DataFrame, provenance: dict) -> str:
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
        *([f"- Model engines: {provenance['engines']}"] if "engines" in provenance else []),
        f"- Hardware: {provenance['hardware']}",
        f"- Logs: {', '.join(sorted(frame['log'].unique()))}",
    ]
    return "\n".join(lines)
