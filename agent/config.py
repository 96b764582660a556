"""AgentConfig: every knob of the research agent, validated on load. Prompts live in prompts/."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PROMPTS_DIR", "AgentConfig", "load_prompt"]

PROMPTS_DIR = Path(__file__).parent / "prompts"


class AgentConfig(BaseModel):
    """Settings for `research_agent`; defaults suit a small model on a CPU as well as an API model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system_prompt: str = Field(
        default="system.md", description="File in agent/prompts/ used as the system prompt."
    )
    command_timeout: int = Field(default=180, gt=0, description="Seconds one bash or python call may run.")


def load_prompt(name: str) -> str:
    """Text of a prompt file in agent/prompts/; a clear error if it does not exist."""
    path = PROMPTS_DIR / name
    if not path.is_file():
        available = ", ".join(sorted(p.name for p in PROMPTS_DIR.glob("*.md")))
        raise FileNotFoundError(f"agent prompt '{name}' not found in {PROMPTS_DIR}; available: {available}")
    return path.read_text()
