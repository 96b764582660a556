"""Loop guard: notices an agent repeating itself and says when to correct it and when to stop.

A step repeats the last one when it makes the same calls and gets back the same result, or when it
fails with the same error (scripts that differ only in comments, each ending in one traceback).
Different calls that happen to print the same thing (a sweep whose settings all give the same
accuracy) are work, not a loop.
"""

import json
import re
from dataclasses import dataclass, field
from typing import Literal

from inspect_ai.model import ChatMessageTool
from inspect_ai.tool import ToolCall

from agent.config import AgentConfig

__all__ = ["LoopGuard", "Verdict"]

Verdict = Literal["ok", "warn", "stop"]


def _signature(call: ToolCall) -> str:
    return f"{call.function}({json.dumps(call.arguments, sort_keys=True)})"


@dataclass
class LoopGuard:
    """Counts consecutive repeated steps (same calls or same results) and idle replies."""

    config: AgentConfig
    last_call: str | None = None
    last_result: str | None = None
    last_error: str | None = None
    repeats: int = 0
    loop: str = ""  # what repeats, in words for the model
    idle: int = 0
    warned: set[str] = field(default_factory=set)

    def observe(self, calls: list[ToolCall], results: list[ChatMessageTool]) -> Verdict:
        """Record one step's calls and results; 'warn' once per loop, 'stop' when it persists."""
        if not calls:
            self.idle += 1
            return "stop" if self.idle >= self.config.idle_stop else "ok"
        self.idle = 0
        signature = " ; ".join(_signature(c) for c in calls)
        result = " ; ".join(r.error.message if r.error else r.text for r in results).strip() or None
        failed = bool(results) and all(r.error is not None or _looks_failed(r.text) for r in results)
        error = result if failed else None
        same_call = signature == self.last_call and result == self.last_result
        same_error = error is not None and error == self.last_error
        self.repeats = self.repeats + 1 if (same_call or same_error) else 1
        self.last_call, self.last_result, self.last_error = signature, result, error
        if same_call:
            self.loop = f"You have made the same call several times in a row ({_short(signature)}) and it keeps giving the same result."
        elif same_error:
            self.loop = f"Your last steps all failed with the same error ({_short(error)})."
        if self.repeats >= self.config.repeat_stop:
            return "stop"
        key = signature if same_call else f"error: {error}"
        if self.repeats >= self.config.repeat_warning and key not in self.warned:
            self.warned.add(key)  # one warning per loop
            return "warn"
        return "ok"


# Inspect's bash and python tools hand back stderr and stdout as text, without the exit status: an
# error is recognised by what failing programs print.
_FAILURE = re.compile(
    r"Traceback \(most recent call last\)|\b\w*(Error|Exception)\b|\berror\b|no such file|command not found"
    r"|permission denied|SystemExit",
    re.IGNORECASE,
)


def _looks_failed(text: str) -> bool:
    return bool(_FAILURE.search(text))


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "..."
