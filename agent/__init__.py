"""OpenIntern's research agent (an Inspect `@agent`); it knows nothing about tasks or graders."""

from agent._agent import research_agent
from agent.config import TOOL_NAMES, AgentConfig
from agent.report import submit
from agent.tools import build_tools

__all__ = ["TOOL_NAMES", "AgentConfig", "build_tools", "research_agent", "submit"]
