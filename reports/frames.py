"""Inspect logs -> one tidy row per sample x epoch. The only module that opens log files.

Reports read logs only: everything shown downstream comes from these rows, each of which names the
log file it came from.
"""

from pathlib import Path

import pandas as pd
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log

__all__ = ["LogDirError", "agent_name", "latest_attempts", "load_logs", "samples_frame"]


class LogDirError(ValueError):
    """A log directory that cannot be reported on."""


def load_logs(log_dir: Path) -> list[EvalLog]:
    """Read every Inspect log (.eval/.json) under log_dir, with samples."""
    log_dir = Path(log_dir)
    if not log_dir.is_dir():
        raise LogDirError(
            f"log directory {log_dir} does not exist; pass the folder that holds the .eval files"
        )
    infos = list_eval_logs(str(log_dir), recursive=True)
    if not infos:
        raise LogDirError(
            f"no Inspect logs (.eval or .json) in {log_dir}; run an eval first, e.g. `make demo`"
        )
    logs = []
    for info in infos:
        try:
            logs.append(read_eval_log(info))
        except Exception as error:  # a corrupt or truncated log is named, never silently dropped
            raise LogDirError(f"cannot read log {info.name}: {error}") from error
    return latest_attempts(logs)


def latest_attempts(logs: list[EvalLog]) -> list[EvalLog]:
    """One log per evaluation: where a run was interrupted or failed and then resumed, Inspect writes
    the retry as a new log of the same task id that carries over the finished samples, and leaves the
    old one in place. Counting both would count those samples twice: keep the newest of each."""
    newest: dict[str, EvalLog] = {}
    for log in logs:
        key = log.eval.task_id
        if key not in newest or log.eval.created > newest[key].eval.created:
            newest[key] = log
    return [log for log in logs if newest[log.eval.task_id] is log]


def agent_name(log: EvalLog) -> str:
    """The agent a log ran: the name `openintern run` recorded, else the --solver name, else the plan's
    last step (a solver passed as an object).

    Not the first step: a task's setup steps come first (Inspect, too, names a plan by its last step).
    """
    if (log.eval.metadata or {}).get("agent"):  # written by `openintern run`
        return log.eval.metadata["agent"]
    steps = log.plan.steps[:-1] if log.plan.finish else log.plan.steps  # the log repeats `finish` last
    name = log.eval.solver or (steps[-1].solver if steps else "unknown")
    return name.split("/")[-1]  # "openintern/research_agent" and "research_agent" are the same agent


# The sandbox type the log says ran the samples (an `inspect eval --sandbox` override included),
# as the harness's kind; anything else keeps its Inspect type name and counts as of unknown isolation.
_SANDBOX_TYPES = {"openintern_bwrap": "bwrap", "openintern_local": "local", "local": "local"}


def _sandbox_kind(log: EvalLog) -> str:
    spec = log.eval.sandbox
    if spec is None:
        return "none"
    return _SANDBOX_TYPES.get(spec.type, spec.type)


def samples_frame(logs: list[EvalLog]) -> pd.DataFrame:
    """One row per sample x epoch: identity, score, success, raw metric, tokens, time, limits, errors."""
    rows = []
    for log in logs:
        task_meta = log.eval.metadata or {}
        task_limits = task_meta.get("limits", {})
        config = log.eval.config  # run-level overrides of the task's own limits
        for sample in log.samples or []:
            meta = sample.metadata or {}
            score = next(iter(sample.scores.values()), None) if sample.scores else None
            value = score.value if score is not None and isinstance(score.value, dict) else {}
            usage = sample.model_usage or {}
            rows.append(
                {
                    "log": Path(log.location).name,
                    "eval_id": log.eval.eval_id,
                    "agent": agent_name(log),
                    "model": log.eval.model,
                    "task": meta.get("task_id", log.eval.task.split("/")[-1]),
                    "task_version": meta.get("task_version", str(log.eval.task_version)),
                    "task_hash": meta.get("task_hash"),
                    # Logs written before task tiers existed do not say (and reports never read tasks/).
                    "tier": task_meta.get("tier", "not recorded"),
                    "sandbox": _sandbox_kind(log),
                    "sample_id": sample.id,
                    "seed": meta.get("seed"),
                    "epoch": sample.epoch,
                    "score": float(value.get("score", 0.0)),
                    "success": float(value.get("success", 0.0)),
                    "metric": (score.metadata or {}).get("metric") if score else None,
                    "explanation": score.explanation if score else None,
                    "input_tokens": sum(u.input_tokens for u in usage.values()),
                    "output_tokens": sum(u.output_tokens for u in usage.values()),
                    "total_tokens": sum(u.total_tokens for u in usage.values()),
                    "time_s": sample.total_time,
                    "time_limit": config.time_limit or task_limits.get("time"),
                    "message_limit": config.message_limit or task_limits.get("messages"),
                    "token_limit": config.token_limit or task_limits.get("tokens"),
                    "limit": sample.limit.type if sample.limit else None,
                    "error": sample.error.message.splitlines()[0] if sample.error else None,
                    "scored": score is not None,
                }
            )
    return pd.DataFrame(rows)
