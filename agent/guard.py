"""Loop guard: notices an agent repeating itself and says when to correct it and when to stop.

A step repeats the last one when it makes the same calls, or gets back the same result (the same
error, or the same output such as one traceback from scripts that differ only in comments).
"""

import json
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
    repeats: int = 0
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
        same_call = signature == self.last_call
        same_result = result is not None and result == self.last_result
        self.repeats = self.repeats + 1 if (same_call or same_result) else 1
        self.last_call, self.last_result = signature, result
        if self.repeats >= self.config.repeat_stop:
            return "stop"
        if self.repeats >= self.config.repeat_warning and signature not in self.warned:
            self.warned.add(signature)
            return "warn"
        return "ok"

    @property
    def current(self) -> str:
        """The call being repeated, shortened for a message to the model."""
        call = self.last_call or ""
        return call if len(call) <= 200 else call[:200] + "..."
