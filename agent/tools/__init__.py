"""The research agent's tools, by name; `AgentConfig.tools` picks which ones an agent gets."""

from inspect_ai.tool import Tool, bash, python, text_editor

from agent.config import TOOL_NAMES, AgentConfig
from agent.tools.literature import ask_literature
from agent.tools.research import (
    PLAN_KEY,
    arxiv,
    check_experiment,
    inspect_dataset,
    list_experiments,
    plan,
    read_paper,
    run_experiment,
    search_papers,
)

__all__ = ["PLAN_KEY", "TOOL_NAMES", "build_tools"]


def build_tools(config: AgentConfig) -> list[Tool]:
    """The tools named in `config.tools`, configured from it, in the order of TOOL_NAMES."""
    makers = {
        "bash": lambda: bash(timeout=config.command_timeout),
        "python": lambda: python(timeout=config.command_timeout),
        "text_editor": text_editor,
        "read_paper": lambda: read_paper(max_chars=config.max_tool_output_chars),
        "search_papers": search_papers,
        "arxiv": lambda: arxiv(base_url=config.arxiv_url),
        "inspect_dataset": inspect_dataset,
        "run_experiment": lambda: run_experiment(
            notebook=config.notebook, default_time_limit=config.experiment_time_limit
        ),
        "check_experiment": lambda: check_experiment(notebook=config.notebook),
        "list_experiments": lambda: list_experiments(notebook=config.notebook),
        "plan": plan,
        "ask_literature": lambda: ask_literature(
            max_messages=config.literature_messages,
            max_tokens=config.literature_tokens,
            max_seconds=config.literature_seconds,
        ),
    }
    return [makers[name]() for name in TOOL_NAMES if name in config.tools]
