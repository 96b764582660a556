"""AgentConfig: every knob of the research agent, validated on load. Prompts live in prompts/."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["TOOL_NAMES", "AgentConfig", "PROMPTS_DIR", "load_prompt"]

PROMPTS_DIR = Path(__file__).parent / "prompts"

TOOL_NAMES = (
    "bash",
    "python",
    "text_editor",
    "read_paper",
    "search_papers",
    "arxiv",
    "inspect_dataset",
    "run_experiment",
    "check_experiment",
    "list_experiments",
    "plan",
    "ask_literature",
)


class AgentConfig(BaseModel):
    """Settings for `research_agent`; defaults suit a small model on a CPU as well as an API model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system_prompt: str = Field(
        default="system.md", description="File in agent/prompts/ used as the system prompt."
    )
    tools: tuple[str, ...] = Field(
        default=TOOL_NAMES, description="The tools the agent gets (see TOOL_NAMES)."
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
        default=0.05,
        gt=0,
        lt=1,
        description="Share of the time and token budgets kept for the final submission.",
    )
    reserve_steps: float = Field(
        default=3.0,
        ge=1,
        description="Time kept for the final submission, in multiples of the longest generation so far.",
    )
    wrap_up_fraction: float = Field(
        default=0.15,
        gt=0,
        lt=1,
        description="Share of the time and token budgets, before the final reserve, in which the "
        "budget note asks the model to save its outputs now.",
    )
    wrap_up_steps: int = Field(
        default=3,
        ge=1,
        description="Steps (or longest generations of time) before the final reserve in which the budget "
        "note asks the model to save its outputs now.",
    )
    save_seconds: float = Field(
        default=15.0,
        ge=5,
        description="Seconds kept, after a long command is stopped, for the commands of the model's next "
        "turn (saving its outputs).",
    )
    final_max_tokens: int = Field(
        default=768, gt=0, description="Longest final submission (tokens): bounds its time on a slow model."
    )
    final_max_chars: int = Field(
        default=600,
        gt=50,
        description="Length bound of the forced final report's fields together (characters), so that it "
        "fits in final_max_tokens even at one token per character.",
    )
    max_messages: int | None = Field(
        default=None, gt=2, description="Cap on this agent's own messages (a sub-agent's budget)."
    )
    max_tokens: int | None = Field(default=None, gt=0, description="Cap on the tokens this agent uses.")
    max_seconds: float | None = Field(default=None, gt=0, description="Cap on this agent's running time.")
    max_context_chars: int | None = Field(
        default=None,
        gt=1000,
        description="Conversation size (characters) above which old outputs are elided; None: half the "
        "model's context window where Inspect knows it, else fallback_context_chars.",
    )
    fallback_context_chars: int = Field(
        default=24_000,
        gt=1000,
        description="max_context_chars for a model whose context window Inspect does not know.",
    )
    keep_tool_outputs: int = Field(
        default=4,
        ge=1,
        description="Most recent tool outputs (and the calls after the oldest of them) never elided.",
    )
    max_tool_output_chars: int = Field(
        default=6_000, gt=100, description="Longest tool output kept; the middle of longer output is cut."
    )
    experiment_time_limit: int = Field(
        default=600, gt=0, description="Seconds an experiment may run when the model gives no limit."
    )
    notebook: str = Field(
        default="experiments.jsonl", description="Lab notebook file, relative to the working directory."
    )
    arxiv_url: str = Field(default="http://export.arxiv.org", description="arXiv API base URL.")
    literature_messages: int = Field(default=14, gt=2, description="Message cap of the literature helper.")
    literature_tokens: int = Field(default=40_000, gt=0, description="Token cap of the literature helper.")
    literature_seconds: int = Field(default=240, gt=0, description="Time cap (s) of the literature helper.")

    @field_validator("tools")
    @classmethod
    def _known_tools(cls, tools: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(tools) - set(TOOL_NAMES))
        if unknown:
            raise ValueError(f"unknown tool(s) {unknown}; known: {', '.join(TOOL_NAMES)}")
        return tools


def load_prompt(name: str) -> str:
    """Text of a prompt file in agent/prompts/; a clear error if it does not exist."""
    path = PROMPTS_DIR / name
    if not path.is_file():
        available = ", ".join(sorted(p.name for p in PROMPTS_DIR.glob("*.md")))
        raise FileNotFoundError(f"agent prompt '{name}' not found in {PROMPTS_DIR}; available: {available}")
    return path.read_text()
