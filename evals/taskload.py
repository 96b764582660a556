"""Build an Inspect Task from a task folder: one Sample per instance seed, the shared scorer.

The sandbox sees only the workspace (copied in as Sample.files); grader/ and solution/ stay on the
host. For generated tasks, `generate.py` builds each instance into a host cache directory first.

A sample's input is prompt.md as written, placeholders and all; the task's setup solver fills
$time_limit, $token_limit and $message_limit at sample start from the limits Inspect enforces on
that sample, after every override (a run config, `openintern run` flags, `inspect eval --time-limit`).
So the first user message of a log is what the agent was told, and it matches the log's limits.
"""

import os
import shutil
import string
import tempfile
from pathlib import Path

from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import sample_limits

from evals.sandboxes import DEFAULT_SANDBOX, inspect_sandbox, is_isolated
from evals.scoring import task_scorer
from evals.taskspec import Limits, TaskSpec, content_hash, load_module, load_spec, task_dir

__all__ = ["build_task", "materialise_instance", "render_prompt", "state_limits"]


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


def _amount(limit: float | None) -> str:
    # The prompts say "at most $time_limit seconds": a missing limit is said in words, never "None".
    if limit is None:
        return "unlimited"
    return str(int(limit)) if float(limit).is_integer() else str(limit)


def render_prompt(template: str, time: float | None, tokens: float | None, messages: float | None) -> str:
    """Fill a prompt's $time_limit, $token_limit and $message_limit; None reads "unlimited".

    Args:
        template: prompt.md's text.
        time: Wall-clock seconds per sample.
        tokens: Model tokens per sample.
        messages: Conversation messages per sample.
    """
    return string.Template(template).substitute(
        time_limit=_amount(time), token_limit=_amount(tokens), message_limit=_amount(messages)
    )


def _prompt_template(folder: Path) -> str:
    """prompt.md's text, checked now, so a stray $placeholder fails the build, not a sample."""
    template = (folder / "prompt.md").read_text()
    render_prompt(template, None, None, None)
    return template


@solver
def state_limits() -> Solver:
    """Setup step: tell the agent the limits Inspect enforces on this sample, in the prompt.

    It reads them from the running sample, not from task.yaml, so every override (run config, CLI
    flag, `inspect eval --time-limit`) reaches the prompt. As the task's setup it runs before any
    agent, including one given with `inspect eval --solver`.
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        limits = sample_limits()
        for message in state.messages:
            if message.role == "user" and isinstance(message.content, str):
                message.content = render_prompt(
                    message.content, limits.time.limit, limits.token.limit, limits.message.limit
                )
        return state

    return solve


def _run_limits(spec: TaskSpec, time: int | None, tokens: int | None, messages: int | None) -> Limits:
    """The task's own limits with a run's overrides (None keeps the task's value) applied."""
    overrides = {"time": time, "tokens": tokens, "messages": messages}
    return Limits(**(spec.limits.model_dump() | {k: v for k, v in overrides.items() if v is not None}))


def _workspace_files(workspace: Path) -> dict[str, str]:
    return {
        path.relative_to(workspace).as_posix(): str(path)
        for path in sorted(workspace.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def build_task(
    task_id: str,
    solver: Solver | None = None,
    sandbox: str = DEFAULT_SANDBOX,
    seeds: list[int] | None = None,
    time_limit: int | None = None,
    token_limit: int | None = None,
    message_limit: int | None = None,
) -> Task:
    """The Inspect Task for tasks/<task_id>/.

    Args:
        task_id: Folder name under tasks/.
        solver: The agent to run; None leaves it to `inspect eval --solver`.
        sandbox: Harness sandbox kind (evals.sandboxes): "bwrap" (isolated, the default) or "local"
            (no isolation; reports say so).
        seeds: A subset of the task's instance seeds; all of them by default.
        time_limit: Overrides task.yaml's seconds per sample (a run's override); None keeps it.
        token_limit: Overrides task.yaml's tokens per sample; None keeps it.
        message_limit: Overrides task.yaml's messages per sample; None keeps it.
    """
    folder = task_dir(task_id)
    spec = load_spec(task_id, folder)
    digest = content_hash(folder)
    prompt = _prompt_template(folder)  # filled at sample start by state_limits()
    limits = _run_limits(spec, time_limit, token_limit, message_limit)
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
        setup=state_limits(),
        solver=solver,
        scorer=task_scorer(spec, folder),
        sandbox=inspect_sandbox(sandbox, spec.resources.memory, spec.resources.gpu),
        time_limit=limits.time,
        token_limit=limits.tokens,
        message_limit=limits.messages,
        version=spec.version,
        metadata={
            "task_id": task_id,
            "task_version": spec.version,
            "task_hash": digest,
            "category": spec.category,
            "tier": spec.tier,
            # After the run's overrides; `inspect eval --time-limit` etc. show in log.eval.config only.
            "limits": limits.model_dump(),
            "sandbox": sandbox,
            "isolated": is_isolated(sandbox),
        },
    )
