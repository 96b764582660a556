"""The baselines: `react` (Inspect's plain ReAct agent with the same tools as ours: the
scaffold-free ablation), `oracle` (the task's reference solution) and `null` (submits nothing).

oracle and null are Inspect solvers so they can read the sample's metadata (where the task folder
is); they never call the model. Every agent in a comparison gets the same prompt, workspace, limits
and model.
"""

from pathlib import Path

from inspect_ai.agent import Agent, react
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import sandbox

from agent import AgentConfig, build_tools

__all__ = ["null", "oracle", "plain_react"]


def plain_react(config: AgentConfig | None = None) -> Agent:
    """Inspect's react() with the research agent's tools and react's own submit tool: the same tools,
    none of the research agent's loop (budget notes, forced submission, loop guard, context
    compaction, structured report)."""
    return react(name="react", tools=build_tools(config or AgentConfig()), submit=True)


ORACLE_DIR = ".oracle"


@solver
def oracle(timeout: int = 300) -> Solver:
    """Copy the task's solution/ into the sandbox and run `solve.py` from the workspace."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        solution = Path(state.metadata["task_dir"]) / "solution"
        for path in sorted(solution.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                await sandbox().write_file(
                    f"{ORACLE_DIR}/{path.relative_to(solution).as_posix()}", path.read_bytes()
                )
        # A login shell, like the agents' own bash/python tools: the same python3 they would get.
        result = await sandbox().exec(
            ["bash", "--login", "-c", f"python3 {ORACLE_DIR}/solve.py"], timeout=timeout
        )
        await sandbox().exec(["rm", "-rf", ORACLE_DIR])
        if not result.success:
            raise RuntimeError(f"oracle solution failed (exit {result.returncode}): {result.stderr[-2000:]}")
        state.output.completion = "oracle: reference solution ran"
        return state

    return solve


@solver
def null() -> Solver:
    """Do nothing and submit an empty answer: the lower sanity bound."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.output.completion = ""
        return state

    return solve
