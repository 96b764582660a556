"""The Inspect entry points: `inspect eval openintern/<task>` after install and `inspect eval tasks/<id>`."""

import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log

ROOT = Path(__file__).resolve().parents[2]
INSPECT = Path(sys.executable).parent / "inspect"


@pytest.mark.parametrize("target", ["openintern/longley_ols", "tasks/longley_ols"])
def test_inspect_eval_runs_the_registered_task_and_agent(tmp_path, target):
    result = subprocess.run(
        [
            str(INSPECT),
            "eval",
            target,
            "--solver",
            "openintern/oracle",
            "--model",
            "mockllm/model",
            "--log-dir",
            str(tmp_path),
            "--display",
            "none",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [log_file] = tmp_path.glob("*.eval")
    log = read_eval_log(str(log_file))
    assert log.eval.solver == "openintern/oracle"
    assert next(iter(log.samples[0].scores.values())).value == {"score": 1.0, "success": 1.0}
