"""The gpu tier: tasks whose oracle needs a GPU to finish within their limits (task.yaml
`tier: gpu`, `resources: {gpu: true}`).

On a machine without a CUDA device those tasks are skipped with one line that says why, for every
agent that would do the work (the research agent, the baselines, naive, oracle). Null and trivial
submissions still run there: they do no training, and validation needs them to show a task cannot be
scored without the work.
"""

import functools
import subprocess
import sys

from evals.taskspec import load_spec

__all__ = ["CPU_AGENTS", "GPUUnavailable", "gpu_missing", "needs_gpu", "runs_here", "skip_message"]

# Agents whose runs do no training, so they are meaningful on a gpu-tier task without a GPU.
CPU_AGENTS = ("null",)


class GPUUnavailable(RuntimeError):
    """A gpu-tier task was asked to run work that needs a GPU on a machine without one."""


@functools.cache
def gpu_missing() -> str | None:
    """Why the sandbox's Python (this one: the sandboxes run it) cannot use a GPU; None if it can.

    Asked in a child process: initialising CUDA in the harness itself would tie every later fork to it.
    """
    probe = "import torch; print(torch.cuda.device_count() if torch.cuda.is_available() else 0)"
    try:
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "asking torch for CUDA devices did not answer within 120 s"
    if result.returncode != 0:
        return f"torch cannot be imported by {sys.executable} ({result.stderr.strip()[-200:]})"
    if int(result.stdout.strip() or 0) == 0:
        return f"torch.cuda.is_available() is False for {sys.executable} (no NVIDIA GPU, or a CPU-only torch)"
    return None


def needs_gpu(task_id: str) -> bool:
    return load_spec(task_id).resources.gpu


def skip_message(task_id: str, what: str = "it") -> str:
    """One line: which task is skipped, why, and what would run it."""
    return (
        f"skipped {task_id} ({what}): it is in the gpu tier (its oracle needs a GPU to finish within the "
        f"task's limits) and this machine has none: {gpu_missing()}. Run it where an NVIDIA GPU and a CUDA "
        "build of torch are visible; see README, 'GPU tier'."
    )


def runs_here(task_id: str, agent: str) -> bool:
    """Whether `agent` on `task_id` is meaningful on this machine."""
    if not needs_gpu(task_id) or gpu_missing() is None:
        return True
    return agent in CPU_AGENTS or agent.startswith("trivial:")
