"""The gpu tier: on a machine without a GPU its tasks' work is skipped with a line that says why, and
what trains nothing (null, trivial submissions) still runs, so validation can still show the task
cannot be scored without the work."""

import shutil

import pytest
import yaml

from evals import gpu
from evals.run import RunConfigError, run_matrix
from evals.validate import validate_tasks

REASON = "torch.cuda.is_available() is False for python (a test's stand-in)"


def test_the_probe_agrees_with_torch():
    import torch

    assert (gpu.gpu_missing() is None) == torch.cuda.is_available()


@pytest.fixture
def gpu_task(tmp_path, monkeypatch):
    """A copy of the task folders where longley_ols is a gpu-tier task, on a machine without a GPU."""
    from evals import suites

    tasks_dir = tmp_path / "tasks"
    shutil.copytree(suites.TASKS_DIR, tasks_dir, ignore=shutil.ignore_patterns("__pycache__"))
    spec_file = tasks_dir / "longley_ols" / "task.yaml"
    raw = yaml.safe_load(spec_file.read_text())
    raw["tier"], raw["resources"]["gpu"] = "gpu", True
    spec_file.write_text(yaml.safe_dump(raw))
    monkeypatch.setattr("evals.taskspec.TASKS_DIR", tasks_dir)
    monkeypatch.setattr(gpu, "gpu_missing", lambda: REASON)
    return "longley_ols"


def test_work_on_a_gpu_task_is_skipped_with_the_reason(gpu_task, tmp_path, caplog):
    logs = run_matrix([gpu_task], ["oracle", "null"], "mockllm/model", tmp_path / "logs", display="none")
    assert [(log.eval.metadata or {})["agent"] for log in logs] == ["null"]
    [line] = [r.message for r in caplog.records if r.message.startswith("skipped")]
    assert line.startswith("skipped longley_ols (oracle): it is in the gpu tier") and REASON in line
    with pytest.raises(RunConfigError, match="nothing to run here: skipped longley_ols \\(research_agent\\)"):
        run_matrix([gpu_task], ["research_agent"], "mockllm/model", tmp_path / "logs2", display="none")


def test_validation_without_a_gpu_runs_null_and_trivial_and_says_what_it_skipped(gpu_task, tmp_path):
    [check] = validate_tasks([gpu_task], log_dir=tmp_path)
    assert check.ok and check.null_max_score == 0.0 and check.trivial_scores
    assert check.oracle_min_score is None and check.naive_max_score is None
    assert (
        check.skipped.startswith("skipped longley_ols (oracle and naive attempt)") and REASON in check.skipped
    )


def test_inspect_eval_of_a_gpu_task_without_a_gpu_says_why(gpu_task, monkeypatch):
    from evals import _registry

    monkeypatch.setattr(_registry, "gpu_missing", lambda: REASON)
    with pytest.raises(gpu.GPUUnavailable, match="-T without_gpu=true"):
        _registry.longley_ols()
    assert _registry.longley_ols(without_gpu=True).name == "longley_ols"
