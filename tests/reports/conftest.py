"""Logs of ordinary Inspect tasks (tests/reports/foreign.py), written once per session by real runs."""

from pathlib import Path

import pytest
from inspect_ai.log import EvalLog

from tests.reports.foreign import run_foreign, run_paired


@pytest.fixture(scope="session")
def foreign_logs(tmp_path_factory) -> tuple[Path, dict[str, EvalLog]]:
    log_dir = tmp_path_factory.mktemp("foreign")
    return log_dir, run_foreign(log_dir)


@pytest.fixture(scope="session")
def paired_logs(tmp_path_factory) -> tuple[Path, dict[str, EvalLog]]:
    log_dir = tmp_path_factory.mktemp("paired")
    return log_dir, run_paired(log_dir)
