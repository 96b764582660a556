"""OpenIntern's research agent (an Inspect `@agent`); it knows nothing about tasks or graders."""

from agent._agent import research_agent, submit
from agent.config import AgentConfig

__all__ = ["AgentConfig", "research_agent", "submit"]
