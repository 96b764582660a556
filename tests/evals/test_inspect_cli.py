"""The Inspect entry point: `inspect eval openintern/<task>` (the registry, as inspect_evals does)."""

import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log

ROOT = Path(__file__).resolve().parents[2]
INSPECT = Path(sys.executable).parent / "inspect"


@pytest.mark.parametrize("solver", ["openintern/oracle", "openintern/naive"])
def test_inspect_eval_runs_the_registered_task_and_agent(tmp_path, solver):
    """longley_ols is a sanity-tier task: its naive attempt (statsmodels' defaults) succeeds too."""
    target = "openintern/longley_ols"
    result = subprocess.run(
        [
            str(INSPECT),
            "eval",
            target,
            "--solver",
            solver,
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
    assert log.eval.solver == solver
    assert next(iter(log.samples[0].scores.values())).value == {"score": 1.0, "success": 1.0}


def test_inspect_eval_takes_the_research_agent_with_a_config_file(tmp_path):
    config = tmp_path / "agent.yaml"
    config.write_text("tools: [bash, python]\n")
    result = subprocess.run(
        [
            str(INSPECT),
            "eval",
            "openintern/longley_ols",
            "--solver",
            "openintern/research_agent",
            "-S",
            f"config={config}",
            # A real model (mockllm's default output has no usage, and counting it needs a download);
            # 8 messages: two steps, then the forced submission.
            "--model",
            "embedded/smollm2-135m-instruct",
            "--message-limit",
            "8",
            "--log-dir",
            str(tmp_path / "logs"),
            "--display",
            "none",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [log_file] = (tmp_path / "logs").glob("*.eval")
    log = read_eval_log(str(log_file))
    [sample] = log.samples
    assert log.status == "success" and sample.error is None and sample.limit is None
    assert sample.output.completion.startswith("## What was done\n")
    first_model_call = next(e for e in sample.events if e.event == "model")
    assert {tool.name for tool in first_model_call.tools} == {"bash", "python", "submit"}
