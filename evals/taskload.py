"""Build an Inspect Task from a task folder: one Sample per instance seed, the shared scorer.

The sandbox sees only the workspace (copied in as Sample.files); grader/ and solution/ stay on the
host. For generated tasks, `generate.py` builds each instance into a host cache directory first.
"""

import os
import shutil
import string
import tempfile
from pathlib import Path

from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.solver import Solver

from evals.sandboxes import inspect_sandbox, is_isolated
from evals.scoring import task_scorer
from evals.taskspec import TaskSpec, content_hash, load_module, load_spec, task_dir

__all__ = ["build_task", "materialise_instance", "render_prompt"]


def instance_cache() -> Path:
    """Where generated instances live: $OPENINTERN_CACHE, else ~/.cache/openintern/instances."""
    default = Path.home() / ".cache" / "openintern" / "instances"
    return Path(os.environ.get("OPENINTERN_CACHE", default))


def materialise_instance(folder: Path, spec: TaskSpec, seed: int) -> tuple[Path, Path]:
    """Return (workspace_dir, hidden_dir) for one instance on the host.

    Static tasks use their folders as they are. Generated tasks are built once per (task content
    hash, seed) into the instance cache, deterministically from the seed; a changed task gets a new
    hash and so a fresh build. Builds go to a temporary folder first, so a half-built instance is
    never reused.
    """
    generator = folder / "generate.py"
    if not generator.is_file():
        return folder / "workspace", folder / "grader"
    root = instance_cache() / f"{spec.id}-{content_hash(folder)[:16]}-seed{seed}"
    if not root.is_dir():
        root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-", dir=root.parent))
        (staging / "workspace").mkdir()
        (staging / "hidden").mkdir()
        load_module(generator, f"openintern_generate_{spec.id}").build(
            seed, staging / "workspace", staging / "hidden"
        )
        try:
            staging.rename(root)
        except OSError:  # another process finished the same build first; its copy is identical
            shutil.rmtree(staging, ignore_errors=True)
    return root / "workspace", root / "hidden"


def render_prompt(folder: Path, spec: TaskSpec) -> str:
    """Fill prompt.md's $placeholders with the task's budget."""
    template = string.Template((folder / "prompt.md").read_text())
    return template.substitute(
        time_limit=spec.limits.time,
        token_limit=spec.limits.tokens,
        message_limit=spec.limits.messages,
    )


def _workspace_files(workspace: Path) -> dict[str, str]:
    return {
        path.relative_to(workspace).as_posix(): str(path)
        for path in sorted(workspace.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def build_task(
    task_id: str,
    solver: Solver | None = None,
    sandbox: str = "local",
    seeds: list[int] | None = None,
) -> Task:
    """The Inspect Task for tasks/<task_id>/.

    Args:
        task_id: Folder name under tasks/.
        solver: The agent to run; None leaves it to `inspect eval --solver`.
        sandbox: Harness sandbox kind (evals.sandboxes); "local" gives no isolation and reports say so.
        seeds: A subset of the task's instance seeds; all of them by default.
    """
    folder = task_dir(task_id)
    spec = load_spec(task_id, folder)
    digest = content_hash(folder)
    prompt = render_prompt(folder, spec)
    samples = []
    for seed in seeds if seeds is not None else spec.instances:
        if seed not in spec.instances:
            raise ValueError(f"task '{task_id}' has no instance seed {seed}; it has {spec.instances}")
        workspace, hidden = materialise_instance(folder, spec, seed)
        samples.append(
            Sample(
                id=f"{task_id}-{seed}",
                input=prompt,
                files=_workspace_files(workspace),
                metadata={
                    "task_id": task_id,
                    "task_version": spec.version,
                    "task_hash": digest,
                    "seed": seed,
                    "task_dir": str(folder),
                    "hidden_dir": str(hidden),
                    "workspace_dir": str(workspace),
                },
            )
        )
    return Task(
        name=task_id,
        dataset=MemoryDataset(samples, name=task_id),
        solver=solver,
        scorer=task_scorer(spec, folder),
        sandbox=inspect_sandbox(sandbox),
        time_limit=spec.limits.time,
        token_limit=spec.limits.tokens,
        message_limit=spec.limits.messages,
        version=spec.version,
        metadata={
            "task_id": task_id,
            "task_version": spec.version,
            "task_hash": digest,
            "category": spec.category,
            "limits": spec.limits.model_dump(),
            "sandbox": sandbox,
            "isolated": is_isolated(sandbox),
        },
    )
