"""Reports: Inspect logs -> tidy frames -> statistics -> report files. Reads logs only."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reports.behaviour import behaviour_frame, behaviour_summary
from reports.frames import LogDirError, Logs, load_logs, recorded_engines, samples_frame, sandbox_kind
from reports.record import SUBMISSION_FORMAT
from reports.render import write_report
from reports.stats import (
    check_comparable,
    clustered_mean_ci,
    headline_tasks,
    overall_table,
    paired_table,
    pass_at_k,
    summary_table,
)
from reports.usage import egress_statement, egress_table, sandbox_network

__all__ = [
    "SUBMISSION_FORMAT",
    "LogDirError",
    "Logs",
    "Report",
    "behaviour_frame",
    "behaviour_summary",
    "build_report",
    "clustered_mean_ci",
    "load_logs",
    "make_report",
    "pass_at_k",
    "samples_frame",
    "summary_table",
    "write_report",
]

DEFAULT_OUT = Path("reports/out")
DEFAULT_BASELINE = "react"  # the bare scaffold every other agent is measured against, when it ran


@dataclass
class Report:
    """Everything a report shows, computed from one log directory; rendering only formats it."""

    run_id: str
    log_dir: Path
    out_dir: Path
    command: str
    frame: pd.DataFrame
    summary: pd.DataFrame
    overall: pd.DataFrame
    headline: list[tuple[str, str]]
    paired: pd.DataFrame
    baseline: str | None
    baseline_note: str
    behaviour: pd.DataFrame
    behaviour_summary: pd.DataFrame
    egress: pd.DataFrame
    egress_statement: str
    networks: list[tuple[str, str]]
    provenance: dict
    problems: list[str] = field(default_factory=list)


def _distinct(values) -> str:
    found = sorted({str(v) for v in values if v not in (None, "", {})})
    return "; ".join(found) if found else "not recorded"


def _provenance(logs: Logs) -> dict:
    """Commit and dirty flag, packages, CLI versions, model engines and hardware, as the logs recorded
    them."""
    git, packages, cli, engines, hardware = [], [], [], [], []
    for log in logs:
        meta = log.eval.metadata or {}
        recorded = meta.get("provenance") or {}
        revision = log.eval.revision
        if revision:
            dirty = {True: " (uncommitted changes)", False: " (clean)", None: ""}[revision.dirty]
            git.append(f"{revision.commit}{dirty}")
        package_versions = recorded.get("packages") or log.eval.packages or {}
        packages.append(", ".join(f"{k} {v}" for k, v in sorted(package_versions.items())))
        if meta.get("cli"):
            cli.append(f"{meta.get('agent')}: {meta['cli']}")
        for model, engine in recorded_engines(log).items():
            parts = engine.items() if isinstance(engine, dict) else [("as recorded", engine)]
            engines.append(f"{model}: " + ", ".join(f"{k} {v}" for k, v in parts))
        host = recorded.get("host")
        if host:
            hardware.append(", ".join(f"{k} {v}" for k, v in host.items()))
    return {
        "git": _distinct(git),
        "packages": _distinct(packages),
        "cli": _distinct(cli) if cli else "none ran",
        "hardware": _distinct(hardware),
    } | (
        # Only the embedded model's engine is recorded (since 94aa90c). Absent when no log has one, so
        # a report rebuilt from older logs is the report they made (evals/verify.py compares them).
        {"engines": _distinct(engines)} if engines else {}
    )


def _baseline(frame: pd.DataFrame, asked: str | None) -> tuple[str | None, str]:
    agents = sorted(frame["agent"].unique())
    if asked:
        if asked not in agents:
            raise LogDirError(f"baseline agent '{asked}' is not in these logs; agents: {', '.join(agents)}")
        return asked, f"Against `{asked}`, as asked (`--baseline`)."
    if len(agents) < 2:
        return None, "One agent only: nothing to pair."
    if DEFAULT_BASELINE in agents:
        return (
            DEFAULT_BASELINE,
            f"Against `{DEFAULT_BASELINE}` (the default; `--baseline AGENT` chooses another).",
        )
    return agents[0], f"Against `{agents[0]}` (the first agent by name; `--baseline AGENT` chooses another)."


def make_report(log_dir: Path, out_root: Path = DEFAULT_OUT, baseline: str | None = None) -> Report:
    """Read log_dir and compute every table of its report (nothing written)."""
    log_dir = Path(log_dir)
    logs = load_logs(log_dir)
    frame = samples_frame(logs)
    if frame.empty:
        raise LogDirError(f"the logs in {log_dir} hold no samples (were they header-only or cancelled?)")
    summary = summary_table(frame)
    behaviour = behaviour_frame(logs)
    chosen, note = _baseline(frame, baseline)
    paired = paired_table(frame, chosen) if chosen else pd.DataFrame()
    egress = egress_table(logs, behaviour)
    run_id = log_dir.resolve().name
    return Report(
        run_id=run_id,
        log_dir=log_dir,
        out_dir=Path(out_root) / run_id,
        command=f"openintern report {log_dir}" + (f" --baseline {baseline}" if baseline else ""),
        frame=frame,
        summary=summary,
        overall=overall_table(summary),
        headline=headline_tasks(summary),
        paired=paired,
        baseline=chosen,
        baseline_note=note,
        behaviour=behaviour,
        behaviour_summary=behaviour_summary(behaviour),
        egress=egress,
        egress_statement=egress_statement(egress, logs),
        networks=[(kind, sandbox_network(kind)) for kind in sorted({sandbox_kind(log) for log in logs})],
        provenance=_provenance(logs),
        problems=logs.problems + check_comparable(frame),
    )


def build_report(
    log_dir: Path, out_root: Path = DEFAULT_OUT, baseline: str | None = None
) -> tuple[Path, pd.DataFrame]:
    """Read the logs in log_dir and write reports/out/<run_id>/; return (report.md path, results frame).

    The run id is the log directory's name (logs/<run_id>/).
    """
    report = make_report(log_dir, out_root, baseline)
    return write_report(report), report.summary
