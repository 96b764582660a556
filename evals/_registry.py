"""Inspect entry point (`[project.entry-points.inspect_ai] openintern`): registers, under the
`openintern/` namespace, every task folder, the agents and the embedded model API.

    inspect eval openintern/longley_ols --solver openintern/research_agent --model embedded/smollm2-135m-instruct
    inspect eval openintern/smoke --solver openintern/oracle --model mockllm/model   # a suite
    inspect eval openintern/longley_ols --solver openintern/research_agent -S config=agent.yaml ...

Import has no side effects beyond registration: no model is loaded, no task is built.
"""

import logging
from pathlib import Path

from inspect_ai import Task, TaskSource, task, task_source
from inspect_ai.agent import Agent
from inspect_ai.agent import agent as _register_agent
from inspect_ai.solver import Solver, solver

from agent import AgentConfig
from agent import research_agent as _research_agent
from evals import agents as _agents
from evals import baselines as _baselines
from evals import embedded as _embedded  # noqa: F401  (registers the `embedded/...` model API)
from evals.gpu import GPUUnavailable, gpu_missing, needs_gpu, skip_message
from evals.sandboxes import DEFAULT_SANDBOX
from evals.suites import SUITES, suite_tasks
from evals.taskload import build_task
from evals.taskspec import list_task_ids
from evals.yamlconfig import load_yaml_model

NAMESPACE = "openintern"
logger = logging.getLogger(__name__)


def _register_task(task_id: str) -> None:
    def make_task(sandbox: str = DEFAULT_SANDBOX, without_gpu: bool = False) -> Task:
        if needs_gpu(task_id) and gpu_missing() and not without_gpu:
            raise GPUUnavailable(
                skip_message(task_id)
                + " (To run a null or trivial submission here anyway: -T without_gpu=true.)"
            )
        return build_task(task_id, sandbox=sandbox)

    make_task.__name__ = task_id
    globals()[task_id] = task(name=f"{NAMESPACE}/{task_id}")(make_task)


for _task_id in list_task_ids():
    _register_task(_task_id)


def _register_suite(name: str) -> None:
    def make_suite(sandbox: str = DEFAULT_SANDBOX) -> TaskSource:
        task_ids = suite_tasks(name)
        gpu_tasks = [task_id for task_id in task_ids if needs_gpu(task_id)]
        if gpu_tasks and gpu_missing():  # left out here, each with its line
            for task_id in gpu_tasks:
                logger.warning(skip_message(task_id))
            task_ids = [task_id for task_id in task_ids if task_id not in gpu_tasks]
        if not task_ids:
            raise GPUUnavailable(f"suite '{name}' holds gpu-tier tasks only: {gpu_missing()}")
        return TaskSource.from_tasks([build_task(task_id, sandbox=sandbox) for task_id in task_ids])

    make_suite.__name__ = name
    # Module attribute `<name>_suite`: a suite named `all` must not shadow the builtin.
    globals()[f"{name}_suite"] = task_source(name=f"{NAMESPACE}/{name}")(make_suite)


for _suite in SUITES:
    _register_suite(_suite)


def _agent_config(config: str | None) -> AgentConfig:
    """An AgentConfig from a YAML file (`-S config=agent.yaml`), or the defaults."""
    if config is None:
        return AgentConfig()
    return load_yaml_model(Path(config), AgentConfig, ValueError)


@_register_agent(name=f"{NAMESPACE}/research_agent")
def research_agent(config: str | None = None) -> Agent:
    """OpenIntern's research agent (agent/); `config` is an AgentConfig YAML file."""
    return _research_agent(_agent_config(config))


@_register_agent(name=f"{NAMESPACE}/react")
def react(config: str | None = None) -> Agent:
    """Inspect's plain react agent with the same tools: the scaffold-free ablation."""
    return _agents.plain_react(_agent_config(config))


@solver(name=f"{NAMESPACE}/oracle")
def oracle(timeout: int = 300) -> Solver:
    """Runs the task's reference solution: the upper sanity bound."""
    return _agents.oracle(timeout)


@solver(name=f"{NAMESPACE}/naive")
def naive(timeout: int = 300) -> Solver:
    """Runs the task's obvious first attempt (naive/): it falls short of success outside the sanity tier."""
    return _agents.naive(timeout)


@solver(name=f"{NAMESPACE}/null")
def null() -> Solver:
    """Submits nothing: the lower sanity bound."""
    return _agents.null()


@solver(name=f"{NAMESPACE}/trivial")
def trivial(name: str) -> Solver:
    """A submission a lazy agent would try (`-S name=empty`, `starter` or a task's trivial/<name>.py)."""
    return _agents.trivial(name)


@solver(name=f"{NAMESPACE}/claude_code")
def claude_code() -> Solver:
    """Claude Code (pinned CLI, evals/baselines.py) on the eval's model through the agent bridge."""
    return _baselines.baseline_agent("claude_code")


@solver(name=f"{NAMESPACE}/codex_cli")
def codex_cli() -> Solver:
    """Codex CLI (pinned, evals/baselines.py) on the eval's model through the agent bridge."""
    return _baselines.baseline_agent("codex_cli")
