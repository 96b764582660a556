"""The research tools: papers, datasets, experiments and a plan. Docstrings are what the model reads.

Each tool does its work in the sandbox through a helper script (see _sandbox.py) and always returns a
message: bad input (a missing file, a crashing script, a binary file) is explained, never raised.
"""

import time

import anyio
from inspect_ai.tool import Tool, tool
from inspect_ai.util import sample_limits, store

from agent.tools._sandbox import run_helper

__all__ = [
    "BACKGROUND_DEADLINE_KEY",
    "COMMANDS_DEADLINE_KEY",
    "PLAN_KEY",
    "arxiv",
    "check_experiment",
    "inspect_dataset",
    "list_experiments",
    "plan",
    "read_paper",
    "run_experiment",
    "search_papers",
]

PLAN_KEY = "openintern:plan"
HELPER_TIMEOUT = 120


@tool
def read_paper(max_chars: int = 6000) -> Tool:
    async def execute(path: str = "", section: str = "", pages: str = "", start: int = 0) -> str:
        """Read a paper (markdown, text, LaTeX or PDF) a part at a time.

        With no path: list the papers here. With a path only: its outline (sections, pages) or, if it
        is short, the whole text. Then read one section, a page range, or continue from a character.

        Args:
            path: The paper's file path; empty to list the papers.
            section: A section number from the outline, or words from its title.
            pages: PDF pages, e.g. "3" or "2-4".
            start: Character to start from, to continue a long part.
        """
        if not path:
            return await run_helper("papers", {"action": "list"}, HELPER_TIMEOUT)
        args = {"action": "read", "path": path, "section": section, "pages": pages, "start": max(0, start)}
        return await run_helper("papers", args | {"max_chars": max_chars}, HELPER_TIMEOUT)

    return execute


@tool
def search_papers(max_hits: int = 15) -> Tool:
    async def execute(query: str, path: str = "") -> str:
        """Find the lines in the papers here that mention the given words, best matches first.

        Args:
            query: Words to look for, e.g. "learning rate schedule".
            path: One paper to search; empty to search them all.
        """
        args = {"action": "search", "query": query, "path": path, "max_hits": max_hits}
        return await run_helper("papers", args, HELPER_TIMEOUT)

    return execute


@tool
def arxiv(base_url: str = "http://export.arxiv.org", timeout: int = 10) -> Tool:
    async def execute(query: str = "", paper_id: str = "") -> str:
        """Search arXiv, or fetch one arXiv paper (abstract, and its PDF saved under papers/).

        Args:
            query: Words to search for.
            paper_id: An arXiv id such as 1706.03762, to fetch that paper instead.
        """
        if not query and not paper_id:
            return "Give a query to search arXiv, or a paper_id to fetch."
        args = {"query": query, "paper_id": paper_id, "base_url": base_url.rstrip("/"), "timeout": timeout}
        return await run_helper("arxiv", args | {"max_results": 5}, timeout * 6)

    return execute


@tool
def inspect_dataset() -> Tool:
    async def execute(path: str, label: str = "", rows: int = 5) -> str:
        """Look at a dataset before using it: size, columns and types, missing values, label balance,
        sample rows. Reads CSV, TSV, Parquet, JSON lines, JSON, .npy/.npz and saved Hugging Face
        datasets folders (all splits).

        Args:
            path: The data file or dataset folder.
            label: The label column; guessed from its name when empty.
            rows: How many sample rows to show.
        """
        args = {"path": path, "label": label, "rows": max(0, min(rows, 20))}
        return await run_helper("dataset", args, HELPER_TIMEOUT)

    return execute


@tool
def run_experiment(
    notebook: str = "experiments.jsonl", default_time_limit: int = 600, tail_lines: int = 30
) -> Tool:
    async def execute(
        command: str, name: str = "", time_limit: int = 0, memory_mb: int = 0, background: bool = False
    ) -> str:
        """Run a training or evaluation command as a recorded experiment.

        The run is stopped if it passes its time or memory limit. Print metrics as JSON lines, e.g.
        print(json.dumps({"epoch": 3, "val_accuracy": 0.91})); the last value of each is recorded
        with the run in the lab notebook. Returns the status, metrics and the end of the output.
        With background=True it returns at once and the run goes on while you work (write the next
        script, inspect results); follow it with check_experiment.

        Args:
            command: Shell command, e.g. "python train.py --lr 0.01".
            name: Short name for this run, e.g. "baseline" or "lr=0.01".
            time_limit: Seconds before the run is stopped (0: the default).
            memory_mb: Memory limit in MB (0: none).
            background: Start the run and return at once instead of waiting for it.
        """
        seconds = time_limit if time_limit > 0 else default_time_limit
        usable = usable_seconds(background)
        clamped = usable is not None and seconds > usable
        if clamped:
            seconds = max(1, int(usable))
        args = {
            "action": "start" if background else "run",
            "command": command,
            "name": name,
            "time_limit": seconds,
            "memory_mb": max(0, memory_mb),
            "notebook": notebook,
            "tail_lines": tail_lines,
        }
        # A foreground run is not cancelled half-way (its supervisor would die and leave the run
        # going): its own time limit, cut to what the budget leaves, ends it, with its output.
        with anyio.CancelScope(shield=not background):
            result = await run_helper("experiment", args, HELPER_TIMEOUT if background else seconds + 60)
        if clamped:  # say so: the model asked for more time than the budget holds
            result = f"(time limit cut to {seconds} s: that is what the budget leaves for commands)\n{result}"
        return result

    return execute


@tool
def check_experiment(notebook: str = "experiments.jsonl", tail_lines: int = 15) -> Tool:
    async def execute(run: int = 0, wait: int = 0, stop: bool = False) -> str:
        """Check on a run started with run_experiment(background=True): its state, metrics so far and
        latest output; or wait for it to end, or stop it. A finished run's full result is returned.

        Args:
            run: The run number; 0 for every run still going on.
            wait: Seconds to wait for the run to end before answering (0: answer now).
            stop: Stop the run now (it is recorded as stopped, with its metrics so far).
        """
        usable = usable_seconds()
        wait = max(0, wait if usable is None else min(wait, int(usable)))
        args = {
            "action": "check",
            "run": max(0, run),
            "wait": wait,
            "stop": stop,
            "notebook": notebook,
            "tail_lines": tail_lines,
        }
        return await run_helper("experiment", args, wait + HELPER_TIMEOUT)

    return execute


# When this step's commands must have ended (time.monotonic()), as the research agent's loop works it
# out (agent/budget.py seconds_for_tools) before running them; read by run_experiment so that a run
# ends by its own time limit, with its metrics and output, instead of being cancelled with nothing.
COMMANDS_DEADLINE_KEY = "openintern:commands_deadline"
# When background runs must have ended: the start of the time kept for the final submission.
BACKGROUND_DEADLINE_KEY = "openintern:background_deadline"
# What a run's own stop takes (a kill at its limit) and the helper's bookkeeping after it, before the
# loop's deadline; without our loop, before the sample's hard limit, also a little time to hand in.
_STOP_MARGIN_S = 3.0
_SAMPLE_MARGIN_S = 15.0


def usable_seconds(background: bool = False) -> float | None:
    """Seconds a command may run from now: until the loop's deadline (which already keeps time for
    the model's next turns), else what is left of the sample's time limit (an agent without our
    loop, such as react), less a margin; None without a limit. A background run may go on until
    the time kept for the final submission."""
    deadline = store().get(COMMANDS_DEADLINE_KEY if not background else BACKGROUND_DEADLINE_KEY)
    if deadline is not None:
        return max(0.0, deadline - time.monotonic() - _STOP_MARGIN_S)
    remaining = sample_limits().time.remaining
    return None if remaining is None else max(0.0, remaining - _SAMPLE_MARGIN_S)


@tool
def list_experiments(notebook: str = "experiments.jsonl") -> Tool:
    async def execute(metric: str = "", runs: str = "", lower_is_better: bool = False) -> str:
        """List and compare the recorded experiments (the lab notebook).

        Args:
            metric: Rank runs by this metric, best first.
            runs: Run numbers to compare, e.g. "2,5"; empty for the latest runs.
            lower_is_better: True when a lower value of the metric is better (a loss).
        """
        args = {
            "action": "compare",
            "metric": metric,
            "runs": runs,
            "lower_is_better": lower_is_better,
            "notebook": notebook,
            "last": 10,
        }
        return await run_helper("experiment", args, HELPER_TIMEOUT)

    return execute


@tool
def plan() -> Tool:
    async def execute(steps: str) -> str:
        """Write or update your plan: a checklist, one step per line, "[x]" before the done ones.
        You will see it again with each budget note.

        Args:
            steps: The whole checklist, one step per line, e.g. "[x] read the paper" and "[ ] train".
        """
        lines = [line.strip() for line in steps.splitlines() if line.strip()]
        if not lines:
            return "The plan is empty: give one step per line."
        checklist = [line if line.lower().startswith(("[x]", "[ ]")) else f"[ ] {line}" for line in lines]
        store().set(PLAN_KEY, "\n".join(checklist))
        done = sum(line.lower().startswith("[x]") for line in checklist)
        return f"Plan saved: {done} of {len(checklist)} steps done."

    return execute
