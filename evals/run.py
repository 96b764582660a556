"""Run a matrix of tasks x agents x models with Inspect's eval_set (resumable).

Logs land in logs/<run_id>/, one .eval file per task x agent x model; the report reads only those.
Running the same matrix into the same folder again resumes it: finished logs are kept, and a log
that was interrupted or holds failed samples is retried with its finished samples reused.
"""

import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from inspect_ai import Epochs, eval_set
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import Model

from agent import AgentConfig, research_agent
from evals import agents
from evals.baselines import BASELINES, baseline_agent, check_baseline, cli_versions
from evals.embedded import engine_description
from evals.gpu import runs_here, skip_message
from evals.models import check_model_access
from evals.presets import register_prices
from evals.sandboxes import DEFAULT_SANDBOX, check_sandbox
from evals.taskload import build_task
from evals.taskspec import load_spec

__all__ = [
    "AGENTS",
    "IncompleteRunError",
    "RunConfigError",
    "agent_solver",
    "default_concurrency",
    "failed_samples",
    "new_run_id",
    "run_matrix",
]

logger = logging.getLogger(__name__)

AGENTS = ("research_agent", "react", *BASELINES, "oracle", "naive", "null")


class RunConfigError(ValueError):
    """A run was asked for something that does not exist (an agent, a run id)."""


@dataclass(frozen=True)
class FailedSample:
    task: str
    agent: str
    model: str
    sample: str
    epoch: int
    reason: str
    log: str

    def line(self) -> str:
        return (
            f"FAILED {self.task} / {self.agent} / {self.model} sample {self.sample} epoch {self.epoch}: "
            f"{self.reason} (log: {self.log})"
        )


class IncompleteRunError(RuntimeError):
    """Some samples of a run errored or never ran; `logs` holds what did finish, `failures` one entry per
    failed sample. Running the same run again retries exactly those."""

    def __init__(
        self, log_dir: Path, logs: list[EvalLog], failures: list[FailedSample], unfinished: list[str]
    ):
        self.logs, self.failures, self.unfinished = logs, failures, unfinished
        lines = [f.line() for f in failures] + [f"UNFINISHED {name}" for name in unfinished]
        super().__init__(
            f"{len(failures)} samples failed and {len(unfinished)} evaluations did not finish (logs in {log_dir}); "
            "run the same command again to retry them:\n" + "\n".join(lines)
        )


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
    if name == "naive":
        return agents.naive()
    if name == "null":
        return agents.null()
    if name.startswith("trivial:") and name != "trivial:":
        return agents.trivial(name.removeprefix("trivial:"))
    raise RunConfigError(f"unknown agent '{name}'; choose from {', '.join(AGENTS)} or trivial:<name>")


# Tools that reach the network: offered only on tasks that declare `network: true` (every agent alike).
NETWORK_TOOLS = ("arxiv",)


def _for_task(config: AgentConfig, task_id: str) -> AgentConfig:
    """The agents' settings for one task: an offline task offers no tool that needs the network (its
    sandbox has none, and a tool that can only fail is a trap for the model)."""
    if load_spec(task_id).network:
        return config
    return config.model_copy(update={"tools": tuple(t for t in config.tools if t not in NETWORK_TOOLS)})


def host_provenance() -> dict:
    """What a report discloses about the run's machine and software; reports read logs only, so it
    goes into every log's metadata."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")),
        platform.processor() or platform.machine(),
    )
    return {
        "host": {
            "cpu": cpu,
            "cores": os.cpu_count(),
            "memory_gib": round(memory, 1),
            "gpu": _gpus(),
            "system": platform.platform(),
        },
        "packages": {
            name: installed(name)
            for name in ("inspect-ai", "inspect-swe", "openintern", "torch", "llama-cpp-python")
        },
    }


def model_engines(models: list) -> dict[str, dict[str, str]]:
    """What computes each embedded model's tokens (weights, llama-cpp-python, sampling method), for the
    report's disclosure and the regression gate, which refuses to charge an engine change to the agent.
    API and vLLM models are named by their provider; their engines are not ours to record."""
    engines = {}
    for model in models:
        name = str(model)  # a name, or a Model object's "<provider>/<name>"
        provider, _, model_name = name.partition("/")
        if provider == "embedded":
            engines[name] = engine_description(model_name)
    return engines


def model_endpoints(models: list) -> dict[str, str]:
    """Where each model is reached, for the report's egress block: a model object's base URL, else the
    provider's `<PROVIDER>_BASE_URL` variable Inspect reads (VLLM_BASE_URL, OPENAI_BASE_URL...)."""
    endpoints = {}
    for model in models:
        if isinstance(model, Model):
            name, url = str(model), model.api.base_url  # str(model) is "<provider>/<name>"
        else:
            name = model
            url = os.environ.get(f"{model.split('/')[0].upper().replace('-', '_')}_BASE_URL")
        if url:
            endpoints[name] = url
    return endpoints


def _gpus() -> str:
    """NVIDIA GPUs as nvidia-smi names them, or 'none' (no driver tools on the machine)."""
    import shutil
    import subprocess

    if not shutil.which("nvidia-smi"):
        return "none"
    try:
        names = subprocess.run(
            ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return "unknown (nvidia-smi failed)"
    return ", ".join(name.strip() for name in names if name.strip()) or "none"


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


def new_run_id(prefix: str) -> str:
    """A sortable run id such as demo-20261126-151200."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", prefix):
        raise RunConfigError(f"run id prefix must be lower-case letters, digits, '-' or '_', got {prefix!r}")
    return f"{prefix}-{datetime.now(UTC):%Y%m%d-%H%M%S}"


def _serial(models: list) -> bool:
    """The embedded model answers one request at a time: samples run in parallel would only queue for
    it, and their wall-clock limits would measure the queue."""
    return any(str(model).startswith("embedded/") for model in models)


def default_concurrency(task_ids: list[str], models: list[str], cores: int | None = None) -> int:
    """Samples to run at once when the run does not say: as many as the machine's cores hold, given
    the widest task's declared cpus (task.yaml `resources.cpus`); one on the embedded model."""
    if _serial(models):
        return 1
    widest = max(load_spec(task_id).resources.cpus for task_id in task_ids)
    return max(1, int((cores or os.cpu_count() or 1) // widest))


def failed_samples(logs: list[EvalLog]) -> list[FailedSample]:
    """One entry per sample that ended in an error, with the first line of the reason and its log."""
    failures = []
    for log in logs:
        for sample in log.samples or []:
            if sample.error is not None:
                reason = (sample.error.message or "error").strip().splitlines()[0][:300]
                failures.append(
                    FailedSample(
                        task=log.eval.task.split("/")[-1],
                        agent=(log.eval.metadata or {}).get("agent", "?"),
                        model=log.eval.model,
                        sample=str(sample.id),
                        epoch=sample.epoch,
                        reason=reason,
                        log=log.location,
                    )
                )
    return failures


def run_matrix(
    task_ids: list[str],
    agents: list[str],
    model: str | Model | list[str],
    log_dir: Path,
    epochs: int = 1,
    sandbox: str = DEFAULT_SANDBOX,
    max_samples: int | None = None,
    time_limit: int | None = None,
    message_limit: int | None = None,
    token_limit: int | None = None,
    seed: int | None = None,
    display: str = "plain",
    agent_config: AgentConfig | None = None,
) -> list[EvalLog]:
    """Run every task with every agent on every model; return the full logs (with samples).

    Args:
        task_ids: Task folders under tasks/.
        agents: Names from AGENTS (or `trivial:<name>`).
        model: An Inspect model (name or object), or a list of them: every agent runs on each.
        log_dir: Where the logs go; running again into the same folder resumes (see the module).
        epochs: Runs of each sample.
        sandbox: A harness sandbox kind (evals.sandboxes).
        max_samples: Samples (sandboxes) at once across the whole run, not per task as Inspect's own
            max_samples; default_concurrency() if None.
        time_limit, message_limit, token_limit: Override the tasks' own limits for every agent alike.
            They go into each Task, so the task's metadata, the log's config and the prompt (filled at
            sample start) all state the limits in force.
        seed: The models' sampling seed (GenerateConfig.seed), where the provider honours one.
        display: Inspect's display ("plain", "none", "full", ...).
        agent_config: research_agent's settings.

    Raises:
        IncompleteRunError: samples errored or evaluations did not finish; the rest are in its `logs`.
    """
    models = model if isinstance(model, list) else [model]
    names = [m for m in models if isinstance(m, str)]
    for name in names:
        check_model_access(name)  # a missing key or server: one clear line before any sample starts
    for name in agents:
        agent_solver(name)  # an unknown agent: one line, before anything starts
        if name in BASELINES:
            check_baseline(name)  # its pinned CLI missing: one line naming `make setup`
    check_sandbox(sandbox)  # bubblewrap missing or unable to make namespaces: one line naming the fix
    if token_limit is None and any(name in BASELINES for name in agents):
        logger.warning(
            "a CLI baseline runs at the tasks' own token limits (300-400k): Claude Code's fixed context of "
            "about 19k tokens per call (cached tokens count too) may stop it on tokens before its time is up; "
            "comparison configs set token_limit (see evals/configs/anthropic.yaml)"
        )
    provenance = {**host_provenance(), "endpoints": model_endpoints(models), "engines": model_engines(models)}
    tasks, skipped = [], []
    for task_id in task_ids:
        for name in agents:
            if not runs_here(task_id, name):  # a gpu-tier task's work, on a machine without a GPU
                skipped.append(skip_message(task_id, name))
                logger.warning(skipped[-1])
                continue
            task = build_task(
                task_id,
                solver=agent_solver(name, _for_task(agent_config or AgentConfig(), task_id)),
                sandbox=sandbox,
                time_limit=time_limit,
                token_limit=token_limit,
                message_limit=message_limit,
            )
            task.metadata["agent"] = name  # the name asked for; readers need not guess it from the plan
            task.metadata["provenance"] = provenance
            if name in BASELINES:
                task.metadata["cli"] = cli_versions()[name]  # which CLI ran, in every log
            tasks.append(task)
    if not tasks:
        raise RunConfigError("nothing to run here: " + "; ".join(skipped))
    at_once = 1 if _serial(models) else max_samples or default_concurrency(task_ids, models)
    success, logs = eval_set(
        tasks=tasks,
        model=models,
        log_dir=str(log_dir),
        epochs=Epochs(epochs),
        # `at_once` sandboxes across the run; samples waiting for one have not started their clock
        # (Inspect starts a sample's time limit after its sandbox is up).
        max_sandboxes=at_once,
        max_samples=at_once,
        max_tasks=max(1, min(len(tasks) * len(models), at_once)),
        # Every sample runs even when one fails; the log is then marked failed and the next run of
        # the same folder retries just those samples.
        continue_on_fail=True,
        log_buffer=1,  # each finished sample is in the log at once: an interruption loses no finished work
        model_cost_config=register_prices(names) or None,
        retry_attempts=0,
        retry_immediate=False,
        log_level="warning",
        display=display,
        **({"seed": seed} if seed is not None else {}),
    )
    full = [read_eval_log(log.location) for log in logs]
    failures = failed_samples(full)
    unfinished = [
        f"{log.eval.task} ({(log.eval.metadata or {}).get('agent', '?')}): "
        f"{log.error.message.strip().splitlines()[0] if log.error else log.status}"
        for log in full
        if log.status != "success" and not any(f.log == log.location for f in failures)
    ]
    if not success or failures or unfinished:
        raise IncompleteRunError(log_dir, full, failures, unfinished)
    return full
