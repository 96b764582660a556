"""Editing copies of real logs, as a forger would: the red-team and verification tests share these."""

import shutil
from pathlib import Path

from inspect_ai.log import read_eval_log, write_eval_log


def copy_logs(log_dir: Path, tmp_path: Path) -> Path:
    """A copy of a run's log folder under tmp_path/logs/, keeping the run's folder name."""
    return Path(shutil.copytree(log_dir, tmp_path / "logs" / log_dir.name))


def agent_log(log_dir: Path, agent: str) -> Path:
    """The one log in log_dir that `openintern run` recorded as `agent`'s."""
    [path] = [p for p in log_dir.rglob("*.eval") if read_eval_log(str(p)).eval.metadata["agent"] == agent]
    return path


def edit_log(path: Path, change) -> None:
    """Rewrite one log with Inspect's own writer after `change(log)`."""
    log = read_eval_log(str(path))
    change(log)
    write_eval_log(log, str(path))
