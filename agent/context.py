"""Context management that needs no tokenizer: sizes are counted in characters.

Once the conversation passes a size (set from the model's context window where Inspect knows it),
what the model sees is shrunk by value, not by age alone:

1. large old tool outputs (training logs, directory listings), the largest first;
2. large scripts passed as tool-call arguments in old steps;
3. only then what is worth keeping: short outputs and the answers of the tools whose result is
   knowledge (the literature helper, dataset profiles, the lab notebook), oldest first.

The most recent `keep_tool_outputs` steps are never shrunk, and every elision names what it
replaced, so the model knows what to rerun or reread. Every tool output is also capped, keeping its
head and tail (where errors and results are). Counting characters rather than tokens keeps this
offline (a tokenizer can download files).
"""

import dataclasses
import json

from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageTool, Model, get_model_info

from agent.config import AgentConfig

__all__ = ["CompactionCache", "cap_output", "compact", "context_chars"]

# Tools whose answers are knowledge the model builds on, not logs: kept until nothing else is left.
KEPT_TOOLS = frozenset({"ask_literature", "inspect_dataset", "list_experiments", "plan"})
# An output or argument this short costs little and is kept until nothing else is left.
SHORT_CHARS = 1_500
# Characters per token for sizing from a context window (English prose and code: 3-4).
CHARS_PER_TOKEN = 3
# Share of the context window the conversation may fill (the rest: tools, the reply, thinking).
CONTEXT_SHARE = 0.5
# Share of the token budget one step's input may use at most.
TOKEN_SHARE = 0.1
ELIDED = "[elided to save space:"


def cap_output(text: str, limit: int) -> str:
    """Keep the head and tail of a long output, noting how much was cut."""
    if len(text) <= limit:
        return text
    head, tail = text[: limit * 2 // 3], text[-(limit // 3) :]
    return f"{head}\n[... {len(text) - len(head) - len(tail):,} characters cut ...]\n{tail}"


def context_chars(config: AgentConfig, model: Model | None, tokens_total: float | None = None) -> int:
    """The conversation size (characters) above which old outputs are elided: `max_context_chars`
    when set; else half the model's context window where Inspect knows it (at least
    `fallback_context_chars`, which is used when it does not), and no more than a tenth of the token
    budget, so that one step cannot spend a large part of it."""
    if config.max_context_chars is not None:
        return config.max_context_chars
    info = get_model_info(model) if model is not None else None  # a lookup: None when unknown
    size = config.fallback_context_chars
    if info is not None and info.context_length:
        size = max(size, int(info.context_length * CHARS_PER_TOKEN * CONTEXT_SHARE))
    if tokens_total:
        size = max(
            config.fallback_context_chars, min(size, int(tokens_total * CHARS_PER_TOKEN * TOKEN_SHARE))
        )
    return size


def _arguments_size(message: ChatMessage) -> int:
    if not isinstance(message, ChatMessageAssistant):
        return 0
    return sum(len(json.dumps(call.arguments)) for call in message.tool_calls or [])


def _calls(message: ChatMessage) -> object:
    return message.tool_calls if isinstance(message, ChatMessageAssistant) else None


class CompactionCache:
    """What compaction works out once per message of a conversation rather than at every step: the
    message's size (counting serialises every tool call's arguments) and its elided copy.

    Handing the model the same elided copy at every step also spares the log, which pools the
    messages of every model call and finds one it has seen by its id, then its identity, then by
    comparing fields: an elided output is a message of its own, with its own id (as Inspect gives a
    message whose content a tool's model_input changed), found at once. An elided reply keeps its id
    (a provider may look its reply up by it).

    A message whose content or tool calls are replaced is worked out again. The conversation's messages
    are not edited in place once they have joined it (a tool output is capped before it joins).
    """

    def __init__(self) -> None:
        # id(message) -> (message, its content, its tool calls, what was worked out). Holding the
        # message keeps its id from being reused by another object while the entry exists.
        self._sizes: dict[int, tuple[ChatMessage, object, object, tuple[int, int]]] = {}
        self._elided: dict[int, tuple[ChatMessage, object, object, tuple[str, ChatMessage]]] = {}

    @staticmethod
    def _get(entries: dict, message: ChatMessage):
        entry = entries.get(id(message))
        current = entry is not None and entry[0] is message and entry[1] is message.content
        return entry[3] if current and entry[2] is _calls(message) else None

    @staticmethod
    def _put(entries: dict, message: ChatMessage, value) -> None:
        entries[id(message)] = (message, message.content, _calls(message), value)

    def _counts(self, message: ChatMessage) -> tuple[int, int]:
        counts = self._get(self._sizes, message)
        if counts is None:
            arguments = _arguments_size(message)
            counts = (len(message.text) + arguments, arguments)
            self._put(self._sizes, message, counts)
        return counts

    def size(self, message: ChatMessage) -> int:
        """Characters the model reads of `message`, tool-call arguments (scripts) included."""
        return self._counts(message)[0]

    def arguments(self, message: ChatMessage) -> int:
        """Characters of the arguments of `message`'s tool calls (0 for a message that is no reply)."""
        return self._counts(message)[1]

    def elided(self, message: ChatMessage, names: dict[str, str]) -> ChatMessage:
        """`message` with its output (a tool result) or its long arguments (a reply) elided."""
        name = (
            names.get(message.tool_call_id or "", message.function or "a tool")
            if isinstance(message, ChatMessageTool)
            else ""
        )
        known = self._get(self._elided, message)
        if known is not None and known[0] == name:
            return known[1]
        if isinstance(message, ChatMessageTool):
            copy = _elide_output(message, name)
        else:
            copy = _elide_arguments(message)
        self._put(self._elided, message, (name, copy))
        return copy


def _call_names(messages: list[ChatMessage]) -> dict[str, str]:
    """'function(main argument...)' of every tool call, by call id, to name what was elided."""
    names = {}
    for message in messages:
        if isinstance(message, ChatMessageAssistant):
            for call in message.tool_calls or []:
                main = next((str(v) for v in call.arguments.values() if isinstance(v, str) and v), "")
                main = main.splitlines()[0][:60] if main else ""
                names[call.id] = f"{call.function}({main!r})" if main else f"{call.function}()"
    return names


def _elide_output(message: ChatMessageTool, name: str) -> ChatMessageTool:
    """A new message (its own id) in place of a tool output, naming the call (`name`) that made it."""
    note = f"{ELIDED} the output of {name}, {len(message.text):,} characters; run it again to see it]"
    return ChatMessageTool(**{**dict(message), "content": note, "id": None})


def _elide_arguments(message: ChatMessageAssistant) -> ChatMessageAssistant:
    calls = []
    for call in message.tool_calls or []:
        arguments = {
            key: f"{ELIDED} {len(value):,} characters]"
            if isinstance(value, str) and len(value) > SHORT_CHARS
            else value
            for key, value in call.arguments.items()
        }
        calls.append(dataclasses.replace(call, arguments=arguments))  # ToolCall is a dataclass
    return message.model_copy(update={"tool_calls": calls})


def compact(
    messages: list[ChatMessage], config: AgentConfig, limit: int, cache: CompactionCache | None = None
) -> list[ChatMessage]:
    """The conversation as the model sees it: while it is larger than `limit` characters, old
    outputs and arguments are replaced by a note naming them, in the order of the module docstring.

    Args:
        messages: The conversation.
        config: The agent's settings (`keep_tool_outputs`).
        limit: Size in characters (see context_chars).
        cache: What earlier steps of the same conversation worked out, reused (and added to).
    """
    cache = cache if cache is not None else CompactionCache()
    each = [cache.size(m) for m in messages]
    total = sum(each)
    if total <= limit:
        return messages
    compacted = list(messages)
    tools = [i for i, m in enumerate(messages) if isinstance(m, ChatMessageTool)]
    old_tools = tools[: -config.keep_tool_outputs]
    # The call that produced the oldest kept output stays too: a kept traceback needs its script.
    oldest_kept = (
        messages[tools[-config.keep_tool_outputs]] if len(tools) >= config.keep_tool_outputs else None
    )
    recent = next(
        (
            i
            for i, m in enumerate(messages)
            if oldest_kept is not None
            and isinstance(m, ChatMessageAssistant)
            and any(c.id == oldest_kept.tool_call_id for c in m.tool_calls or [])
        ),
        0,
    )
    old_calls = [i for i, m in enumerate(messages) if i < recent and cache.arguments(m) > SHORT_CHARS]

    def kept(index: int) -> bool:
        message = messages[index]
        return message.function in KEPT_TOOLS or len(message.text) <= SHORT_CHARS

    logs = sorted((i for i in old_tools if not kept(i)), key=lambda i: (-len(messages[i].text), i))
    knowledge = [i for i in old_tools if kept(i)]
    names = _call_names(messages)
    for index in logs + old_calls + knowledge:  # tool outputs, replies' arguments, tool outputs
        compacted[index] = cache.elided(messages[index], names)
        shrunk = cache.size(compacted[index])
        total, each[index] = total - each[index] + shrunk, shrunk
        if total <= limit:
            break
    return compacted
