"""Verify a submission bundle (reports/submission.py): every number recomputed from its logs, every
task checked against this checkout.

    openintern verify submissions/<run_id>.bundle      # "verified: ..." and exit 0, or one line per mismatch

What is checked, each failure one line that names what differs:
- files: every file's sha256 against the manifest (an edited, added or removed file is named);
- numbers: the report rebuilt from the bundle's logs in a scratch folder; its submission.json is compared
  with the bundled one key by key and number by number ("generated_at" aside), every CSV cell by cell,
  report.md and report.html line by line (the build time and the inlined figures' pixels aside), and a
  file of the bundle's report that the rebuild does not make is named;
- read problems: every problem the rebuilt report names (a log that cannot be read, a run that did not
  finish or lacks samples, retried or duplicated samples) fails; only an earlier attempt that a newer
  log of the same evaluation replaced does not;
- tasks: each task's content hash in the logs against this checkout's (the hash `build_task` writes
  into every log); a task this checkout does not have cannot be verified and fails; each log's tier and
  version against task.yaml's;
- samples: per agent x model x task, exactly task.yaml's instances x the run's epochs, each once;
- sandboxes: bwrap and docker are isolated; `local` is unisolated and fails; any other kind is unknown;
- limits: the limits the logs enforced per task must not be looser than the task's own in task.yaml; a
  token limit must meter all tokens (config.token_limit_type); no sample may have used more tokens, or
  far more time, than the limit its log claims without stopping on that limit;
- model and agent: the header's model must be among the models the samples' usage records; the agent
  `openintern run` named in the metadata must be the solver the plan ran (evals/run.py agent_solver);
- logs: each log's own results (the metrics Inspect wrote when the run ended) must agree with its
  samples' scores, and a log with scored samples must have results, so a score edited inside a log is
  caught even when the report was rebuilt from the edited log and the manifest rewritten to match. (Logs
  are not signed: one whose results were rewritten as well passes this check, and a solver of the
  agent's name cannot be told from the agent; the task hashes, sandbox and limits still hold.)

The numbers, tasks, sandboxes and limits checked are those recomputed from the logs, never the bundle's
own claims about them.
"""

import argparse
import json
import math
import statistics
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from inspect_ai.log import EvalLog, EvalScore, list_eval_logs, read_eval_log, read_eval_log_sample_summaries

from evals.baselines import BASELINES
from evals.bundle_diff import as_number, compare_reports, read_csv
from evals.taskspec import TASKS_DIR, TaskSpec, TaskSpecError, content_hash, load_spec
from reports import LogDirError
from reports.frames import agent_name, latest_attempts, score_number
from reports.leaderboard import build_leaderboard
from reports.logread import read_samples
from reports.submission import (
    MANIFEST,
    BundleError,
    bundle_logs,
    file_digests,
    read_manifest,
    report_from_bundle,
)

__all__ = ["ISOLATED_SANDBOXES", "leaderboard_main", "verify", "verify_main"]

ISOLATED_SANDBOXES = ("bwrap", "docker")
_LIMITS = (("time", "s"), ("messages", "messages"), ("tokens", "tokens"))


def verify(bundle: Path, repo_root: Path | None = None) -> list[str]:
    """Every way the bundle fails verification, one line each; an empty list means verified.

    Args:
        bundle: A folder made by `openintern submit`.
        repo_root: The checkout whose tasks/ the logs are checked against; by default the one this
            harness runs from.
    """
    bundle = Path(bundle)
    tasks_dir = Path(repo_root) / "tasks" if repo_root is not None else TASKS_DIR
    try:
        manifest = read_manifest(bundle)
        logs = bundle_logs(bundle, manifest)
    except BundleError as error:
        return [f"bundle: {error}"]
    problems = check_files(bundle, manifest)
    with tempfile.TemporaryDirectory(prefix="openintern-verify-") as scratch:
        try:
            report = report_from_bundle(bundle, logs.name, Path(scratch), manifest.get("baseline"))
        except (LogDirError, ValueError) as error:
            return [*problems, f"recompute: the report cannot be rebuilt from {logs}: {error}"]
        problems += compare_reports(bundle / "report", report.parent)
        recomputed = json.loads((report.parent / "submission.json").read_text())
        runs = _runs_by_sandbox(read_csv(report.parent / "samples.csv"))
    problems += check_read_problems(recomputed.get("problems", []))
    problems += check_logs(logs)
    problems += check_tasks(recomputed.get("tasks", []), tasks_dir)
    problems += check_sandboxes(recomputed.get("sandboxes", []), runs)
    problems += check_limits(recomputed.get("limits", []), tasks_dir)
    problems += check_runs(logs, tasks_dir)
    return problems


def check_files(bundle: Path, manifest: dict) -> list[str]:
    """Each file whose bytes differ from the manifest's sha256, each file added and each removed."""
    recorded = {entry.get("path"): entry for entry in manifest.get("files", []) if isinstance(entry, dict)}
    found = file_digests(bundle)
    lines = []
    for path in sorted(recorded.keys() | found.keys()):
        if path not in found:
            lines.append(f"file {path}: listed in {MANIFEST} but missing from the bundle (removed)")
        elif path not in recorded:
            lines.append(f"file {path}: in the bundle but not in {MANIFEST} (added)")
        elif found[path]["sha256"] != recorded[path].get("sha256"):
            lines.append(
                f"file {path}: sha256 {found[path]['sha256'][:16]}... differs from {MANIFEST}'s "
                f"{str(recorded[path].get('sha256'))[:16]}... (edited)"
            )
    return lines


def check_read_problems(problems: list) -> list[str]:
    """Each problem the rebuilt report names (reports.load_logs): a log that cannot be read, a run that
    did not finish or lacks samples, samples Inspect retried after an error, a sample held twice, a value
    no scorer reading understands. Every one leaves numbers out of or in doubt in the report, so every
    one fails; only an earlier attempt that a newer log of the same evaluation replaced is harmless (its
    samples are carried over into the newer log, and the report counts them once)."""
    return [
        f"report problem: {line}" for line in problems if not (isinstance(line, str) and _SUPERSEDED in line)
    ]


_SUPERSEDED = "an earlier attempt of evaluation"  # reports.frames.load_logs's wording for a replaced log


def check_logs(logs: Path) -> list[str]:
    """Each log whose own mean (or accuracy) metric is not what its samples' scores give, and each log
    with scored samples but no results at all (what a forger deletes so that nothing contradicts them)."""
    lines = []
    for info in list_eval_logs(str(logs), recursive=True):
        try:
            header = read_eval_log(info, header_only=True)
            summaries = read_eval_log_sample_summaries(info)
        except Exception:  # noqa: BLE001 - an unreadable log is named by the recomputed report's problems
            continue
        name = f"log logs/{logs.name}/{_relative(info.name, logs)}"
        if not (header.results and header.results.scores) and any(s.scores for s in summaries):
            lines.append(
                f"{name}: scored samples but no results (the metrics Inspect writes when a run ends), so "
                "its scores cannot be checked against them; a finished run always has them"
            )
        for score in header.results.scores if header.results else []:
            line = _metric_mismatch(score, summaries)
            if line:
                lines.append(f"{name}: {line}")
    return lines


def _relative(location: str, logs: Path) -> str:
    return Path(location.removeprefix("file://")).resolve().relative_to(logs.resolve()).as_posix()


# Inspect's epoch reducers this can recompute (None: Inspect's default, the mean).
_REDUCERS = {
    None: statistics.mean,
    "mean": statistics.mean,
    "median": statistics.median,
    "max": max,
    "min": min,
}


def _metric_mismatch(score: EvalScore, summaries: list) -> str | None:
    """'its samples give ... but its results say ...' for a mean/accuracy metric that disagrees with the
    mean over samples of each sample's epochs reduced as the log says; a line too when the results use a
    reducer or metrics this cannot recompute (renaming either would otherwise switch the check off); None
    when they agree, or when a value is unreadable (the report names those)."""
    metric = next((m for key, m in score.metrics.items() if key in ("mean", "accuracy")), None)
    if metric is None or score.reducer not in _REDUCERS:
        what = f"reduces epochs by {score.reducer!r}" if metric else f"has metrics {sorted(score.metrics)}"
        return (
            f"its results for {score.name} {what}, which this cannot recompute (known: mean or accuracy "
            f"metrics, {', '.join(str(r) for r in _REDUCERS if r)} reducers): its scores cannot be checked"
        )
    per_sample: dict[str, list[float]] = {}
    for summary in summaries:
        found = (summary.scores or {}).get(score.scorer)
        if found is None:
            continue
        value = found.value.get(score.name) if isinstance(found.value, dict) else found.value
        number = score_number(value)
        if number is None:
            return None
        per_sample.setdefault(str(summary.id), []).append(number)
    if not per_sample:
        return None
    reduced = [_REDUCERS[score.reducer](values) for values in per_sample.values()]
    recomputed = sum(reduced) / len(reduced)
    if math.isclose(recomputed, metric.value, rel_tol=1e-9, abs_tol=1e-9):
        return None
    return (
        f"its samples give {score.name} {metric.name} {recomputed:.6g} but the log's own results (written by "
        f"Inspect when the run ended) say {metric.value:.6g}: a sample's score was changed after the run"
    )


def check_tasks(tasks: list[dict], tasks_dir: Path) -> list[str]:
    """Each task whose content hash or version in the logs is not this checkout's, and each task this
    checkout does not have (its results cannot be verified here)."""
    lines = []
    for entry in tasks:
        task, version, logged = entry.get("task"), entry.get("version"), entry.get("hash")
        folder = tasks_dir / str(task)
        if not (folder / "task.yaml").is_file():
            lines.append(
                f"task {task}: not an OpenIntern task of this checkout (no {folder}/task.yaml): its results "
                "cannot be verified against the checkout"
            )
            continue
        try:
            declared = load_spec(str(task), folder).version
        except TaskSpecError as error:
            lines.append(f"task {task}: this checkout's task.yaml does not load: {error}")
            continue
        current = content_hash(folder)
        if logged is None:
            lines.append(f"task {task}: the logs record no task hash; this checkout's is {current}")
        elif logged != current:
            lines.append(
                f"task {task} {version}: hash {logged} in the logs vs {current} in this checkout ({folder}): "
                "the task changed since the run"
            )
        if version != declared:
            lines.append(f"task {task}: version {version} in the logs vs {declared} in this checkout")
    return lines


def check_sandboxes(kinds: list[str], runs: dict[str, str] | None = None) -> list[str]:
    """A line for every sandbox kind that is not isolated: `local` (unisolated), none, or unknown.

    Args:
        kinds: The sandbox kinds the logs ran on.
        runs: For each kind, the runs on it (' (oracle on longley_ols)'), to name them.
    """
    lines = []
    for kind in kinds:
        on = (runs or {}).get(kind, "")
        if kind == "local":
            lines.append(
                f"sandbox local{on}: unisolated (agent code could read graders, solutions and hidden "
                f"data); only {' and '.join(ISOLATED_SANDBOXES)} runs verify"
            )
        elif kind == "none":
            lines.append(f"sandbox none{on}: the logs record no sandbox, so isolation cannot be verified")
        elif kind not in ISOLATED_SANDBOXES:
            lines.append(
                f"sandbox {kind}{on}: unknown kind, its isolation cannot be verified (isolated kinds: "
                f"{', '.join(ISOLATED_SANDBOXES)})"
            )
    return lines


def _runs_by_sandbox(samples: list[list[str]]) -> dict[str, str]:
    """{kind: ' (agent on task, ...)'} from the recomputed samples.csv."""
    if not samples or not {"sandbox", "agent", "task"} <= set(samples[0]):
        return {}
    found: dict[str, set[str]] = {}
    for row in (dict(zip(samples[0], cells)) for cells in samples[1:]):
        found.setdefault(row["sandbox"], set()).add(f"{row['agent']} on {row['task']}")
    return {kind: f" ({', '.join(sorted(runs))})" for kind, runs in found.items()}


def check_limits(limits: list[dict], tasks_dir: Path) -> list[str]:
    """Each limit the logs enforced that is looser than (or missing beside) the task's declared one."""
    lines = []
    for entry in limits:
        task = str(entry.get("task"))
        folder = tasks_dir / task
        if not (folder / "task.yaml").is_file():
            continue  # named by check_tasks: nothing to compare against
        try:
            declared = load_spec(task, folder).limits
        except TaskSpecError:
            continue  # named by check_tasks
        for name, unit in _LIMITS:
            enforced, allowed = entry.get(name), getattr(declared, name)
            number = as_number(enforced)
            if number is None or math.isnan(number) or number > allowed:
                shown = "none (unlimited)" if number is None or math.isnan(number) else f"{enforced:g}"
                lines.append(
                    f"limits: task {task} {name} {shown} in the logs vs {allowed} {unit} declared in this "
                    "checkout's task.yaml (looser than the task allows)"
                )
    return lines


def check_runs(logs: Path, tasks_dir: Path) -> list[str]:
    """What each log says of its run against what its samples and plan show and the checkout declares:
    tier and version, the token limit's metering, usage and time against the limits, the model, the
    agent, and (per agent x model x task) the samples against task.yaml's instances x the run's epochs.
    Logs that cannot be read, and earlier attempts a newer log replaced, are left to the report's problems.
    """
    headers = []
    for info in list_eval_logs(str(logs), recursive=True):
        try:
            headers.append(read_eval_log(info, header_only=True))
        except Exception:  # noqa: BLE001 - named by the recomputed report's problems
            continue
    lines: list[str] = []
    runs: dict[tuple, list] = {}
    for header in latest_attempts(headers):
        try:
            samples = read_samples(header.location)
        except Exception:  # noqa: BLE001 - named by the recomputed report's problems
            continue
        name = f"log logs/{logs.name}/{_relative(header.location, logs)}"
        lines += [f"{name}: {line}" for line in _header_claims(header, samples)]
        task = (header.eval.metadata or {}).get("task_id", header.eval.task.split("/")[-1])
        spec = _spec(str(task), tasks_dir)
        if spec is None:
            continue  # named by check_tasks: nothing to compare against
        lines += [f"{name}: {line}" for line in _spec_claims(header, samples, spec)]
        key = (agent_name(header), header.eval.model, spec.id)
        runs.setdefault(key, []).append((header, samples))
    for (agent, model, task), found in sorted(runs.items()):
        spec = _spec(task, tasks_dir)
        lines += [f"samples of {agent} on {model} x {task}: {line}" for line in _instances(found, spec)]
    return lines


def _spec(task: str, tasks_dir: Path) -> TaskSpec | None:
    folder = tasks_dir / task
    try:
        return load_spec(task, folder) if (folder / "task.yaml").is_file() else None
    except TaskSpecError:
        return None  # named by check_tasks


def _header_claims(header: EvalLog, samples: list[dict]) -> Iterator[str]:
    """The model and agent the header names against the samples' usage and the plan that ran."""
    used = sorted({model for sample in samples for model in sample["model_usage"]})
    if used and header.eval.model not in used:
        yield (
            f"the header names model {header.eval.model} but its samples' usage is of {', '.join(used)} "
            "only: the model was relabelled"
        )
    yield from _usage_totals(header, samples)
    expected = _agent_step((header.eval.metadata or {}).get("agent"))
    steps = header.plan.steps[:-1] if header.plan.finish else header.plan.steps
    if expected and steps:
        last = steps[-1]
        if (last.solver, (last.params or {}).get("name") if expected[1] else None) != expected:
            ran = last.solver + (f" {last.params.get('name')}" if last.params.get("name") else "")
            yield (
                f"the metadata names agent {header.eval.metadata['agent']} but the plan that ran ends with "
                f"solver {ran} (expected {' '.join(filter(None, expected))}): the agent was relabelled"
            )


def _usage_totals(header: EvalLog, samples: list[dict]) -> Iterator[str]:
    """Per model, the samples' tokens and cost against the totals Inspect wrote into the header's stats
    (the report reads the samples'; a forger edits those). Samples Inspect retried may have spent more
    than their final records show, so there the header may only be the larger."""
    totals: dict[str, dict] = {}
    for sample in samples:
        for model, usage in sample["model_usage"].items():
            total = totals.setdefault(model, {"tokens": 0, "cost": 0.0, "priced": 0, "calls": 0})
            total["tokens"] += usage["total_tokens"]
            total["calls"] += 1
            if usage["total_cost"] is not None:
                total["cost"] += usage["total_cost"]
                total["priced"] += 1
    retried = any(sample.get("retries") for sample in samples)
    for model in sorted(totals.keys() | header.stats.model_usage.keys()):
        logged, found = header.stats.model_usage.get(model), totals.get(model)
        tokens = (logged.total_tokens if logged else 0, found["tokens"] if found else 0)
        if tokens[1] > tokens[0] or (tokens[1] < tokens[0] and not retried):
            yield f"its samples record {tokens[1]} tokens of {model}, the header's totals {tokens[0]}"
        cost = (logged.total_cost if logged else None, found["cost"] if found and found["priced"] else None)
        if (cost[0] is None) != (cost[1] is None) or (
            cost[0] is not None
            and not math.isclose(cost[0], cost[1], rel_tol=1e-6, abs_tol=1e-9)
            and (cost[1] > cost[0] or not retried)
        ):
            yield f"its samples record a cost of {cost[1]} for {model}, the header's totals {cost[0]}"


def _agent_step(agent: str | None) -> tuple[str, str | None] | None:
    """(solver, its `name` parameter) that the plan of `openintern run`'s agent ends with (evals/run.py
    agent_solver): a CLI baseline's last step is `_explained` of its name, a trivial submission's
    `trivial`, any other agent's its own solver. None: no agent named, the plan names it."""
    if not agent:
        return None
    if agent in BASELINES:
        return ("_explained", agent)
    if agent.startswith("trivial:"):
        return ("trivial", agent.removeprefix("trivial:"))
    return (agent, None)


def _spec_claims(header: EvalLog, samples: list[dict], spec: TaskSpec) -> Iterator[str]:
    """The tier the checkout declares, one task version in header and samples, a token limit metered on all
    tokens, and no sample that used more tokens or time than the limits the log claims without stopping."""
    meta = header.eval.metadata or {}
    if meta.get("tier") != spec.tier:
        logged = f"tier {meta['tier']}" if meta.get("tier") else "no tier"
        yield f"{logged} in the log vs {spec.tier} in this checkout's task.yaml"
    # Each version against task.yaml is check_tasks's; here the header against the samples it holds.
    versions = {str(s["metadata"].get("task_version", header.eval.task_version)) for s in samples}
    if versions - {str(header.eval.task_version)}:
        yield f"task version {header.eval.task_version} in the header vs {', '.join(sorted(versions))} in its samples"
    metering = header.eval.config.token_limit_type
    if metering not in (None, "all"):
        yield (
            f"token limit metered as {metering!r} (config.token_limit_type), not on all tokens: looser than "
            f"the task's {spec.limits.tokens} tokens"
        )
    claimed = meta.get("limits") or {}
    tokens = min(n for n in (header.eval.config.token_limit, claimed.get("tokens"), spec.limits.tokens) if n)
    time = min(n for n in (header.eval.config.time_limit, claimed.get("time"), spec.limits.time) if n)
    over_tokens = [s for s in samples if _tokens(s) > tokens and s["limit"] != "token"]
    if over_tokens:
        yield (
            f"{len(over_tokens)} samples used more tokens than the limit of {tokens} (e.g. {over_tokens[0]['id']} "
            f"epoch {over_tokens[0]['epoch']}: {_tokens(over_tokens[0])}) yet did not stop on a token limit: "
            "the run's token limit was not the one the log records"
        )
    # Clock time includes the sandbox's start and scoring: only a clear excess is a finding.
    over_time = [s for s in samples if (s["total_time"] or 0) > 2 * time + 120 and s["limit"] != "time"]
    if over_time:
        yield (
            f"{len(over_time)} samples ran far past the time limit of {time} s (e.g. {over_time[0]['id']} "
            f"epoch {over_time[0]['epoch']}: {over_time[0]['total_time']:.0f} s) yet did not stop on it: the "
            "run's time limit was not the one the log records"
        )


def _tokens(sample: dict) -> int:
    return sum(usage["total_tokens"] for usage in sample["model_usage"].values())


def _instances(found: list[tuple[EvalLog, list[dict]]], spec: TaskSpec) -> Iterator[str]:
    """Every instance of task.yaml run for every epoch, once: none missing, none extra, none twice."""
    epochs = max(header.eval.config.epochs or 1 for header, _ in found)
    expected = {(f"{spec.id}-{seed}", epoch) for seed in spec.instances for epoch in range(1, epochs + 1)}
    seen = Counter((str(s["id"]), s["epoch"]) for _, samples in found for s in samples)
    named = {
        "missing": sorted(expected - seen.keys()),
        "not among task.yaml's instances": sorted(seen.keys() - expected),
        "held more than once": sorted(key for key, count in seen.items() if count > 1),
    }
    for what, keys in named.items():
        if keys:
            shown = ", ".join(f"{sample} epoch {epoch}" for sample, epoch in keys[:5])
            more = f" and {len(keys) - 5} more" if len(keys) > 5 else ""
            yield (
                f"{len(keys)} sample-epochs {what} ({shown}{more}); task.yaml declares instances "
                f"{spec.instances} x {epochs} epochs"
            )


def verify_main(args: argparse.Namespace) -> int:
    """`openintern verify BUNDLE`: 'verified: ...' and 0, or every mismatch and 1."""
    problems = verify(Path(args.bundle))
    if problems:
        for line in problems:
            print(line)
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        print(f"NOT verified: {args.bundle} ({count})")
        return 1
    print(
        f"verified: {args.bundle}: files match the manifest, every number and the report's text recompute "
        "from the logs, every log read, tasks and their instances match this checkout, isolated sandboxes, "
        "limits as declared, models and agents as run"
    )
    return 0


def leaderboard_main(args: argparse.Namespace) -> int:
    """`openintern leaderboard DIR [--out FILE]`: verify every bundle in DIR, then write the page."""
    bundles = sorted(path.parent for path in Path(args.dir).glob(f"*/{MANIFEST}"))
    if not bundles:
        raise LogDirError(f"no submission bundles (folders with a {MANIFEST}) in {args.dir}")
    results = {bundle: verify(bundle) for bundle in bundles}
    out = Path(args.out) if args.out else Path(args.dir) / "leaderboard.html"
    page = build_leaderboard(bundles, out, results)
    for bundle, problems in results.items():
        status = "verified" if not problems else f"NOT verified ({problems[0]})"
        print(f"{bundle.name}: {status}")
    print(page)
    return 0
