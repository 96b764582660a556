"""How agents behaved, from the logs: how each sample ended, how many tool calls the model made and
how many of them parsed. Reads logs only, like the rest of reports/.

How a sample ended, one of:
- `submit`: the agent called a submit tool that parsed (research_agent, react);
- `final answer`: an agent that was offered no submit tool stopped by itself with a last message
  and no pending tool call, the way the CLI scaffolds (claude_code, codex_cli) end their work;
- `limit: <type>`: a time, token, message... limit stopped it (Inspect still scores it);
- `error`: the sample errored (the reason is in the results' error column);
- `none`: none of these (the null agent, the oracle: nothing the model did).
"""

import pandas as pd
from inspect_ai.log import EvalLog

from reports.frames import agent_name

__all__ = ["behaviour_frame", "behaviour_summary"]


def _submitted(sample) -> bool:
    """A submit call that parsed was made: executed as a tool (react) or taken by the agent's own
    loop (ours). A submit call whose arguments did not parse is not counted."""
    if any(
        getattr(e, "event", None) == "tool" and getattr(e, "function", None) == "submit" and e.error is None
        for e in sample.events
    ):
        return True
    return any(
        call.function == "submit" and call.parse_error is None
        for m in sample.messages
        if m.role == "assistant"
        for call in (m.tool_calls or [])
    )


def _ending(sample) -> str:
    if sample.error is not None:
        return "error"
    if sample.limit is not None:
        return f"limit: {sample.limit.type}"
    if _submitted(sample):
        return "submit"
    offered_submit = any(
        tool.name == "submit"
        for e in sample.events
        if getattr(e, "event", None) == "model"
        for tool in (e.tools or [])
    )
    replies = [m for m in sample.messages if m.role == "assistant"]
    if not offered_submit and replies and not replies[-1].tool_calls and replies[-1].text.strip():
        return "final answer"  # only an agent without a submit tool ends this way of its own accord
    return "none"


def behaviour_frame(logs: list[EvalLog]) -> pd.DataFrame:
    """One row per sample x epoch: submitted, model turns, tool calls and tool calls that parsed."""
    rows = []
    for log in logs:
        for sample in log.samples or []:
            outputs = [e.output for e in sample.events if getattr(e, "event", None) == "model" and e.output]
            calls = [c for output in outputs for c in (output.message.tool_calls or [])]
            rows.append(
                {
                    "agent": agent_name(log),
                    "model": log.eval.model,
                    "task": (sample.metadata or {}).get("task_id", log.eval.task),
                    "sample_id": sample.id,
                    "epoch": sample.epoch,
                    "submitted": _submitted(sample),
                    "ending": _ending(sample),
                    "model_turns": len(outputs),
                    "tool_calls": len(calls),
                    "parsed_calls": sum(c.parse_error is None for c in calls),
                    "turns_without_call": sum(not output.message.tool_calls for output in outputs),
                    "limit": sample.limit.type if sample.limit else None,
                }
            )
    return pd.DataFrame(rows)


def behaviour_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per agent x model: samples, share that ended by the agent's own decision (a submission or a
    final answer), share of tool calls that parsed, limit hits and errors."""
    grouped = frame.groupby(["agent", "model"])
    return pd.DataFrame(
        {
            "samples": grouped.size(),
            "submitted_share": grouped["submitted"].mean(),
            "ended_itself_share": grouped["ending"].apply(
                lambda s: s.isin(["submit", "final answer"]).mean()
            ),
            "errors": grouped["ending"].apply(lambda s: int((s == "error").sum())),
            "tool_calls": grouped["tool_calls"].sum(),
            "parsed_share": grouped["parsed_calls"].sum()
            / grouped["tool_calls"].sum().where(lambda s: s > 0),
            "turns_without_call": grouped["turns_without_call"].sum(),
            "limit_hits": grouped["limit"].apply(lambda s: int(s.notna().sum())),
        }
    ).reset_index()
