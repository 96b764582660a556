"""The regression gate: run a fixed config, compare it with a stored baseline, fail only on a drop
that is statistically significant.

    make regress                                        # run evals/configs/regress.yaml, then compare
    python -m evals.regress --logs logs/regress-<stamp> # compare existing logs, no run
    python -m evals.regress --update-baseline           # run, then store the run as the new baseline

What is compared, per sample x epoch and per task: the score and success of the task's first scorer
(an errored sample has neither), whether the agent submitted, the share of its tool calls that parsed,
whether a limit stopped it, whether it errored. A baseline (evals/regress_baseline.json) stores those
values sample by sample, with the setup the logs ran under (agent, model, sandbox, epochs, limits, and
for the embedded model its weights, llama-cpp-python and sampler), each task's version and hash, and
the commit it was made at; logs of another setup or other task versions are refused (exit 2), since
their differences would not be the agent's doing.

The test for a drop is a one-sided permutation test stratified by sample: within each sample, the
baseline's and the new run's epochs are exchangeable when nothing changed, so the p-value is the
share of those relabellings whose total is as bad as the one observed (exact where the relabellings
can be counted; on binary values within one sample it is Fisher's exact test). For errors and limit
hits, more is worse. Each measure is tested per task and, when there are several tasks, over all of
them; Holm's correction runs over every test at alpha 0.05 (the statistics: evals/regress_stats.py).
Exit 1 on a significant drop, else 0; 2 for bad input.
"""

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from evals.cli import USER_ERRORS
from evals.presets import PresetError, resolve_model
from evals.regress_stats import SCALE, drop_p_value, holm
from evals.run import IncompleteRunError, RunConfigError, new_run_id, run_matrix
from evals.runconfig import RunConfig, RunConfigFileError, load_run_config
from evals.suites import suite_tasks
from reports import LogDirError, behaviour_frame, load_logs, samples_frame
from reports.frames import agent_name, recorded_engines

__all__ = [
    "BASELINE",
    "CONFIG",
    "MEASURES",
    "RegressInputError",
    "compare",
    "main",
    "make_baseline",
    "read_baseline",
    "read_run",
]

CONFIG = Path(__file__).parent / "configs" / "regress.yaml"
BASELINE = Path(__file__).parent / "regress_baseline.json"
FORMAT = "openintern-regress-baseline/1"
ALPHA = 0.05
KEYS = ["task", "sample_id", "epoch"]
ALL_TASKS = "(all tasks)"
UPDATE = "if the change is intended, make a new baseline: python -m evals.regress --update-baseline"


@dataclass(frozen=True)
class Measure:
    name: str
    higher_is_better: bool


MEASURES = (
    Measure("score", True),
    Measure("success", True),
    Measure("submitted", True),
    Measure("parse_rate", True),
    Measure("limit_hit", False),
    Measure("error", False),
)


class RegressInputError(ValueError):
    """A baseline or a log folder the gate cannot compare (exit 2)."""


@dataclass(frozen=True)
class Run:
    """What the gate reads from a log folder."""

    values: pd.DataFrame  # per sample x epoch: KEYS and one column per measure
    setup: dict  # what the logs ran under (_setup)
    commit: str | None  # as Inspect recorded it
    dirty: bool | None


def read_run(log_dir: Path) -> Run:
    """Per sample x epoch, the value of every measure; the setup and commit the logs ran under.

    Read with the report's own frames, one row per sample x epoch of the behaviour frame (errored
    samples included). NaN where a measure has no value: no score for an errored sample, no parse
    rate for a sample without tool calls.
    """
    logs = load_logs(log_dir)
    identity = ["agent", "model", *KEYS]
    behaviour, samples = behaviour_frame(logs), samples_frame(logs)
    if behaviour.empty or samples.empty:
        raise RegressInputError(f"the logs in {log_dir} hold no finished samples")
    samples = samples[samples["primary"].astype(bool)]  # one row per scorer: the first is the task's score
    twice = behaviour[behaviour.duplicated(identity)]
    if not twice.empty:
        first = twice.iloc[0]
        raise RegressInputError(
            f"{log_dir} holds {first['task']} sample {first['sample_id']} epoch {first['epoch']} more than "
            "once (a folder mixing runs?): compare the folder of one run"
        )
    columns = ["score", "success", "error", "unfinished", "sandbox", "task_version", "task_hash"]
    frame = behaviour.drop(columns=["error"]).merge(samples[[*identity, *columns]], on=identity, how="left")
    # An errored sample, or one the run never finished, has no score: it counts as an error.
    errored = frame["error"].notna() | frame["unfinished"].fillna(True).astype(bool)
    tools = frame["tool_calls"].astype(float)
    values = frame[KEYS].assign(
        score=frame["score"].astype(float).mask(errored),
        success=frame["success"].astype(float).mask(errored),
        submitted=frame["submitted"].astype(float),
        parse_rate=frame["parsed_calls"].astype(float) / tools.where(tools > 0),
        limit_hit=frame["limit"].notna().astype(float),
        error=errored.astype(float),
    )
    revision = next(iter(logs)).eval.revision
    return Run(
        values=values.sort_values(KEYS).reset_index(drop=True),
        setup=json.loads(json.dumps(_setup(logs, frame))),  # as a baseline file holds it
        commit=revision.commit if revision else None,
        dirty=revision.dirty if revision else None,
    )


def _setup(logs, frame: pd.DataFrame) -> dict:
    """What the logs ran under, as they record it: a difference here is not the agent's doing."""
    limits = {}
    for header in logs:
        meta = header.eval.metadata or {}
        config, told = header.eval.config, meta.get("limits", {})
        task = meta.get("task_id", header.eval.task.split("/")[-1])
        limits[task] = {
            "time": config.time_limit or told.get("time"),
            "messages": config.message_limit or told.get("messages"),
            "tokens": config.token_limit or told.get("tokens"),
        }
    tasks = {
        task: {
            key: ", ".join(sorted(set(group[f"task_{key}"].dropna().astype(str))))
            for key in ("version", "hash")
        }
        for task, group in frame.groupby("task")
    }
    return {
        "agents": sorted({agent_name(header) for header in logs}),
        "models": sorted({header.eval.model for header in logs}),
        "sandbox": sorted(frame["sandbox"].dropna().astype(str).unique()),
        "epochs": sorted({header.eval.config.epochs or 1 for header in logs}),
        "limits": dict(sorted(limits.items())),
        "tasks": tasks,
        "engines": _engines(logs),
    }


def _engines(logs) -> dict:
    """What computed each embedded model's tokens, as the logs' provenance records it (evals/run.py
    model_engines). Logs of one model on several engines (a resumed run, its older logs made under
    another llama-cpp-python or sampler) are refused: the run is no one setup."""
    seen: dict[str, list] = {}
    for header in logs:
        for model, engine in recorded_engines(header).items():
            if engine not in seen.setdefault(model, []):
                seen[model].append(engine)
    mixed = {model: engines for model, engines in seen.items() if len(engines) > 1}
    if mixed:
        raise RegressInputError(
            "the logs ran one model on several engines ("
            + "; ".join(f"{model}: {engines}" for model, engines in mixed.items())
            + "): remove the older logs and run again"
        )
    return {model: engines[0] for model, engines in sorted(seen.items())}


def _as_written(config: RunConfig) -> dict:
    """The config's fields, the agent's settings only where the config sets them: a changed default
    in agent/config.py is a change of the agent, which the gate is there to judge, not to refuse."""
    fields = config.model_dump(mode="json", exclude={"agent"})
    return fields | {"agent": config.agent.model_dump(mode="json", exclude_defaults=True)}


def make_baseline(log_dir: Path, run_config: RunConfig | None = None) -> dict:
    """The baseline a log folder makes: its per-sample values, setup, task versions and commit."""
    run = read_run(log_dir)
    if len(run.setup["agents"]) != 1 or len(run.setup["models"]) != 1:
        raise RegressInputError(
            f"{log_dir} holds agents {run.setup['agents']} on models {run.setup['models']}: the gate "
            "compares one agent on one model"
        )
    return {
        "format": FORMAT,
        "made_at": f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}",
        "log_dir": str(log_dir),
        "commit": run.commit,
        "dirty": run.dirty,
        "run_config": _as_written(run_config) if run_config else None,
        "setup": run.setup,
        "samples": _records(run.values),
    }


def _records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as JSON-ready dicts at full precision (NaN -> None). Not `to_json`: it keeps 10
    decimals, and a run compared with its own baseline would then differ by rounding (5e-11)."""
    return [
        {
            key: None if pd.isna(value) else value.item() if isinstance(value, np.generic) else value
            for key, value in row.items()
        }
        for row in frame.to_dict(orient="records")
    ]


def read_baseline(path: Path) -> dict:
    """A stored baseline, checked for the fields the comparison needs; one-line errors naming the file."""
    if not path.is_file():
        raise RegressInputError(
            f"no baseline at {path}: make one with python -m evals.regress --update-baseline"
        )
    try:
        baseline = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise RegressInputError(
            f"baseline {path} is not valid JSON ({error}); remake it with --update-baseline"
        ) from error
    if not isinstance(baseline, dict) or baseline.get("format") != FORMAT:
        raise RegressInputError(f"baseline {path} is not a regression baseline (format {FORMAT!r} expected)")
    missing = [key for key in ("setup", "samples", "commit") if key not in baseline]
    columns = set(KEYS) | {m.name for m in MEASURES}
    rows = baseline.get("samples")
    if missing or not isinstance(rows, list) or not rows or not all(columns <= set(row) for row in rows):
        raise RegressInputError(
            f"baseline {path} lacks {', '.join(missing) or 'per-sample values of every measure'}; "
            "remake it with --update-baseline"
        )
    return baseline


def _task_line(task: str, then: dict | None, now: dict | None) -> str:
    def shown(info: dict | None) -> str:
        return f"version {info['version']} (hash {info['hash'][:12]})" if info else "absent"

    return f"{task}: baseline {shown(then)}, now {shown(now)}"


def check_comparable(baseline: dict, run: Run) -> None:
    """Refuse a comparison whose differences would not be the agent's doing: other task versions or
    files, another setup (agent, model, sandbox, epochs, limits, engine), other samples."""
    then, now = baseline["setup"], run.setup
    tasks = sorted(set(then.get("tasks", {})) | set(now["tasks"]))
    changed = [
        _task_line(task, then["tasks"].get(task), now["tasks"].get(task))
        for task in tasks
        if then.get("tasks", {}).get(task) != now["tasks"].get(task)
    ]
    if changed:
        raise RegressInputError(
            "task versions differ from the baseline's, and results of different task versions are not "
            f"compared ({'; '.join(changed)}); {UPDATE}"
        )
    differs = []
    for key in now:
        was, is_ = then.get(key), now[key]
        if isinstance(is_, dict) and isinstance(was, dict | None):  # per task or model: name which differ
            # A baseline from before a field was recorded (engines) holds none: it still compares runs
            # that record none (API models) and refuses those that do.
            was = was or {}
            differs += [
                f"{key} of {part}: baseline {was.get(part, 'not recorded')}, now {is_.get(part, 'not recorded')}"
                for part in sorted(set(was) | set(is_))
                if was.get(part) != is_.get(part)
            ]
        elif was != is_:
            differs.append(f"{key}: baseline {was}, now {is_}")
    if differs:
        raise RegressInputError(
            f"the run's setup differs from the baseline's ({'; '.join(differs)}); {UPDATE}"
        )
    expected = {(str(r["task"]), str(r["sample_id"]), int(r["epoch"])) for r in baseline["samples"]}
    found = {(str(t), str(s), int(e)) for t, s, e in run.values[KEYS].itertuples(index=False)}
    if expected != found:
        lost, extra = sorted(expected - found), sorted(found - expected)
        raise RegressInputError(
            f"the logs hold other samples than the baseline: missing {lost[:5]}, not in the baseline "
            f"{extra[:5]} (task, sample, epoch); an interrupted run? run it again, or {UPDATE}"
        )


def _strata(then: pd.DataFrame, now: pd.DataFrame, column: str) -> list[tuple[list[float], list[float]]]:
    keys = ["task", "sample_id"]
    grouped_then = {k: g[column].dropna().tolist() for k, g in then.groupby(keys)}
    grouped_now = {k: g[column].dropna().tolist() for k, g in now.groupby(keys)}
    return [
        (grouped_then.get(k, []), grouped_now.get(k, []))
        for k in sorted(set(grouped_then) | set(grouped_now))
    ]


def compare(then: pd.DataFrame, now: pd.DataFrame, alpha: float = ALPHA) -> pd.DataFrame:
    """One row per task (and all tasks) x measure: baseline and new means, difference, p, Holm-adjusted
    p and verdict. Measures that cannot vary are left out of Holm's family (they cannot reject)."""
    then, now = (frame.assign(sample_id=frame["sample_id"].astype(str)) for frame in (then, now))
    tasks = sorted(then["task"].unique())
    groups = [(task, then["task"] == task, now["task"] == task) for task in tasks]
    if len(tasks) > 1:
        groups.append((ALL_TASKS, then["task"].notna(), now["task"].notna()))
    rows = []
    for label, in_then, in_now in groups:
        for measure in MEASURES:
            a, b = then.loc[in_then, measure.name].astype(float), now.loc[in_now, measure.name].astype(float)
            p = drop_p_value(_strata(then[in_then], now[in_now], measure.name), measure.higher_is_better)
            rows.append(
                {"task": label, "measure": measure.name, "baseline": a.mean(), "now": b.mean(), "p": p}
                | {"difference": b.mean() - a.mean(), "higher_is_better": measure.higher_is_better}
            )
    table = pd.DataFrame(rows)
    tested = table["p"].notna()
    table["p_holm"] = np.nan
    table.loc[tested, "p_holm"] = holm(table.loc[tested, "p"].astype(float).tolist())
    table["verdict"] = [_verdict(row, alpha) for row in table.itertuples()]
    return table[["task", "measure", "baseline", "now", "difference", "p", "p_holm", "verdict"]]


def _verdict(row, alpha: float) -> str:
    if pd.notna(row.p_holm) and row.p_holm < alpha:
        return "DROP"
    if pd.isna(row.difference):
        return "no values"
    if abs(row.difference) < 1 / SCALE:  # below the grid the test reads values on: float noise, rounding
        return "same"
    return "worse, not significant" if (row.difference < 0) == row.higher_is_better else "better"


def render(table: pd.DataFrame) -> str:
    """The comparison as a fixed-width table."""

    def number(value) -> str:
        return "-" if pd.isna(value) else f"{value:.3f}"

    def p(value) -> str:
        return "-" if pd.isna(value) else f"{value:.2g}"

    shown = table.assign(
        **{c: table[c].map(number) for c in ("baseline", "now", "difference")},
        **{c: table[c].map(p) for c in ("p", "p_holm")},
    )
    return shown.to_string(index=False)


def _run(config: RunConfig, config_path: Path, log_root: Path) -> Path:
    """Run the config into a new logs/<name>-<stamp>/; errored samples are measured, not fatal."""
    log_dir = log_root / new_run_id(config.name)
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "run-config.yaml").write_text(config_path.read_text())
    tasks = config.tasks or suite_tasks(config.suite)
    print(f"regress: running {', '.join(tasks)} x {', '.join(config.agents)} -> {log_dir}", flush=True)
    try:
        run_matrix(
            tasks,
            config.agents,
            [resolve_model(model) for model in config.models],
            log_dir,
            epochs=config.epochs,
            sandbox=config.sandbox,
            max_samples=config.concurrency,
            time_limit=config.time_limit,
            message_limit=config.message_limit,
            token_limit=config.token_limit,
            seed=config.seed,
            agent_config=config.agent,
        )
    except IncompleteRunError as incomplete:  # errors are one of the measures compared
        print(f"regress: {len(incomplete.failures)} samples errored; they count in 'error'", file=sys.stderr)
    return log_dir


def _gate(args: argparse.Namespace) -> int:
    config = None if args.logs else load_run_config(args.config)
    if args.update_baseline:
        log_dir = args.logs or _run(config, args.config, args.log_root)
        recorded = log_dir / "run-config.yaml"  # written by _run: a baseline from its logs keeps its config
        if config is None and recorded.is_file():
            config = load_run_config(recorded)
        baseline = make_baseline(log_dir, config)
        args.baseline.write_text(json.dumps(baseline, indent=1) + "\n")
        print(
            f"regress: baseline of {len(baseline['samples'])} sample-epochs from {log_dir} -> {args.baseline}"
        )
        return 0
    baseline = read_baseline(args.baseline)
    if config is not None and baseline.get("run_config") not in (None, _as_written(config)):
        raise RegressInputError(
            f"{args.config} changed since the baseline {args.baseline} was made; {UPDATE}"
        )
    log_dir = args.logs or _run(config, args.config, args.log_root)
    run = read_run(log_dir)
    check_comparable(baseline, run)
    table = compare(pd.DataFrame(baseline["samples"]), run.values, args.alpha)
    print(
        f"Baseline {args.baseline}: commit {baseline['commit'] or 'not recorded'}"
        f"{' (dirty)' if baseline.get('dirty') else ''}, "
        f"made {baseline.get('made_at')}; now: {log_dir}\n"
    )
    print(render(table))
    drops = table[table["verdict"] == "DROP"]
    tests = int(table["p"].notna().sum())
    if drops.empty:
        print(
            f"\nregress: no significant drop ({tests} of {len(table)} task x measure values varied enough to be "
            f"tested: one-sided, Holm, alpha {args.alpha})"
        )
        return 0
    named = ", ".join(f"{row.task} {row.measure}" for row in drops.itertuples())
    print(f"\nregress: significant drop in {named} (Holm over {tests} tests, alpha {args.alpha})")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.regress", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=CONFIG, help="the run config (YAML) to run")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--logs", type=Path, help="compare (or make a baseline from) these logs; no run")
    parser.add_argument("--update-baseline", action="store_true", help="store the run as the baseline")
    parser.add_argument(
        "--log-root", type=Path, default=Path("logs"), help="runs go to <log-root>/<name>-<stamp>/"
    )
    parser.add_argument("--alpha", type=float, default=ALPHA, help="family-wise error rate (Holm)")
    args = parser.parse_args(argv)
    try:
        return _gate(args)
    except (
        *USER_ERRORS,
        RegressInputError,
        RunConfigError,
        RunConfigFileError,
        LogDirError,
        PresetError,
    ) as error:
        print(f"regress: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
