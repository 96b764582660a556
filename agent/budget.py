"""What is left of the sample's budget, read from Inspect's limits, and when to stop and submit."""

from dataclasses import dataclass

from inspect_ai.util import sample_limits

from agent.config import AgentConfig

__all__ = ["Budget", "current_budget"]

# Stopping a command takes time too: a polite signal, a grace period (Inspect's is 2 s), then a kill.
STOP_GRACE_S = 5.0


@dataclass(frozen=True)
class Budget:
    """Remaining and total amounts; None where no limit is set."""

    seconds: float | None
    seconds_total: float | None
    tokens: float | None
    tokens_total: float | None
    messages: float | None

    def describe(self) -> str:
        """A short line for the model, e.g. '412 s, 18,000 tokens, 24 messages'."""
        parts = []
        if self.seconds is not None:
            parts.append(f"{max(0, int(self.seconds))} s")
        if self.tokens is not None:
            parts.append(f"{max(0, int(self.tokens)):,} tokens")
        if self.messages is not None:
            parts.append(f"{max(0, int(self.messages))} messages")
        return ", ".join(parts) or "no limits"

    def nearly_spent(self, config: AgentConfig, longest_generation_s: float = 0.0) -> str | None:
        """Why the agent must submit now, or None while there is room for another step.

        Args:
            config: The agent's reserves.
            longest_generation_s: The longest generation so far (the model's time, not its tools').
                Time is kept for `reserve_steps` such generations (one more step, the final
                submission after it, and room for one slower than any so far), since a slow model on a
                CPU can take longer per step than any fixed share of the budget. Tool time is not
                reserved: a long experiment early on must not end the work (a command that would run
                into the reserve is stopped instead, see seconds_for_tools).
        """
        if self.messages is not None and self.messages <= config.reserve_messages:
            return "The conversation is close to its message limit."
        if self.seconds is not None and self.seconds_total:
            reserve = max(
                config.reserve_fraction * self.seconds_total, config.reserve_steps * longest_generation_s
            )
            if self.seconds <= reserve:
                return "Time is nearly up."
        if (
            self.tokens is not None
            and self.tokens_total
            and self.tokens <= config.reserve_fraction * self.tokens_total
        ):
            return "The token budget is nearly spent."
        return None

    def seconds_for_tools(self, config: AgentConfig, longest_generation_s: float) -> float | None:
        """How long this step's tool calls may run and still leave time for the final submission
        (two of the slowest generations so far, or the reserve share of the budget); None when there
        is no time limit."""
        if self.seconds is None or not self.seconds_total:
            return None
        reserve = max(config.reserve_fraction * self.seconds_total, 2 * longest_generation_s)
        return max(0.0, self.seconds - reserve - STOP_GRACE_S)


def _tighter(remaining: float | None, total: float | None, cap: float | None, used: float):
    """(remaining, total) of whichever of the sample's limit and this agent's own cap binds first."""
    if cap is None:
        return remaining, total
    if remaining is None or cap - used < remaining:
        return cap - used, cap
    return remaining, total


def current_budget(message_count: int, config: AgentConfig, tokens_used: int, seconds_used: float) -> Budget:
    """The remaining budget (wall-clock time, tokens, messages): the running sample's limits, or the
    agent's own caps (`max_seconds`, `max_tokens`, `max_messages`) where those are tighter.

    Args:
        message_count: Messages in this agent's conversation now (Inspect checks its message limit
            against these, and does not report its own usage).
        config: The agent's caps.
        tokens_used: Tokens this agent's own generations have used.
        seconds_used: Seconds since this agent started.
    """
    limits = sample_limits()
    message_limit = limits.message.limit
    messages = None if message_limit is None else message_limit - message_count
    if config.max_messages is not None:
        own = config.max_messages - message_count
        messages = own if messages is None else min(messages, own)
    seconds, seconds_total = _tighter(
        limits.time.remaining, limits.time.limit, config.max_seconds, seconds_used
    )
    tokens, tokens_total = _tighter(
        limits.token.remaining, limits.token.limit, config.max_tokens, tokens_used
    )
    return Budget(seconds, seconds_total, tokens, tokens_total, messages)
