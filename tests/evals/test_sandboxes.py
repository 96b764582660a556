"""Choosing a sandbox: bwrap is the default, a missing or broken bubblewrap is one line naming the fix
before any sample runs, and `local` is an explicit choice that warns once and is flagged in the report."""

import logging
import subprocess

import pytest

from evals import bwrap, sandboxes
from evals.cli import main
from reports import build_report


@pytest.fixture
def unchecked(monkeypatch):
    """Forget that bwrap was found to work, so the next run checks again."""
    monkeypatch.setattr(bwrap, "_bwrap_checked", None)


def test_bwrap_is_the_default_everywhere():
    from evals.cli import _parser
    from evals.runconfig import RunConfig

    assert sandboxes.DEFAULT_SANDBOX == "bwrap"
    assert _parser().parse_args(["run"]).sandbox == "bwrap"
    assert (
        RunConfig(name="x", tasks=["longley_ols"], agents=["null"], models=["mockllm/model"]).sandbox
        == "bwrap"
    )


def test_missing_bubblewrap_is_one_line_naming_the_fix(unchecked, monkeypatch, tmp_path, capsys):
    real_which = bwrap.shutil.which
    monkeypatch.setattr(bwrap.shutil, "which", lambda name: None if name == "bwrap" else real_which(name))
    code = main(["run", "--agents", "null", "--model", "mockllm/model", "--log-root", str(tmp_path)])
    error = capsys.readouterr().err.strip()
    assert code == 2 and len(error.splitlines()) == 1
    assert "bubblewrap is not installed" in error and "make setup" in error and "--sandbox local" in error
    assert not list(tmp_path.rglob("*.eval")), "no sample ran"


def test_bubblewrap_that_cannot_make_namespaces_is_one_line(unchecked, monkeypatch, tmp_path, capsys):
    def refused(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, "", "bwrap: No permissions to create new namespace")

    monkeypatch.setattr(bwrap.subprocess, "run", refused)
    code = main(["run", "--agents", "null", "--model", "mockllm/model", "--log-root", str(tmp_path)])
    error = capsys.readouterr().err.strip()
    assert code == 2 and len(error.splitlines()) == 1
    assert "cannot start a sandbox" in error and "No permissions" in error and "user namespaces" in error
    assert not list(tmp_path.rglob("*.eval"))


def test_local_warns_once_and_the_report_flags_the_run(monkeypatch, tmp_path, caplog):
    from evals.run import run_matrix

    monkeypatch.setattr(sandboxes, "_warned_local", False)
    with caplog.at_level(logging.WARNING, logger="evals.sandboxes"):
        run_matrix(
            ["longley_ols"], ["null"], "mockllm/model", tmp_path / "a", sandbox="local", display="none"
        )
        run_matrix(
            ["longley_ols"], ["null"], "mockllm/model", tmp_path / "b", sandbox="local", display="none"
        )
    warnings = [r.message for r in caplog.records if "unisolated" in r.message]
    assert len(warnings) == 1
    report, _ = build_report(tmp_path / "a", tmp_path / "out")
    assert "Sandbox: local (unisolated: development only" in report.read_text()


def test_an_unknown_sandbox_kind_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["run", "--sandbox", "docker", "--model", "mockllm/model"])
    assert "invalid choice: 'docker'" in capsys.readouterr().err
