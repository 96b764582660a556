"""The scaffold baselines for real: the pinned Claude Code and Codex CLIs from npm, run by inspect-swe
through the agent bridge on a scripted model, on the smoke suite, several samples at once, on both
sandboxes. Each must reach the reference solution's answer: the scaffold got the task prompt, ran in
the workspace, its shell tool reached the eval's model and the grader read what it wrote."""

import asyncio
from datetime import datetime

import llama_cpp
import pytest
from inspect_ai.model import get_model

from evals import baselines
from evals.bwrap import BwrapSandbox
from evals.cli import main
from evals.embedded import engine_description
from evals.embedded_sampling import SAMPLER
from evals.run import IncompleteRunError, run_matrix
from evals.sandboxes import inspect_sandbox
from evals.suites import suite_tasks
from reports import behaviour_frame, behaviour_summary, build_report
from tests.evals.cli_policy import oracle_policy

SCAFFOLDS = ["claude_code", "codex_cli"]


def _most_at_once(samples) -> int:
    """The largest number of samples that were running at the same moment."""
    moments = []
    for sample in samples:
        moments += [
            (datetime.fromisoformat(sample.started_at), 1),
            (datetime.fromisoformat(sample.completed_at), -1),
        ]
    running = most = 0
    for _, change in sorted(moments):
        running += change
        most = max(most, running)
    return most


@pytest.mark.parametrize("kind", ["bwrap", "local"])
def test_claude_code_and_codex_reach_the_oracle_answer_in_parallel(kind, tmp_path):
    model = get_model("mockllm/model", custom_outputs=oracle_policy)
    logs = run_matrix(
        suite_tasks("smoke"), SCAFFOLDS, model, tmp_path / "logs", sandbox=kind, max_samples=4, display="none"
    )
    by_agent: dict[str, list] = {}
    for log in logs:
        assert log.eval.sandbox.type == f"openintern_{kind}"
        by_agent.setdefault(log.eval.metadata["agent"], []).extend(log.samples)
    assert sorted(by_agent) == SCAFFOLDS
    for agent, samples in by_agent.items():
        assert len(samples) == 5
        failures = [
            (sample.id, sample.error, next(iter(sample.scores.values())).explanation)
            for sample in samples
            if sample.error or next(iter(sample.scores.values())).value["success"] != 1.0
        ]
        assert not failures, f"{agent} on {kind}: {failures}"
        # The model was reached through the scaffold's own shell tool, not some other path.
        shell = {"claude_code": "Bash", "codex_cli": "exec_command"}[agent]
        calls = [
            c.function
            for s in samples
            for m in s.messages
            if m.role == "assistant"
            for c in m.tool_calls or []
        ]
        assert shell in calls
    assert _most_at_once([s for samples in by_agent.values() for s in samples]) >= 4
    # The report's behaviour table reads the CLI scaffolds from their logs too: each ended by itself
    # (a final message: they have no submit tool) after at least one shell call per sample.
    behaviour = behaviour_summary(behaviour_frame(logs)).set_index("agent")
    for agent in SCAFFOLDS:
        assert behaviour.loc[agent, "ended_itself_share"] == 1.0
        assert behaviour.loc[agent, "tool_calls"] >= 5 and behaviour.loc[agent, "parsed_share"] == 1.0
        assert behaviour.loc[agent, "errors"] == 0 and behaviour.loc[agent, "limit_hits"] == 0


def test_a_missing_cli_is_one_line_naming_the_fix(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("OPENINTERN_TOOLS", str(tmp_path / "no-tools"))
    code = main(["run", "--tasks", "longley_ols", "--agents", "claude_code", "--model", "mockllm/model"])
    error = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in error
    assert "@anthropic-ai/claude-code@2.1.332" in error and "python -m evals.baselines install" in error


def test_npm_missing_is_one_line_naming_the_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(baselines.shutil, "which", lambda name: None)
    with pytest.raises(baselines.BaselineUnavailableError, match="npm is missing.*install Node.js"):
        baselines.install_clis(tmp_path / "tools")


def test_the_sandbox_runs_the_pinned_clis_first_on_its_path():
    """What inspect-swe finds with `which` inside the sandbox (version="sandbox") is the pinned CLI,
    from the read-only bind, ahead of anything of the same name on the system."""

    async def versions():
        environments = await BwrapSandbox.sample_init("test", inspect_sandbox("bwrap").config, {})
        try:
            script = "which claude codex; claude --version; codex --version; touch $(which claude)"
            return await environments["default"].exec(["bash", "-c", script])
        finally:
            await BwrapSandbox.sample_cleanup("test", None, environments, False)

    result = asyncio.run(versions())
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "/opt/openintern-cli/node_modules/.bin/claude",
        "/opt/openintern-cli/node_modules/.bin/codex",
    ]
    assert lines[2].startswith(baselines.CLIS["claude_code"].version + " ")
    assert lines[3].endswith(" " + baselines.CLIS["codex_cli"].version)
    assert "cannot touch" in result.stderr  # the agent cannot replace the CLI


def test_a_model_too_small_for_a_scaffold_ends_the_sample_with_the_reason(tmp_path):
    """The embedded 135M model's 8k context cannot hold Claude Code's or Codex's first request: each
    sample ends as an error that says so (in the log, the run's one-line summary and the report), the
    eval itself finishes, and nothing hangs."""
    with pytest.raises(IncompleteRunError) as caught:
        run_matrix(
            ["longley_ols"], SCAFFOLDS, "embedded/smollm2-135m-instruct", tmp_path / "logs", display="none"
        )
    failures = caught.value.failures
    assert sorted(f.agent for f in failures) == SCAFFOLDS
    for failure in failures:
        assert "cannot run on embedded/smollm2-135m-instruct" in failure.reason
        assert "the context window of the model is too small" in failure.reason
    assert all(log.status == "error" and log.samples for log in caught.value.logs)
    report, _ = build_report(tmp_path / "logs", tmp_path / "out")
    text = report.read_text()
    assert text.count("cannot run on embedded/smollm2-135m-instruct") >= 2
    # Every log names what computed the embedded model's tokens, and the report discloses it.
    engine = engine_description("smollm2-135m-instruct")
    assert engine["sampler"] == SAMPLER and engine["runtime"] == f"llama-cpp-python {llama_cpp.__version__}"
    for log in caught.value.logs:
        assert log.eval.metadata["provenance"]["engines"] == {"embedded/smollm2-135m-instruct": engine}
    assert f"Model engines: embedded/smollm2-135m-instruct: weights_sha256 {engine['weights_sha256']}" in text
