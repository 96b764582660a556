"""How agents behaved, from the logs: how each sample ended (see reports/logread.py for the endings),
how many tool calls the model made and how many of them parsed, and how many requests went to each
model. Reads logs only, like the rest of reports/.
"""

import pandas as pd
from inspect_ai.log import EvalLog

from reports.frames import Logs, agent_name

__all__ = ["behaviour_frame", "behaviour_summary"]

_COLUMNS = (
    "agent model task sample_id epoch submitted ending model_turns tool_calls parsed_calls "
    "turns_without_call limit error requests"
).split()


def behaviour_frame(logs: Logs | list[EvalLog]) -> pd.DataFrame:
    """One row per sample x epoch: how it ended, model turns, tool calls and those that parsed, and
    model requests per model."""
    logs = Logs.of(logs)
    rows = []
    for log in logs:
        agent, model, task = agent_name(log), log.eval.model, log.eval.task.split("/")[-1]
        for sample in logs.samples[log.location]:
            rows.append(
                {
                    "agent": agent,
                    "model": model,
                    "task": (sample["metadata"] or {}).get("task_id", task),
                    "sample_id": str(sample["id"]),
                    "epoch": sample["epoch"],
                    **{key: sample[key] for key in _COLUMNS[5:11]},
                    "limit": sample["limit"],
                    "error": bool(sample["error"]),
                    "requests": sample["requests"],
                }
            )
    return pd.DataFrame(rows, columns=_COLUMNS)


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
