"""submission.json: every table of a report with the tasks, sandboxes, limits and the logs' hashes,
in the form `openintern verify` recomputes and compares (reports/submission.py bundles it)."""

import hashlib
import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["SUBMISSION_FORMAT", "file_sha256", "submission_record"]

SUBMISSION_FORMAT = "openintern-submission/1"


def _jsonable(value):
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else round(float(value), 10)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [_jsonable(row) for row in frame.to_dict(orient="records")]


def file_sha256(path: Path) -> str:
    """A file's sha256, read in 1 MiB blocks (logs can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def submission_record(report) -> dict:
    """What `openintern verify` recomputes: every table, the tasks, sandboxes and limits, the logs' hashes."""
    frame = report.frame
    limits = frame[["task", "time_limit", "message_limit", "token_limit"]].drop_duplicates()
    tasks = frame.drop_duplicates(["task", "task_version", "task_hash"])
    return _jsonable(
        {
            "format": SUBMISSION_FORMAT,
            "run_id": report.run_id,
            "generated_at": f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}",
            "command": report.command,
            "logs": [
                {"file": name, "sha256": file_sha256(Path(report.log_dir) / name)}
                for name in sorted(frame["log"].unique())
            ],
            "tasks": [
                {"task": t.task, "version": t.task_version, "hash": t.task_hash, "tier": t.tier}
                for t in tasks.itertuples(index=False)
            ],
            "sandboxes": sorted(frame["sandbox"].unique()),
            "limits": [
                {"task": r.task, "time": r.time_limit, "messages": r.message_limit, "tokens": r.token_limit}
                for r in limits.itertuples(index=False)
            ],
            "agents": sorted(frame["agent"].unique()),
            "models": sorted(frame["model"].unique()),
            "headline_tasks": [list(pair) for pair in report.headline],
            "baseline": report.baseline,
            "results": _records(report.summary),
            "overall": _records(report.overall),
            "paired": _records(report.paired),
            "behaviour": _records(report.behaviour_summary),
            "egress": {"statement": report.egress_statement, "models": _records(report.egress)},
            "provenance": report.provenance,
            "problems": report.problems,
        }
    )
