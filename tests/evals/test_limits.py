"""Limits told are limits enforced: every agent's prompt states the limits its log says were in force.

The prompt is filled at sample start from the limits Inspect applies, so each way of overriding
them (a run config, `openintern run` flags, `inspect eval --time-limit ...`) must reach it.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import get_model

from evals import run
from evals.cli import DEMO_LIMITS, main
from evals.taskload import render_prompt
from evals.taskspec import list_task_ids, load_spec, task_dir
from reports.frames import agent_name
from tests.conftest import tool_call

ROOT = Path(__file__).resolve().parents[2]
# Every task's prompt says "You have at most $time_limit seconds, $token_limit tokens and
# $message_limit messages": read the three amounts back from what the agent was told.
TOLD = re.compile(r"at\s+most\s+(\S+)\s+seconds,\s+(\S+)\s+tokens\s+and\s+(\S+)\s+messages")
# Unlike task.yaml's 600 s, 300000 tokens and 60 messages, so a prompt filled from it would show.
OVERRIDES = {"time_limit": 97, "token_limit": 4321, "message_limit": 13}
AGENTS = ["research_agent", "react", "oracle", "null"]


def _submit_at_once(input, tools, tool_choice, config):
    # research_agent's submit takes `summary`, react's `answer`: fill whichever comes first.
    submit = next(tool for tool in tools if tool.name == "submit")
    return tool_call("submit", **{next(iter(submit.parameters.properties)): "done"})


def _told(text: str) -> tuple[str, str, str]:
    match = TOLD.search(text)
    assert match, f"no limits sentence in the prompt: {text[-400:]!r}"
    return match.groups()


def _enforced(log: EvalLog) -> tuple[str, str, str]:
    """The limits the log says were enforced, as the prompt should word them; all sources agree."""
    config = log.eval.config
    [sample] = log.samples
    assert (sample.time_limit, sample.token_limit, sample.message_limit) == (
        config.time_limit,
        config.token_limit,
        config.message_limit,
    )
    return str(config.time_limit), str(config.token_limit), str(config.message_limit)


def _prompts(log: EvalLog) -> list[str]:
    """What the agent was told: the first user message, and the first one the model saw, if any."""
    [sample] = log.samples
    told = [next(m.text for m in sample.messages if m.role == "user")]
    model_call = next((e for e in sample.events if e.event == "model"), None)
    if model_call is not None:
        told.append(next(m.text for m in model_call.input if m.role == "user"))
    return told


@pytest.fixture
def scripted_runs(monkeypatch):
    """`openintern run` as it is, with the config's `mockllm/model` answered by a script."""
    real_run_matrix = run.run_matrix

    def run_matrix(task_ids, agents, model, log_dir, **options):
        assert model == ["mockllm/model"]
        scripted = get_model("mockllm/model", custom_outputs=_submit_at_once, memoize=False)
        return real_run_matrix(task_ids, agents, scripted, log_dir, **options)

    monkeypatch.setattr(run, "run_matrix", run_matrix)


def _run_logs(tmp_path: Path, argv: list[str]) -> list[EvalLog]:
    logs = tmp_path / "logs"
    assert main([*argv, "--log-root", str(logs), "--out", str(tmp_path / "out")]) == 0
    [log_dir] = logs.iterdir()
    # Attachments resolved: a model event's input is stored once, by reference.
    return [read_eval_log(str(path), resolve_attachments=True) for path in sorted(log_dir.glob("*.eval"))]


def test_a_run_config_s_limits_are_what_every_agent_is_told(tmp_path, scripted_runs):
    config = tmp_path / "limits.yaml"
    config.write_text(
        "name: limits\ntasks: [longley_ols]\nagents: [research_agent, react, oracle, null]\n"
        "models: [mockllm/model]\n" + "".join(f"{key}: {value}\n" for key, value in OVERRIDES.items())
    )
    logs = _run_logs(tmp_path, ["run", "--config", str(config)])
    assert sorted(agent_name(log) for log in logs) == sorted(AGENTS)
    for log in logs:
        assert log.status == "success", (agent_name(log), log.error)
        assert _enforced(log) == ("97", "4321", "13")
        assert log.eval.metadata["limits"] == {"time": 97, "tokens": 4321, "messages": 13}
        for prompt in _prompts(log):
            assert _told(prompt) == _enforced(log), agent_name(log)
            assert "$" not in prompt


def test_command_line_flags_override_the_limits_in_the_prompt(tmp_path, scripted_runs):
    argv = ["run", "--agents", "react", "null", "--model", "mockllm/model"]
    logs = _run_logs(tmp_path, [*argv, "--time-limit", "41", "--token-limit", "2500"])
    spec = load_spec("longley_ols")
    assert sorted(agent_name(log) for log in logs) == ["null", "react"]
    for log in logs:
        # The message limit was not overridden: the task's own stands, and the prompt says so.
        assert _enforced(log) == ("41", "2500", str(spec.limits.messages))
        for prompt in _prompts(log):
            assert _told(prompt) == _enforced(log), agent_name(log)


def test_inspect_s_own_overrides_reach_the_prompt(tmp_path):
    inspect = Path(sys.executable).parent / "inspect"
    limits = ["--time-limit", "77", "--token-limit", "1234", "--message-limit", "9"]
    command = [str(inspect), "eval", "openintern/longley_ols", "--solver", "openintern/null"]
    command += ["--model", "mockllm/model", "--log-dir", str(tmp_path), "--display", "none", *limits]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    [log_file] = tmp_path.glob("*.eval")
    log = read_eval_log(str(log_file), resolve_attachments=True)
    assert _enforced(log) == ("77", "1234", "9")
    [prompt] = _prompts(log)
    assert _told(prompt) == ("77", "1234", "9")


@pytest.mark.parametrize("task_id", list_task_ids())
def test_every_task_s_prompt_states_all_three_limits(task_id):
    template = (task_dir(task_id) / "prompt.md").read_text()
    assert _told(render_prompt(template, time=97, tokens=4321, messages=13)) == ("97", "4321", "13")


def test_a_missing_limit_is_said_in_words():
    template = "You have at most $time_limit seconds, $token_limit tokens and $message_limit messages."
    told = render_prompt(template, time=600, tokens=None, messages=30)
    assert told == "You have at most 600 seconds, unlimited tokens and 30 messages."


def test_the_readme_states_the_demo_s_limits():
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"caps every agent at {DEMO_LIMITS['seconds']} s and {DEMO_LIMITS['messages']} messages" in readme


@pytest.mark.parametrize("value", ["0", "-5", "ten"])
def test_a_limit_flag_must_be_a_positive_whole_number(value, capsys):
    with pytest.raises(SystemExit):
        main(["run", "--time-limit", value])
    assert "must be a whole number above 0" in capsys.readouterr().err
