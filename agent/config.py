"""AgentConfig: every knob of the research agent, validated on load. Prompts live in prompts/."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AgentConfig", "PROMPTS_DIR", "load_prompt"]

PROMPTS_DIR = Path(__file__).parent / "prompts"


class AgentConfig(BaseModel):
    """Settings for `research_agent`; defaults suit a small model on a CPU as well as an API model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system_prompt: str = Field(
        default="system.md", description="File in agent/prompts/ used as the system prompt."
    )
    command_timeout: int = Field(default=180, gt=0, description="Seconds one bash or python call may run.")
    repeat_warning: int = Field(
        default=3,
        ge=2,
        description="Consecutive repeated steps (same calls or same results) before a corrective message.",
    )
    repeat_stop: int = Field(
        default=6,
        ge=3,
        description="Consecutive repeated steps (same calls or same results) before the agent submits.",
    )
    idle_stop: int = Field(
        default=4, ge=1, description="Consecutive replies without a tool call before it submits."
    )
    reserve_messages: int = Field(
        default=4, ge=2, description="Messages kept in hand for the final submission (message limit)."
    )
    reserve_fraction: float = Field(
        default=0.1,
        gt=0,
        lt=1,
        description="Share of the time and token budgets kept for the final submission.",
    )
    max_context_chars: int = Field(
        default=24_000,
        gt=1000,
        description="Conversation size (characters) above which old tool outputs are elided.",
    )
    keep_tool_outputs: int = Field(default=4, ge=1, description="Most recent tool outputs never elided.")
    max_tool_output_chars: int = Field(
        default=6_000, gt=100, description="Longest tool output kept; the middle of longer output is cut."
    )


def load_prompt(name: str) -> str:
    """Text of a prompt file in agent/prompts/; a clear error if it does not exist."""
    path = PROMPTS_DIR / name
    if not path.is_file():
        available = ", ".join(sorted(p.name for p in PROMPTS_DIR.glob("*.md")))
        raise FileNotFoundError(f"agent prompt '{name}' not found in {PROMPTS_DIR}; available: {available}")
    return path.read_text()
