"""The final submission: the `submit` tool and the structured report built from its arguments.

The report puts the model's account (what was done, the numbers and where each came from, what is
unfinished) next to two records the agent kept itself: the plan checklist and the lab notebook of
experiments, so every number in it can be traced to a run.
"""

from inspect_ai.tool import Tool, ToolDef, tool
from inspect_ai.util import store

from agent.tools import PLAN_KEY
from agent.tools._sandbox import run_helper
from agent.tools.research import HELPER_TIMEOUT

__all__ = ["brief_submit", "build_report", "submit"]


@tool
def submit() -> Tool:
    async def execute(summary: str, numbers: str = "", unfinished: str = "") -> str:
        """Finish the job and hand in your report.

        Args:
            summary: What you did and what you found.
            numbers: Each number you obtained and the file or command it came from, one per line.
            unfinished: Anything not done or not checked.
        """
        return summary

    return execute


def brief_submit(max_chars: int) -> Tool:
    """`submit` for the final, forced submission: the same tool with bounded argument lengths
    (summary 60% of `max_chars`, numbers 30%, unfinished 10%). A model that constrains its output to
    the schema (llama.cpp's grammar does) then closes its report within the last generation's token
    bound instead of being cut off mid-string, which would leave nothing that parses."""
    definition = ToolDef(submit())
    for name, share in {"summary": 0.6, "numbers": 0.3, "unfinished": 0.1}.items():
        definition.parameters.properties[name].maxLength = int(max_chars * share)
    return definition.as_tool()


async def build_report(arguments: dict, notebook: str | None) -> str:
    """Markdown report from the submit call's arguments, the plan and the lab notebook.

    Args:
        arguments: The submit call's arguments (a model may leave any of them out).
        notebook: The lab notebook's path in the sandbox, or None when the agent has no experiment tool.
    """

    def text(key: str) -> str:
        return str(arguments.get(key) or "").strip()

    sections = [("What was done", text("summary") or text("answer") or "(no summary given)")]
    if text("numbers"):
        sections.append(("Numbers and their sources", text("numbers")))
    if notebook is not None:
        runs = await run_helper(
            "experiment", {"action": "compare", "notebook": notebook, "last": 10}, HELPER_TIMEOUT
        )
        if not runs.startswith("No experiments recorded"):
            sections.append((f"Lab notebook ({notebook})", runs))
    checklist = store().get(PLAN_KEY)
    if checklist:
        sections.append(("Plan", checklist))
    sections.append(("Unfinished", text("unfinished") or "(nothing reported)"))
    return "\n\n".join(f"## {title}\n{body}" for title, body in sections)
