"""Real Inspect runs: the research agent solving through real tool calls, oracle and null, isolation."""

from pathlib import Path

from evals.taskspec import load_spec, task_dir
from reports.frames import agent_name


def _score(sample) -> dict:
    return next(iter(sample.scores.values())).value


def _tool_outputs(sample) -> list[str]:
    return [m.text for m in sample.messages if m.role == "tool"]


def test_scripted_research_agent_solves_longley_through_real_tools(solved_log):
    assert solved_log.status == "success"
    [sample] = solved_log.samples
    # The results came from the python tool really running in the sandbox, not from the script.
    assert any("wrote results.json -3482258.6" in out for out in _tool_outputs(sample))
    assert _score(sample) == {"score": 1.0, "success": 1.0}
    assert next(iter(sample.scores.values())).metadata["metric"] >= 6
    assert sample.model_usage["mockllm/model"].total_tokens > 0


def test_sandbox_workspace_holds_the_workspace_and_no_hidden_file(solved_log):
    [sample] = solved_log.samples
    listing = _tool_outputs(sample)[0]
    files = sorted(line.strip()[2:] for line in listing.splitlines() if line.startswith("./"))
    workspace = task_dir("longley_ols") / "workspace"
    assert files == sorted(p.relative_to(workspace).as_posix() for p in workspace.rglob("*") if p.is_file())
    hidden = {p.name for p in (task_dir("longley_ols") / "grader").rglob("*") if p.is_file()}
    hidden |= {p.name for p in (task_dir("longley_ols") / "solution").rglob("*") if p.is_file()}
    assert hidden and not hidden & {Path(f).name for f in files}


def test_oracle_succeeds_and_null_fails(sanity_logs):
    _, logs = sanity_logs
    by_agent = {agent_name(log): log for log in logs}
    assert set(by_agent) == {"oracle", "null"}
    [oracle] = by_agent["oracle"].samples
    [null] = by_agent["null"].samples
    assert _score(oracle) == {"score": 1.0, "success": 1.0}
    assert _score(null) == {"score": 0.0, "success": 0.0}
    assert "missing output" in next(iter(null.scores.values())).explanation


def test_logs_record_task_version_and_content_hash(sanity_logs):
    from evals.taskspec import content_hash

    _, logs = sanity_logs
    for log in logs:
        assert log.eval.metadata["task_hash"] == content_hash(task_dir("longley_ols"))
        assert log.samples[0].metadata["task_version"] == load_spec("longley_ols").version


def test_run_matrix_resumes_without_rerunning(sanity_logs):
    from evals.run import run_matrix

    log_dir, logs = sanity_logs
    before = sorted(p.name for p in log_dir.glob("*.eval"))
    again = run_matrix(["longley_ols"], ["oracle", "null"], "mockllm/model", log_dir)
    assert sorted(p.name for p in log_dir.glob("*.eval")) == before
    assert {log.eval.eval_id for log in again} == {log.eval.eval_id for log in logs}


def test_plain_react_baseline_runs_the_same_task_with_the_same_tools(tmp_path):
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from agent import TOOL_NAMES
    from evals.run import agent_solver
    from evals.taskload import build_task
    from reports import behaviour_frame
    from tests.conftest import SOLVING_SCRIPT, scripted

    # react's own submit tool takes `answer`; the rest of the script is the research agent's.
    script = scripted(*SOLVING_SCRIPT[:-1], ("submit", {"answer": "results.json written"}))
    offered = []

    def respond(input, tools, tool_choice, config):
        offered.append({tool.name for tool in tools})
        return script(input, tools, tool_choice, config)

    [log] = inspect_eval(
        build_task("longley_ols", solver=agent_solver("react")),
        model=get_model("mockllm/model", custom_outputs=respond, memoize=False),
        log_dir=str(tmp_path),
        display="none",
    )
    assert offered[0] == {*TOOL_NAMES, "submit"}
    [sample] = log.samples
    assert _score(sample) == {"score": 1.0, "success": 1.0}
    [row] = behaviour_frame([log]).to_dict(orient="records")
    assert row["agent"] == "react" and row["submitted"] and row["tool_calls"] == 3
