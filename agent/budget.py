"""What is left of the sample's budget, read from Inspect's limits, and when to wrap up and submit.

Three phases, from the remaining time, tokens and messages:
- work: the model works; the budget note says how long a command may still run;
- wrap-up: a note asks the model to save its outputs now (its steps still run as usual);
- final: one last generation, with `submit` as the only tool.
Time is kept for generations, not for tool runs, and a command that would run into that time is
stopped with the model's turn, and time for its commands, still ahead (see seconds_for_tools).
"""

from dataclasses import dataclass

from inspect_ai.util import sample_limits

from agent.config import AgentConfig

__all__ = ["Budget", "current_budget"]

# Stopping a command takes time too: a polite signal, a grace period (Inspect's is 2 s), then a kill.
STOP_GRACE_S = 5.0
# The least time kept for the commands that save the outputs after a stopped command.
MIN_SAVE_S = 5.0
# Messages one step uses at least (the model's reply and one tool result).
MESSAGES_PER_STEP = 2


@dataclass(frozen=True)
class Budget:
    """Remaining and total amounts; None where no limit is set."""

    seconds: float | None
    seconds_total: float | None
    tokens: float | None
    tokens_total: float | None
    messages: float | None

    def describe(self, config: AgentConfig | None = None, longest_generation_s: float = 0.0) -> str:
        """A short line for the model, e.g. '412 s (a command may run up to 330 s), 18,000 tokens,
        24 messages'; the command time only when `config` is given."""
        parts = []
        if self.seconds is not None:
            part = f"{max(0, int(self.seconds))} s"
            commands = None if config is None else self.seconds_for_tools(config, longest_generation_s)
            if commands is not None:  # counted from after the reply the model is about to write
                part += f" (a command may run up to {int(max(0.0, commands - longest_generation_s))} s)"
            parts.append(part)
        if self.tokens is not None:
            parts.append(f"{max(0, int(self.tokens)):,} tokens")
        if self.messages is not None:
            parts.append(f"{max(0, int(self.messages))} messages")
        return ", ".join(parts) or "no limits"

    def final_reserve_s(self, config: AgentConfig, longest_generation_s: float) -> float:
        """Seconds kept for the final submission: `reserve_steps` of the slowest generations so far
        (a slow model on a CPU can take longer per step than any fixed share), at least the reserve
        share of the time budget."""
        assert self.seconds_total is not None
        return max(config.reserve_fraction * self.seconds_total, config.reserve_steps * longest_generation_s)

    def final_reserve_tokens(self, config: AgentConfig, largest_step_tokens: float) -> float:
        """Tokens kept for the final submission: `reserve_steps` of the largest generations so far
        (a large context makes every step, and the final one, cost that much), at least the reserve
        share of the token budget."""
        assert self.tokens_total is not None
        return max(config.reserve_fraction * self.tokens_total, config.reserve_steps * largest_step_tokens)

    def nearly_spent(
        self, config: AgentConfig, longest_generation_s: float = 0.0, largest_step_tokens: float = 0.0
    ) -> str | None:
        """Why the agent must submit now, or None while there is room for another step.

        Args:
            config: The agent's reserves.
            longest_generation_s: The longest generation so far (the model's time, not its tools').
            largest_step_tokens: The most tokens one generation has used so far.
                Tool time is not reserved: a long experiment early on must not end the work (a
                command that would run into the reserve is stopped instead, see seconds_for_tools).
        """
        if self.messages is not None and self.messages <= config.reserve_messages:
            return "The conversation is close to its message limit."
        if self.seconds is not None and self.seconds_total:
            if self.seconds <= self.final_reserve_s(config, longest_generation_s):
                return "Time is nearly up."
        if (
            self.tokens is not None
            and self.tokens_total
            and self.tokens <= self.final_reserve_tokens(config, largest_step_tokens)
        ):
            return "The token budget is nearly spent."
        return None

    def wrap_up(
        self, config: AgentConfig, longest_generation_s: float = 0.0, largest_step_tokens: float = 0.0
    ) -> str | None:
        """'about N s and N steps' left before the final submission, once the end is near (within
        `wrap_up_fraction` of a budget, `wrap_up_steps` steps, or the turn left after a stopped
        command); None before that."""
        seconds_left = steps_left = None
        near = False
        if self.seconds is not None and self.seconds_total:
            seconds_left = max(0.0, self.seconds - self.final_reserve_s(config, longest_generation_s))
            near |= seconds_left <= max(
                config.wrap_up_fraction * self.seconds_total,
                config.wrap_up_steps * longest_generation_s,
                # the turn a stopped command leaves (seconds_for_tools), with a second to spare
                longest_generation_s + self._save_s(config) + STOP_GRACE_S + 1,
            )
        if self.messages is not None:
            steps_left = max(0, int(self.messages - config.reserve_messages) // MESSAGES_PER_STEP)
            near |= steps_left <= config.wrap_up_steps
        if self.tokens is not None and self.tokens_total:
            near |= self.tokens <= self.final_reserve_tokens(config, largest_step_tokens) + max(
                config.wrap_up_fraction * self.tokens_total, config.wrap_up_steps * largest_step_tokens
            )
        if not near:
            return None
        left = [f"about {int(seconds_left)} s"] if seconds_left is not None else []
        if steps_left is not None:
            left.append(f"{steps_left} step{'s' if steps_left != 1 else ''}")
        return " and ".join(left) or "little"

    def _save_s(self, config: AgentConfig) -> float:
        """Seconds kept for the commands of the turn after a stopped command: `save_seconds`, at most
        the reserve share of the time budget (a short budget cannot spare 15 s of it), at least
        MIN_SAVE_S (writing a file takes a moment)."""
        assert self.seconds_total is not None
        return min(config.save_seconds, max(MIN_SAVE_S, config.reserve_fraction * self.seconds_total))

    def seconds_for_tools(self, config: AgentConfig, longest_generation_s: float) -> float | None:
        """How long this step's tool calls may run; None when there is no time limit.

        A command started while there is time ends early enough to leave the model one more turn
        and time for the commands of that turn (saving the outputs, see _save_s); a command started
        after that may run until the time kept for the final submission.
        """
        until_final = self.seconds_for_background(config, longest_generation_s)
        if until_final is None:
            return None
        work = until_final - longest_generation_s - self._save_s(config)
        # Once less than a save window of work time is left, the command may use the save window.
        return work if work >= self._save_s(config) else until_final

    def seconds_for_background(self, config: AgentConfig, longest_generation_s: float) -> float | None:
        """How long a run started in the background may go on: until the time kept for the final
        submission (the bound of every command); None when there is no time limit."""
        if self.seconds is None or not self.seconds_total:
            return None
        return max(0.0, self.seconds - self.final_reserve_s(config, longest_generation_s) - STOP_GRACE_S)


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
