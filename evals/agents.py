"""The baselines: `react` (Inspect's plain ReAct agent with the same tools as ours: the
scaffold-free ablation), `oracle` (the task's reference solution), `naive` (the task's obvious first
attempt, which must fall short of success), `null` (submits nothing) and `trivial(name)` (a submission
a lazy agent would try, which must score about 0).

oracle, naive, null and trivial are Inspect solvers so they can read the sample's metadata (where the task
folder is); they never call the model. Every agent in a comparison gets the same prompt, workspace,
limits and model.
"""

from pathlib import Path

from inspect_ai.agent import Agent, react
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import sandbox

from agent import AgentConfig, build_tools
from evals.taskspec import TaskSpecError, load_spec

__all__ = ["GENERIC_TRIVIAL", "naive", "null", "oracle", "plain_react", "trivial", "trivial_names"]


def plain_react(config: AgentConfig | None = None) -> Agent:
    """Inspect's react() with the research agent's tools and react's own submit tool: the same tools,
    none of the research agent's loop (budget notes, forced submission, loop guard, context
    compaction, structured report)."""
    return react(name="react", tools=build_tools(config or AgentConfig()), submit=True)


ORACLE_DIR = ".oracle"
NAIVE_DIR = ".naive"
TRIVIAL_DIR = ".trivial"
# Trivial submissions every task gets without a script: each declared output written empty, and the
# untouched workspace (what the null agent leaves; validation reads it from the null run).
GENERIC_TRIVIAL = ("empty", "starter")


async def _run_script(files: dict[str, Path], script: str, folder: str, timeout: int, who: str) -> None:
    """Copy `files` (sandbox path under `folder` -> host file) in, run `python3 folder/script` from the
    workspace, then remove the folder; a failing script raises, naming `who`."""
    for name, path in files.items():
        await sandbox().write_file(f"{folder}/{name}", path.read_bytes())
    # A login shell, like the agents' own bash/python tools: the same python3 they would get.
    result = await sandbox().exec(["bash", "--login", "-c", f"python3 {folder}/{script}"], timeout=timeout)
    await sandbox().exec(["rm", "-rf", folder])
    if not result.success:
        raise RuntimeError(f"{who} failed (exit {result.returncode}): {result.stderr[-2000:]}")


def _folder_solver(agent: str, folder_name: str, sandbox_dir: str, who: str, timeout: int) -> Solver:
    """Copy the task's `folder_name`/ into the sandbox and run its `solve.py` from the workspace."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        folder = Path(state.metadata["task_dir"]) / folder_name
        files = {
            path.relative_to(folder).as_posix(): path
            for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
        }
        await _run_script(files, "solve.py", sandbox_dir, timeout, who)
        state.output.completion = f"{agent}: {who} ran"
        return state

    return solve


@solver
def oracle(timeout: int = 300) -> Solver:
    """The task's reference solution (solution/solve.py): careful research, the upper sanity bound."""
    return _folder_solver("oracle", "solution", ORACLE_DIR, "reference solution", timeout)


@solver
def naive(timeout: int = 300) -> Solver:
    """The task's obvious first attempt (naive/solve.py): library defaults, the first model that comes
    to mind, the method as the prompt's excerpt states it. It must fall short of the success threshold
    on every task outside the `sanity` tier."""
    return _folder_solver("naive", "naive", NAIVE_DIR, "obvious first attempt", timeout)


def trivial_names(task_dir: Path) -> list[str]:
    """The trivial submissions of a task: the generic ones, then its `trivial/<name>.py` scripts."""
    scripts = sorted(path.stem for path in (task_dir / "trivial").glob("*.py"))
    clash = sorted(set(scripts) & set(GENERIC_TRIVIAL))
    if clash:
        raise TaskSpecError(
            f"{task_dir}/trivial/: {clash} are generic trivial submissions; rename the scripts"
        )
    return [*GENERIC_TRIVIAL, *scripts]


async def _write_empty_outputs(task_id: str) -> None:
    """Every output task.yaml declares, written empty: a 0-byte file, or an empty folder ('name/')."""
    for name in load_spec(task_id).outputs:
        if name.endswith("/"):
            await sandbox().exec(["bash", "-c", 'rm -rf -- "$1" && mkdir -p -- "$1"', "_", name])
        else:
            await sandbox().write_file(name, b"")


@solver
def trivial(name: str, timeout: int = 300) -> Solver:
    """A submission a lazy agent would try, which must score about 0: `empty` (every declared output
    written empty), `starter` (the untouched workspace) or the task's `trivial/<name>.py`, run from the
    workspace like the oracle's solve.py."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        task_dir = Path(state.metadata["task_dir"])
        if name not in trivial_names(task_dir):
            raise ValueError(f"task '{task_dir.name}' has no trivial submission '{name}'")
        if name == "empty":
            await _write_empty_outputs(state.metadata["task_id"])
        elif name != "starter":  # the starter is the workspace as it was handed over
            script = task_dir / "trivial" / f"{name}.py"
            await _run_script(
                {script.name: script}, script.name, TRIVIAL_DIR, timeout, f"trivial script {script}"
            )
        state.output.completion = f"trivial: {name}"
        return state

    return solve


@solver
def null() -> Solver:
    """Do nothing and submit an empty answer: the lower sanity bound."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.output.completion = ""
        return state

    return solve
