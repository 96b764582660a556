"""How agents behaved, from the logs: how each sample ended, how many tool calls the model made and
how many of them parsed, and how many requests went to each model. Reads logs only, like the rest of
reports/.

How a sample ended, one of:
- `submit`: the agent called a submit tool that parsed (research_agent, react);
- `final answer`: an agent that was offered no submit tool stopped by itself with a last message
  and no pending tool call, the way the CLI scaffolds (claude_code, codex_cli) end their work;
- `limit: <type>`: a time, token, message... limit stopped it (Inspect still scores it);
- `error`: the sample errored (the reason is in the results' error column);
- `none`: none of these (the null agent, the oracle: nothing the model did).

Speed: a full `read_eval_log` builds every message and event as a pydantic object (about 5 ms for a
sample of 40 messages); these rows need a few fields of each, so each sample's JSON, as Inspect's
writer stored it, is read as plain data (about 0.2 ms), one log per worker process.
"""

import json
import multiprocessing
import os
import sys
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
from inspect_ai.log import EvalLog

from reports.frames import Logs, agent_name

if sys.version_info < (3, 14):  # Inspect writes samples zstd-compressed; this teaches zipfile to read them
    import zipfile_zstd  # noqa: F401

__all__ = ["behaviour_frame", "behaviour_summary", "raw_samples"]


def raw_samples(location: str):
    """Yield each sample of a log as the plain JSON Inspect wrote (.eval zip entries or a .json log)."""
    path = location.removeprefix("file://")
    if path.endswith(".json"):
        with open(path, "rb") as handle:
            yield from json.load(handle).get("samples") or []
        return
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("samples/") and name.endswith(".json"):
                yield json.loads(archive.read(name))


def _calls(sample: dict) -> tuple[list[dict], list[dict], Counter]:
    """The model's outputs' tool calls, the tools it was offered, and model requests per model."""
    calls, tools, requests = [], [], Counter()
    for event in sample.get("events") or []:
        if event.get("event") != "model":
            continue
        requests[event.get("model") or "unknown"] += 1
        tools += event.get("tools") or []
        for choice in ((event.get("output") or {}).get("choices") or [])[:1]:
            calls += (choice.get("message") or {}).get("tool_calls") or []
    return calls, tools, requests


def _submitted(sample: dict) -> bool:
    """A submit call that parsed was made: executed as a tool (react) or taken by the agent's own
    loop (ours). A submit call whose arguments did not parse is not counted."""
    events = sample.get("events") or []
    if any(e.get("event") == "tool" and e.get("function") == "submit" and not e.get("error") for e in events):
        return True
    return any(
        call.get("function") == "submit" and not call.get("parse_error")
        for message in sample.get("messages") or []
        if message.get("role") == "assistant"
        for call in message.get("tool_calls") or []
    )


def _text(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content or [] if isinstance(part, dict))


def _ending(sample: dict, tools: list[dict]) -> str:
    if sample.get("error"):
        return "error"
    if sample.get("limit"):
        return f"limit: {sample['limit'].get('type')}"
    if _submitted(sample):
        return "submit"
    replies = [m for m in sample.get("messages") or [] if m.get("role") == "assistant"]
    offered_submit = any(tool.get("name") == "submit" for tool in tools)
    if not offered_submit and replies and not replies[-1].get("tool_calls") and _text(replies[-1]).strip():
        return "final answer"  # only an agent without a submit tool ends this way of its own accord
    return "none"


def _log_rows(location: str, agent: str, model: str, task: str) -> list[dict]:
    rows = []
    for sample in raw_samples(location):
        calls, tools, requests = _calls(sample)
        outputs = sum(requests.values())
        rows.append(
            {
                "agent": agent,
                "model": model,
                "task": (sample.get("metadata") or {}).get("task_id", task),
                "sample_id": str(sample.get("id")),
                "epoch": sample.get("epoch"),
                "submitted": _submitted(sample),
                "ending": _ending(sample, tools),
                "model_turns": outputs,
                "tool_calls": len(calls),
                "parsed_calls": sum(not call.get("parse_error") for call in calls),
                "turns_without_call": outputs - _turns_with_calls(sample),
                "limit": (sample.get("limit") or {}).get("type"),
                "error": bool(sample.get("error")),
                "requests": dict(requests),
            }
        )
    return rows


def _turns_with_calls(sample: dict) -> int:
    return sum(
        1
        for event in sample.get("events") or []
        if event.get("event") == "model"
        and any(
            (choice.get("message") or {}).get("tool_calls")
            for choice in ((event.get("output") or {}).get("choices") or [])[:1]
        )
    )


# Below this many samples one process is quicker than starting workers.
PARALLEL_FROM = 5_000


def behaviour_frame(logs: Logs | list[EvalLog], workers: int | None = None) -> pd.DataFrame:
    """One row per sample x epoch: how it ended, model turns, tool calls and those that parsed, and
    model requests per model. Large runs are read one log per worker process (spawned, not forked:
    the caller may hold threads)."""
    logs = Logs.of(logs)
    jobs = [(log.location, agent_name(log), log.eval.model, log.eval.task.split("/")[-1]) for log in logs]
    samples = sum(len(summaries) for summaries in logs.summaries.values())
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers > 1 and samples >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            parts = list(pool.map(_log_rows_job, jobs))
    else:
        parts = [_log_rows_job(job) for job in jobs]
    return pd.DataFrame([row for part in parts for row in part], columns=_COLUMNS)


_COLUMNS = (
    "agent model task sample_id epoch submitted ending model_turns tool_calls parsed_calls "
    "turns_without_call limit error requests"
).split()


def _log_rows_job(job: tuple[str, str, str, str]) -> list[dict]:
    return _log_rows(*job)


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
