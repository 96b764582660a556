"""Inspect logs -> tidy rows. With reports/logread.py, the only code that opens log files.

Reports read logs only: everything shown downstream comes from these rows, each of which names the
log file it came from. Any Inspect log is read, not only the harness's own: scores of every kind
Inspect writes (letter grades C/I/P/N, numbers, booleans, dict-valued scores, several scorers per
task) become the numbers Inspect's own metrics give, through Inspect's `value_to_float`. A log that
cannot be read, or a score that cannot be interpreted, is named in `Logs.problems` with the reason;
the rest of the report still builds.

What is read: each log's header with Inspect's reader (`read_eval_log(header_only=True)`), and each
sample once, as a plain record (reports/logread.py: scores, usage, times, errors, limits, behaviour),
one log per worker process for large runs.
"""

import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log
from inspect_ai.scorer import value_to_float

from reports.logread import read_samples

__all__ = [
    "LogDirError",
    "Logs",
    "agent_name",
    "latest_attempts",
    "load_logs",
    "recorded_engines",
    "samples_frame",
]


class LogDirError(ValueError):
    """A log directory that cannot be reported on at all."""


@dataclass
class Logs:
    """The logs of a directory that could be read (headers), their samples as plain records
    (reports/logread.py), and a line for every log or score that could not be read or interpreted."""

    directory: Path
    headers: list[EvalLog]
    samples: dict[str, list[dict]]  # by log location
    problems: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, logs: "Logs | list[EvalLog]") -> "Logs":
        """Logs as they are, or EvalLogs already in memory (their samples are read from their files)."""
        if isinstance(logs, Logs):
            return logs
        directory = Path(logs[0].location).parent if logs else Path(".")
        return cls(directory, list(logs), {log.location: read_samples(log.location) for log in logs})

    def __iter__(self):
        return iter(self.headers)

    def __len__(self) -> int:
        return len(self.headers)


# Below this many sample-epochs one process is quicker than starting workers.
PARALLEL_FROM = 5_000


def _expected_samples(header: EvalLog) -> int:
    return (header.eval.dataset.samples or 0) * (header.eval.config.epochs or 1)


def _read_all(locations: list[str], expected: int) -> list:
    """Each log's sample records, or the exception reading it raised; large runs in worker processes
    (spawned, not forked: the caller may hold threads)."""
    workers = min(len(locations), os.cpu_count() or 1)
    if workers > 1 and expected >= PARALLEL_FROM:
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                return list(pool.map(_read_or_error, locations))
        except (BrokenProcessPool, RuntimeError):  # e.g. called from a script without a __main__ guard
            pass  # the same work in this process: slower, never wrong
    return [_read_or_error(location) for location in locations]


def _read_or_error(location: str) -> list[dict] | BaseException:
    try:
        return read_samples(location)
    except Exception as error:  # noqa: BLE001 -- any unreadable log is named and left out, never fatal
        return error


def load_logs(log_dir: Path) -> Logs:
    """Read every Inspect log (.eval/.json) under log_dir: headers and samples.

    A log that cannot be read is named in `problems` and left out; LogDirError only when the
    directory is missing or holds no readable log at all.
    """
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
    headers, problems = [], []
    for info in infos:
        try:
            headers.append(read_eval_log(info, header_only=True))
        except Exception as error:  # noqa: BLE001 -- any unreadable log is named and left out, never fatal
            problems.append(_unreadable(_relative(info.name, log_dir), error))
    kept = latest_attempts(headers)
    for header in headers:
        if header not in kept:
            problems.append(
                f"{_relative(header.location, log_dir)}: an earlier attempt of evaluation {header.eval.task_id} "
                "that a newer log retried; left out so its samples are not counted twice"
            )
    results = _read_all([h.location for h in kept], sum(_expected_samples(h) for h in kept))
    readable, samples = [], {}
    for header, result in zip(kept, results):
        if isinstance(result, BaseException):
            problems.append(_unreadable(_relative(header.location, log_dir), result))
            continue
        readable.append(header)
        samples[header.location] = result
    if not readable:
        raise LogDirError(f"none of the {len(infos)} logs in {log_dir} can be read: " + "; ".join(problems))
    logs = Logs(log_dir, readable, samples, problems)
    logs.problems += _drop_duplicates(logs) + _status_problems(logs) + _mixed_runs(logs)
    return logs


def _unreadable(name: str, error: BaseException) -> str:
    return f"{name}: cannot be read ({type(error).__name__}: {_first_line(error)}); left out"


def _relative(location: str, log_dir: Path) -> str:
    path = Path(location.removeprefix("file://"))
    try:
        return str(path.resolve().relative_to(log_dir.resolve()))
    except ValueError:
        return path.name


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


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


def _status_problems(logs: Logs) -> list[str]:
    """Logs whose run did not finish, or that hold fewer samples than their dataset x epochs, and
    samples Inspect retried after an error: the finished samples are used, the rest named here."""
    lines = []
    for header in logs.headers:
        name = _relative(header.location, logs.directory)
        expected = _expected_samples(header)
        missing = expected - len(logs.samples[header.location])
        if header.status != "success":
            reason = f" ({_first_line(Exception(header.error.message))})" if header.error else ""
            never = f"; {missing} of its {expected} sample-epochs never finished" if missing > 0 else ""
            lines.append(
                f"{name}: the run ended with status '{header.status}'{reason}; its finished samples are "
                f"reported{never}"
            )
        elif missing > 0:
            lines.append(
                f"{name}: the log says its run finished, yet {missing} of its {expected} sample-epochs "
                "(dataset x epochs) are not in it; the ones present are reported"
            )
        retried = sum(1 for sample in logs.samples[header.location] if sample["retries"])
        if retried:
            lines.append(
                f"{name}: {retried} sample-epochs errored and were run again by Inspect (retry_on_error) "
                "before the result reported; a clean run would not need that"
            )
    return lines


def _drop_duplicates(logs: Logs) -> list[str]:
    """The same sample-epoch of the same agent, model and task version in two logs (a log copied under
    another id, two runs in one folder) is counted once, from the first log read, and named."""
    seen: dict[tuple, str] = {}
    lines = []
    for header in logs.headers:
        name = _relative(header.location, logs.directory)
        kept, dropped, first_logs = [], 0, set()
        for sample in logs.samples[header.location]:
            meta = sample["metadata"] or {}
            key = (
                agent_name(header),
                header.eval.model,
                meta.get("task_id", header.eval.task),
                str(meta.get("task_version", header.eval.task_version)),
                str(sample["id"]),
                sample["epoch"],
            )
            if key in seen:
                dropped += 1
                first_logs.add(seen[key])
                continue
            seen[key] = name
            kept.append(sample)
        logs.samples[header.location] = kept
        if dropped:
            lines.append(
                f"{name}: {dropped} sample-epochs are already in {', '.join(sorted(first_logs))} (same agent, "
                "model, task version, sample and epoch); counted once, from the first"
            )
    return lines


def _mixed_runs(logs: Logs) -> list[str]:
    """A directory mixing runs: the same agent x model x task from different runs would be pooled."""
    cells: dict[tuple, set[str]] = {}
    for header in logs.headers:
        key = (agent_name(header), header.eval.model, header.eval.task)
        cells.setdefault(key, set()).add(header.eval.run_id)
    mixed = {key: runs for key, runs in cells.items() if len(runs) > 1}
    return [
        f"{agent} x {model} x {task} comes from {len(runs)} different runs ({', '.join(sorted(runs))}); "
        "their samples are pooled as further epochs: report each run's folder alone if they differ in config"
        for (agent, model, task), runs in sorted(mixed.items())
    ]


def recorded_engines(log: EvalLog) -> dict:
    """What computed each embedded model's tokens, as `openintern run` recorded it in the log's
    provenance (evals/run.py model_engines): {model: {weights_sha256, runtime, sampler}}; {} when the
    log records none or the field is malformed."""
    provenance = (log.eval.metadata or {}).get("provenance")
    engines = provenance.get("engines") if isinstance(provenance, dict) else None
    return engines if isinstance(engines, dict) else {}


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


def sandbox_kind(log: EvalLog) -> str:
    spec = log.eval.sandbox
    if spec is None:
        return "none"
    return _SANDBOX_TYPES.get(spec.type, spec.type)


_TO_FLOAT = value_to_float()
# Strings value_to_float maps on purpose (letter grades, yes/no, true/false); any other string it
# would turn into 0 with only a warning, which is a wrong number: such values are refused instead.
_KNOWN_STRINGS = {"c", "i", "p", "n", "yes", "no", "true", "false"}


def score_number(value: Any) -> float | None:
    """A scalar score value as Inspect's metrics read it (C=1, I=0, P=0.5, N=0, numbers, booleans,
    numeric strings), or None where Inspect would guess (lists, unknown words)."""
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().lower()
        try:
            return float(text)
        except ValueError:
            return _TO_FLOAT(value) if text in _KNOWN_STRINGS else None
    return None


def _score_rows(scores: dict, primary: str | None) -> tuple[list[dict], list[str]]:
    """One row per reported number: the harness's {"score", "success"} dict is one score with its
    success flag; any other dict gives one number per key, named by the key as Inspect's metrics name
    them; a scalar is one number named by its scorer. Success, where a scorer does not say, is a full
    mark (score 1). The primary number is the first number of the task's first scorer (`primary`,
    from the log's header), whichever scorers scored this sample. Returns the rows and the values
    that could not be read."""
    rows, unreadable = [], []
    for index, (scorer, score) in enumerate(scores.items()):
        first = scorer == primary if primary else index == 0
        value = score["value"]
        if isinstance(value, dict) and "score" in value and "success" in value:
            items = [(scorer, value["score"], value["success"])]
        elif isinstance(value, dict):
            items = [(key, item, None) for key, item in value.items()]
        else:
            items = [(scorer, value, None)]
        for position, (name, item, success) in enumerate(items):
            number = score_number(item)
            if number is None or not math.isfinite(number):
                unreadable.append(f"scorer '{name}' gave {str(item)[:40]!r}")
                continue
            succeeded = score_number(success) if success is not None else float(number >= 1.0)
            rows.append(
                {
                    "scorer": name,
                    "primary": first and position == 0,
                    "score": number,
                    "success": succeeded,
                    "metric": (score["metadata"] or {}).get("metric"),
                    "explanation": score["explanation"],
                }
            )
    return rows, unreadable


def _usage(sample: dict) -> dict:
    usage = sample["model_usage"]
    costs = [u["total_cost"] for u in usage.values()]
    return {
        "input_tokens": sum(u["input_tokens"] + (u["input_tokens_cache_read"] or 0) for u in usage.values()),
        "output_tokens": sum(u["output_tokens"] for u in usage.values()),
        "total_tokens": sum(u["total_tokens"] for u in usage.values()),
        # No recorded cost is unknown, not free: NaN unless every model used carries one (a sample
        # that used no model, the oracle's, cost nothing).
        "cost": float(sum(costs)) if all(c is not None for c in costs) else math.nan,
        "time_s": sample["total_time"],
        "working_time_s": sample["working_time"],
    }


def _header_columns(log: EvalLog, name: str) -> dict:
    task_meta = log.eval.metadata or {}
    return {
        "log": name,
        "eval_id": log.eval.eval_id,
        "run_id": log.eval.run_id,
        "agent": agent_name(log),
        "model": log.eval.model,
        # Logs of other Inspect tasks do not record a tier (and reports never read tasks/).
        "tier": task_meta.get("tier", "not recorded"),
        "sandbox": sandbox_kind(log),
    }


def _limits(log: EvalLog) -> dict:
    task_limits = (log.eval.metadata or {}).get("limits", {})
    config = log.eval.config  # run-level overrides of the task's own limits
    return {
        "time_limit": config.time_limit or task_limits.get("time"),
        "message_limit": config.message_limit or task_limits.get("messages"),
        "token_limit": config.token_limit or task_limits.get("tokens"),
    }


def samples_frame(logs: Logs | list[EvalLog]) -> pd.DataFrame:
    """One row per sample x epoch x reported score (the first scorer's first number is `primary`).

    A sample that errored or did not finish has one row with score and success NaN, `error` or
    `unfinished` saying why; how the statistics treat it is decided in reports/stats.py, not here.
    Values no scorer reading can interpret are named in logs.problems.
    """
    logs = Logs.of(logs)
    rows = []
    for log in logs.headers:
        name = _relative(log.location, logs.directory)
        header, limits = _header_columns(log, name), _limits(log)
        primary = log.eval.scorers[0].name if log.eval.scorers else None  # the task's first scorer
        unreadable: list[str] = []
        first = len(rows)
        for sample in logs.samples[log.location]:
            meta = sample["metadata"] or {}
            base = {
                **header,
                "task": meta.get("task_id", log.eval.task.split("/")[-1]),
                "task_version": str(meta.get("task_version", log.eval.task_version)),
                "task_hash": meta.get("task_hash"),
                "sample_id": str(sample["id"]),
                "seed": meta.get("seed"),
                "epoch": sample["epoch"],
                **_usage(sample),
                **limits,
                "limit": sample["limit"],
                "error": _first_line(Exception(sample["error"])) if sample["error"] else None,
                "retries": sample["retries"],
                "unfinished": False,
            }
            scored, bad = _score_rows(sample["scores"], primary) if not sample["error"] else ([], [])
            unreadable += bad
            if not any(row["primary"] for row in scored):  # errored, or the first scorer gave nothing
                # Not errored and no first score: never finished (or not scored); it counts nowhere.
                empty = {"scorer": None, "primary": True, "score": math.nan, "success": math.nan}
                rows.append(
                    {**base, **empty, "metric": None, "explanation": None, "unfinished": not base["error"]}
                )
            rows += [{**base, **row} for row in scored]
        reducers = {score.name: score.reducer for score in (log.results.scores if log.results else [])}
        # A sample without a score belongs to the task's first scorer's rows, where it is counted.
        named = primary or next((r["scorer"] for r in rows[first:] if r["scorer"] and r["primary"]), "none")
        for row in rows[first:]:
            row["scorer"] = row["scorer"] or named
            row["reducer"] = reducers.get(row["scorer"]) or "mean"  # how Inspect reduced its epochs
        if unreadable:
            logs.problems.append(
                f"{name}: {len(unreadable)} score values cannot be read as numbers (e.g. {unreadable[0]}); "
                "those values are left out"
            )
    return pd.DataFrame(rows)
