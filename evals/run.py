"""Run a matrix of tasks x agents on one model with Inspect's eval_set (resumable).

Logs land in logs/<run_id>/, one .eval file per task x agent x model; the report reads only those.
"""

import re
from datetime import UTC, datetime
from pathlib import Path

from inspect_ai import Epochs, eval_set
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import Model

from agent import AgentConfig, research_agent
from evals import agents
from evals.baselines import BASELINES, baseline_agent, check_baseline
from evals.models import check_model_access
from evals.sandboxes import DEFAULT_SANDBOX, check_sandbox
from evals.taskload import build_task

__all__ = ["AGENTS", "RunConfigError", "agent_solver", "new_run_id", "run_matrix"]

AGENTS = ("research_agent", "react", *BASELINES, "oracle", "null")


class RunConfigError(ValueError):
    """A run was asked for something that does not exist (an agent, a run id)."""


def agent_solver(name: str, config: AgentConfig | None = None):
    """The solver for an agent name of the matrix; a clear error for an unknown one.

    Args:
        name: One of AGENTS, or `trivial:<name>` for a task's trivial submission (validation runs them).
        config: research_agent's settings; react gets the tools they configure.
    """
    if name == "research_agent":
        return research_agent(config)
    if name == "react":
        return agents.plain_react(config)
    if name in BASELINES:
        return baseline_agent(name)
    if name == "oracle":
        return agents.oracle()
    if name == "null":
        return agents.null()
    if name.startswith("trivial:") and name != "trivial:":
        return agents.trivial(name.removeprefix("trivial:"))
    raise RunConfigError(f"unknown agent '{name}'; choose from {', '.join(AGENTS)} or trivial:<name>")


def new_run_id(prefix: str) -> str:
    """A sortable run id such as demo-20261126-151200."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", prefix):
        raise RunConfigError(f"run id prefix must be lower-case letters, digits, '-' or '_', got {prefix!r}")
    return f"{prefix}-{datetime.now(UTC):%Y%m%d-%H%M%S}"


def run_matrix(
    task_ids: list[str],
    agents: list[str],
    model: str | Model,
    log_dir: Path,
    epochs: int = 1,
    sandbox: str = DEFAULT_SANDBOX,
    max_samples: int = 1,
    time_limit: int | None = None,
    message_limit: int | None = None,
    token_limit: int | None = None,
    display: str = "plain",
    agent_config: AgentConfig | None = None,
) -> list[EvalLog]:
    """Run every task with every agent on `model`; return the full logs (with samples).

    Re-running on the same log_dir resumes: finished task x agent pairs are not run again.
    `time_limit`, `message_limit` and `token_limit` override the tasks' own limits for every agent
    alike (the demo uses them to stay short). They go into each Task, so the task's metadata, the
    log's config and the prompt (filled at sample start) all state the limits in force.
    """
    if isinstance(model, str):
        check_model_access(model)  # a missing key or server: one clear line before any sample starts
    for name in agents:
        agent_solver(name)  # an unknown agent: one line, before anything starts
        if name in BASELINES:
            check_baseline(name)  # its pinned CLI missing: one line naming `make setup`
    check_sandbox(sandbox)  # bubblewrap missing or unable to make namespaces: one line naming the fix
    tasks = []
    for task_id in task_ids:
        for name in agents:
            task = build_task(
                task_id,
                solver=agent_solver(name, agent_config),
                sandbox=sandbox,
                time_limit=time_limit,
                token_limit=token_limit,
                message_limit=message_limit,
            )
            task.metadata["agent"] = name  # the name asked for; readers need not guess it from the plan
            tasks.append(task)
    # The embedded model answers one request at a time: samples run in parallel would only queue for
    # it, and their wall-clock limits would measure the queue. Run them one after another.
    serial = str(model).startswith("embedded/")
    success, logs = eval_set(
        tasks=tasks,
        model=model,
        log_dir=str(log_dir),
        epochs=Epochs(epochs),
        max_samples=1 if serial else max_samples,
        max_tasks=1 if serial else None,
        retry_attempts=0,
        retry_immediate=False,
        log_level="warning",
        display=display,
    )
    if not success:
        failed = [
            f"{log.eval.task} ({(log.eval.metadata or {}).get('agent', '?')}): "
            f"{log.error.message if log.error else log.status}"
            for log in logs
            if log.status != "success"
        ]
        raise RuntimeError(f"some evaluations did not finish (logs in {log_dir}): " + "; ".join(failed))
    return [read_eval_log(log.location) for log in logs]
