"""Context management that needs no tokenizer: sizes are counted in characters.

Old tool outputs are the bulk of a research conversation and the least needed later, so once the
conversation passes a size, tool outputs older than the most recent few are replaced by a one-line
note. Every tool output is also capped, keeping its head and tail (where errors and results are).
Counting characters rather than tokens keeps this offline (a tokenizer can download files).
"""

from inspect_ai.model import ChatMessage, ChatMessageTool

from agent.config import AgentConfig

__all__ = ["cap_output", "compact"]


def cap_output(text: str, limit: int) -> str:
    """Keep the head and tail of a long output, noting how much was cut."""
    if len(text) <= limit:
        return text
    head, tail = text[: limit * 2 // 3], text[-(limit // 3) :]
    return f"{head}\n[... {len(text) - len(head) - len(tail):,} characters cut ...]\n{tail}"


def _size(messages: list[ChatMessage]) -> int:
    return sum(len(m.text) for m in messages)


def compact(messages: list[ChatMessage], config: AgentConfig) -> list[ChatMessage]:
    """The conversation with old tool outputs elided while it is larger than max_context_chars."""
    if _size(messages) <= config.max_context_chars:
        return messages
    tool_indices = [i for i, m in enumerate(messages) if isinstance(m, ChatMessageTool)]
    compacted = list(messages)
    for index in tool_indices[: -config.keep_tool_outputs]:
        original = compacted[index]
        if original.text.startswith("[earlier output elided"):
            continue
        note = f"[earlier output elided to save space: {len(original.text):,} characters]"
        compacted[index] = original.model_copy(update={"content": note})
        if _size(compacted) <= config.max_context_chars:
            break
    return compacted
