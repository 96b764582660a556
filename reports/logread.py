"""Read each sample of an Inspect log once, keeping only what the report uses.

Why not Inspect's full reader: `read_eval_log` builds every message and event of a sample as a
pydantic object (about 5 ms for a sample of 40 messages and 20 tool calls, so 8 minutes for 100,000
sample-epochs), and even its sample summaries are re-validated field by field (0.3 ms each). The
report needs a few fields of each sample, so each sample's JSON, exactly as Inspect's writer stored
it, is decoded with typed msgspec structs that skip every other field (about 0.5 ms including
decompression), one log per worker process for large runs. Score values are still read as
Inspect's metrics read them (`reports.frames.score_number`, Inspect's `value_to_float`), and headers
still come from Inspect's own reader.

How a sample ended, one of:
- `submit`: the agent called a submit tool that parsed (research_agent, react);
- `final answer`: an agent that was offered no submit tool stopped by itself with a last message
  and no pending tool call, the way the CLI scaffolds (claude_code, codex_cli) end their work;
- `limit: <type>`: a time, token, message... limit stopped it (Inspect still scores it);
- `error`: the sample errored (the reason is in the results' error column);
- `none`: none of these (the null agent, the oracle: nothing the model did).
"""

import json
import math
import sys
import zipfile
from typing import Any

import msgspec

if sys.version_info < (3, 14):  # Inspect writes samples zstd-compressed; this teaches zipfile to read them
    import zipfile_zstd  # noqa: F401

__all__ = ["read_samples"]


class _Call(msgspec.Struct):
    function: str = ""
    parse_error: str | None = None


class _Message(msgspec.Struct):
    role: str = ""
    content: msgspec.Raw = msgspec.Raw(b'""')  # decoded only for the last reply, when it matters
    tool_calls: list[_Call] | None = None


class _Choice(msgspec.Struct):
    message: _Message | None = None


class _Output(msgspec.Struct):
    choices: list[_Choice] = []


class _Tool(msgspec.Struct):
    name: str = ""


class _Event(msgspec.Struct):
    """Any event: the fields read differ in type between event kinds (a sandbox event's `output` is
    text, a model event's an object), so they stay raw until the kind is known."""

    event: str = ""
    model: msgspec.Raw = msgspec.Raw(b"null")
    tools: msgspec.Raw = msgspec.Raw(b"null")
    output: msgspec.Raw = msgspec.Raw(b"null")
    function: msgspec.Raw = msgspec.Raw(b"null")
    error: msgspec.Raw = msgspec.Raw(b"null")


class _Score(msgspec.Struct):
    value: Any = None
    explanation: str | None = None
    metadata: dict[str, Any] | None = None


class _Usage(msgspec.Struct):
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    input_tokens_cache_read: int | None = None
    total_cost: float | None = None


class _Error(msgspec.Struct):
    message: str = ""


class _Limit(msgspec.Struct):
    type: str = ""


class _Sample(msgspec.Struct):
    id: int | str = ""
    epoch: int = 1
    metadata: dict[str, Any] = {}
    scores: dict[str, _Score] | None = None
    model_usage: dict[str, _Usage] = {}
    total_time: float | None = None
    working_time: float | None = None
    error: _Error | None = None
    error_retries: list[_Error] | None = None
    limit: _Limit | None = None
    messages: list[_Message] = []
    events: list[_Event] = []


class _JsonLog(msgspec.Struct):
    samples: list[_Sample] | None = None


_SAMPLE = msgspec.json.Decoder(_Sample)
_OUTPUT = msgspec.json.Decoder(_Output | None)
_TOOLS = msgspec.json.Decoder(list[_Tool] | None)
_TEXT = msgspec.json.Decoder(str | None)


def _decode(data: bytes, kind):
    """Strict JSON first (fast). Inspect also writes NaN and Infinity (for such scores), which only
    Python's own parser accepts: such a document is parsed by it, those numbers become the strings
    "NaN" and "Infinity" (which the report names as unreadable scores), and it is decoded again."""
    try:
        return msgspec.json.decode(data, type=kind) if kind is not _Sample else _SAMPLE.decode(data)
    except msgspec.DecodeError:
        return msgspec.json.decode(json.dumps(_finite(json.loads(data))), type=kind)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value).replace("inf", "Infinity").replace("nan", "NaN")
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _raw_samples(path: str):
    if path.endswith(".json"):
        with open(path, "rb") as handle:
            yield from _decode(handle.read(), _JsonLog).samples or []
        return
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("samples/") and name.endswith(".json"):
                yield _decode(archive.read(name), _Sample)


def _first_message(event: _Event) -> _Message | None:
    output = _OUTPUT.decode(event.output)
    return output.choices[0].message if output and output.choices else None


def _decoded(raw: msgspec.Raw):
    return msgspec.json.decode(raw)


def _submitted(sample: _Sample) -> bool:
    """A submit call that parsed was made: executed as a tool (react) or taken by the agent's own
    loop (ours). A submit call whose arguments did not parse is not counted."""
    if any(
        e.event == "tool" and _decoded(e.function) == "submit" and not _decoded(e.error)
        for e in sample.events
    ):
        return True
    return any(
        call.function == "submit" and not call.parse_error
        for message in sample.messages
        if message.role == "assistant"
        for call in message.tool_calls or []
    )


def _text(raw: msgspec.Raw) -> str:
    content = msgspec.json.decode(raw)
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content or [] if isinstance(part, dict))


def _ending(sample: _Sample, offered_submit: bool) -> str:
    if sample.error:
        return "error"
    if sample.limit:
        return f"limit: {sample.limit.type}"
    if _submitted(sample):
        return "submit"
    replies = [m for m in sample.messages if m.role == "assistant"]
    if not offered_submit and replies and not replies[-1].tool_calls and _text(replies[-1].content).strip():
        return "final answer"  # only an agent without a submit tool ends this way of its own accord
    return "none"


def _behaviour(sample: _Sample) -> dict:
    requests: dict[str, int] = {}
    calls: list[_Call] = []
    with_calls, offered_submit = 0, False
    for event in sample.events:
        if event.event != "model":
            continue
        name = _TEXT.decode(event.model) or "unknown"
        requests[name] = requests.get(name, 0) + 1
        tools = _TOOLS.decode(event.tools)
        offered_submit = offered_submit or any(tool.name == "submit" for tool in tools or [])
        message = _first_message(event)
        if message and message.tool_calls:
            calls += message.tool_calls
            with_calls += 1
    turns = sum(requests.values())
    return {
        "submitted": _submitted(sample),
        "ending": _ending(sample, offered_submit),
        "model_turns": turns,
        "tool_calls": len(calls),
        "parsed_calls": sum(not call.parse_error for call in calls),
        "turns_without_call": turns - with_calls,
        "requests": requests,
    }


def _record(sample: _Sample) -> dict:
    return {
        "id": sample.id,
        "epoch": sample.epoch,
        "metadata": sample.metadata,
        "scores": {
            name: {"value": s.value, "explanation": s.explanation, "metadata": s.metadata}
            for name, s in (sample.scores or {}).items()
        },
        "model_usage": {model: msgspec.structs.asdict(usage) for model, usage in sample.model_usage.items()},
        "total_time": sample.total_time,
        "working_time": sample.working_time,
        "error": sample.error.message if sample.error else None,
        "retries": len(sample.error_retries or []),  # errors Inspect retried before this result
        "limit": sample.limit.type if sample.limit else None,
        **_behaviour(sample),
    }


def read_samples(location: str) -> list[dict]:
    """Every sample of one log (.eval or .json) as a plain record: identity, metadata, score values,
    usage per model, times, error and limit, and how the agent behaved. Raises on an unreadable log."""
    return [_record(sample) for sample in _raw_samples(location.removeprefix("file://"))]
