"""The research agent: a react loop over shell, Python, a file editor and submit.

v0 is deliberately thin; the loop is Inspect's `react`, the behaviour lives in the prompt and the
tools. It knows nothing about tasks or graders: it sees a prompt, a working directory and its tools.
"""

from inspect_ai.agent import Agent, AgentPrompt, agent, react
from inspect_ai.tool import bash, python, text_editor

from agent.config import AgentConfig, load_prompt

__all__ = ["research_agent"]


@agent
def research_agent(config: AgentConfig | None = None) -> Agent:
    """OpenIntern's research agent.

    Args:
        config: Agent settings; defaults when None.
    """
    config = config or AgentConfig()
    return react(
        name="research_agent",
        description="Reads papers and data, runs experiments, reports measured numbers.",
        prompt=AgentPrompt(instructions=load_prompt(config.system_prompt)),
        tools=[
            bash(timeout=config.command_timeout),
            python(timeout=config.command_timeout),
            text_editor(),
        ],
        submit=True,
        # When the context window overflows, drop the middle of the conversation and go on rather
        # than end the sample; this needs no token counting, so it works offline.
        truncation="auto",
    )
