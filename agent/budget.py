"""What is left of the sample's budget, read from Inspect's limits, and when to stop and submit."""

from dataclasses import dataclass

from inspect_ai.util import sample_limits

from agent.config import AgentConfig

__all__ = ["Budget", "current_budget"]


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

    def nearly_spent(self, config: AgentConfig, longest_step_s: float = 0.0) -> str | None:
        """Why the agent must submit now, or None while there is room for another step.

        Args:
            config: The agent's reserves.
            longest_step_s: The longest step so far (generation plus tools). Time is kept for one
                more such step and the final submission after it, since a slow model on a CPU can
                take longer per step than any fixed share of the budget.
        """
        if self.messages is not None and self.messages <= config.reserve_messages:
            return "The conversation is close to its message limit."
        if self.seconds is not None and self.seconds_total:
            reserve = max(config.reserve_fraction * self.seconds_total, 2 * longest_step_s)
            if self.seconds <= reserve:
                return "Time is nearly up."
        if (
            self.tokens is not None
            and self.tokens_total
            and self.tokens <= config.reserve_fraction * self.tokens_total
        ):
            return "The token budget is nearly spent."
        return None


def current_budget(message_count: int) -> Budget:
    """The running sample's remaining budget (wall-clock time, tokens, messages).

    Args:
        message_count: Messages in the conversation now (Inspect's limit counts these, and does not
            report its own usage).
    """
    limits = sample_limits()
    message_limit = limits.message.limit
    return Budget(
        seconds=limits.time.remaining,
        seconds_total=limits.time.limit,
        tokens=limits.token.remaining,
        tokens_total=limits.token.limit,
        messages=None if message_limit is None else message_limit - message_count,
    )
