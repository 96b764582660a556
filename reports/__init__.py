"""Reports: Inspect logs -> tidy frames -> statistics -> report files. Reads logs only."""

from pathlib import Path

import pandas as pd

from reports.behaviour import behaviour_frame, behaviour_summary
from reports.frames import LogDirError, load_logs, samples_frame
from reports.render import render_report, summary_markdown
from reports.stats import VersionMismatchError, mean_ci, summary_table

__all__ = [
    "LogDirError",
    "VersionMismatchError",
    "behaviour_frame",
    "behaviour_summary",
    "build_report",
    "load_logs",
    "mean_ci",
    "samples_frame",
    "summary_markdown",
    "summary_table",
]

DEFAULT_OUT = Path("reports/out")


def _provenance(logs) -> dict:
    first = logs[0].eval
    revision = first.revision.commit if first.revision else None
    packages = ", ".join(f"{k} {v}" for k, v in sorted((first.packages or {}).items()))
    return {"git_commit": revision, "packages": packages}


def build_report(log_dir: Path, out_root: Path = DEFAULT_OUT) -> tuple[Path, pd.DataFrame]:
    """Read the logs in log_dir and write reports/out/<run_id>/; return (report path, summary frame).

    The run id is the log directory's name (logs/<run_id>/).
    """
    log_dir = Path(log_dir)
    logs = load_logs(log_dir)
    frame = samples_frame(logs)
    if frame.empty:
        raise LogDirError(f"the logs in {log_dir} hold no samples (were they header-only or cancelled?)")
    summary = summary_table(frame)
    run_id = log_dir.resolve().name
    behaviour = behaviour_summary(behaviour_frame(logs))
    report = render_report(
        frame, summary, Path(out_root) / run_id, run_id, log_dir, _provenance(logs), behaviour
    )
    return report, summary
