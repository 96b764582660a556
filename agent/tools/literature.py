"""The literature helper: a read-only sub-agent, with its own conversation and a capped budget, that
the main agent calls like a tool, so reading papers does not fill the main conversation.

It is the same loop as the main agent (agent/_agent.py) with the paper tools only, the literature
prompt, and its own message, token and time caps; when a cap is near it answers with what it has.
"""

from inspect_ai.agent import run
from inspect_ai.tool import Tool, tool
from inspect_ai.util import store

from agent.tools.research import BACKGROUND_DEADLINE_KEY, COMMANDS_DEADLINE_KEY

__all__ = ["ask_literature"]

READ_ONLY_TOOLS = ("read_paper", "search_papers", "arxiv")


@tool
def ask_literature(max_messages: int = 14, max_tokens: int = 40_000, max_seconds: int = 240) -> Tool:
    async def execute(question: str) -> str:
        """Ask a helper to read the papers here (and arXiv, when reachable) and answer one question,
        e.g. "What learning rate and batch size does the paper use, and in which section?". The helper
        reads in its own conversation and returns a short answer that cites sections or pages.

        Args:
            question: One specific question about the papers.
        """
        from agent._agent import research_agent  # the loop imports the tools: import it when called
        from agent.config import AgentConfig

        config = AgentConfig(
            system_prompt="literature.md",
            tools=list(READ_ONLY_TOOLS),
            max_messages=max_messages,
            max_tokens=max_tokens,
            max_seconds=max_seconds,
        )
        # The helper's loop publishes its own command deadlines in the sample's store: the caller's
        # must be back in place when it returns (a later run_experiment reads them).
        saved = {key: store().get(key) for key in (COMMANDS_DEADLINE_KEY, BACKGROUND_DEADLINE_KEY)}
        try:
            state = await run(research_agent(config=config), question)
        finally:
            for key, value in saved.items():
                store().set(key, value)
        return state.output.completion.strip() or "The literature helper found no answer."

    return execute
