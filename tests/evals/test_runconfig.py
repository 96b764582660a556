"""Run configs: the shipped ones load, bad ones give one-line errors, and a config drives a real run."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log

from evals.cli import main
from evals.runconfig import RunConfigFileError, load_run_config
from evals.taskspec import list_task_ids, load_spec
from reports.frames import load_logs, samples_frame

CONFIGS = sorted((Path(__file__).resolve().parents[2] / "evals" / "configs").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_shipped_configs_load(path):
    config = load_run_config(path)
    assert config.agents and (config.suite or config.tasks)


def test_a_config_sets_the_research_agent(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("name: x\nsuite: smoke\nagents: [research_agent]\nmodels: [m/m]\nagent: {idle_stop: 2}\n")
    assert load_run_config(path).agent.idle_stop == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("name: x\nagents: [oracle]\nmodels: [mockllm/model]\n", "exactly one of 'suite' and 'tasks'"),
        ("name: x\nsuite: smoke\ntasks: [longley_ols]\nagents: [oracle]\nmodels: [m/m]\n", "exactly one"),
        ("name: x\nsuite: smoke\nagents: [gpt_agent]\nmodels: [m/m]\n", "unknown agents ['gpt_agent']"),
        ("name: x\nsuite: smoke\nagents: [oracle]\n", "field 'models': field is missing"),
        ("name: x\nsuite: smoke\nagents: [oracle]\nmodels: [gpt4]\n", "unknown model or preset 'gpt4'"),
        ("name: x\nsuite: smoke\nagents: [oracle, oracle]\nmodels: [m/m]\n", "must not repeat"),
        ("name: x\nsuite: smoke\nagents: [oracle]\nmodels: [m/m]\nconcurrency: 0\n", "greater than 0"),
        ("name: x\nsuite: smoke\nagents: [oracle]\nmodels: [m/m]\nsandbox: docker\n", "'sandbox'"),
        ("name: x\nsuite: everything\nagents: [oracle]\nmodels: [m/m]\n", "'suite' must be one of"),
        ("name: [unclosed\n", "not valid YAML"),
        (
            "name: x\nsuite: smoke\nagents: [oracle]\nmodels: [m/m]\nagent: {repeat_stop: 1}\n",
            "field 'agent.repeat_stop': Input should be greater than or equal to 3",
        ),
        (
            "name: x\nsuite: smoke\nagents: [oracle]\nmodels: [m/m]\nagent: {tools: [bash, browser]}\n",
            "field 'agent.tools': Value error, unknown tool(s) ['browser']",
        ),
    ],
)
def test_bad_configs_name_the_problem(tmp_path, text, expected):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(RunConfigFileError) as caught:
        load_run_config(path)
    assert expected in str(caught.value) and str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_a_config_drives_a_run_and_its_report(tmp_path, capsys):
    config = tmp_path / "sanity.yaml"
    config.write_text("name: smoke-sanity\nsuite: smoke\nagents: [oracle, null]\nmodels: [mockllm/model]\n")
    assert (
        main(
            [
                "run",
                "--config",
                str(config),
                "--log-root",
                str(tmp_path / "logs"),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    [log_dir] = (tmp_path / "logs").iterdir()
    assert log_dir.name == load_run_config(config).run_id() and log_dir.name.startswith("smoke-sanity-")
    assert (log_dir / "run-config.yaml").read_text() == config.read_text()
    report = (tmp_path / "out" / log_dir.name / "report.md").read_text()
    for task in ("longley_ols", "reaction_kinetics", "digits_classifier"):
        assert f"| oracle | mockllm/model | {task} |" in report
    assert "Report:" in capsys.readouterr().out


def test_an_unknown_agent_model_or_suite_on_the_command_line_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    for argv, expected in [
        (["--agents", "gpt_agent", "--model", "mockllm/model"], "unknown agent 'gpt_agent'"),
        (["--agents", "null", "--model", "gpt4"], "unknown model or preset 'gpt4'"),
        (["--agents", "null", "--model", "anthropic/claude-sonnet-4-5"], "needs an API key"),
    ]:
        code = main(["run", "--tasks", "longley_ols", "--log-root", str(tmp_path), *argv])
        error = capsys.readouterr().err.strip()
        assert code == 2 and expected in error and "\n" not in error, error
    assert not list(tmp_path.rglob("*.eval"))  # nothing ran


def _samples_in(log_file: Path) -> list:
    try:
        return read_eval_log(str(log_file)).samples or []
    except Exception:  # noqa: BLE001 - a log being written may be unreadable for a moment
        return []


def test_a_killed_config_run_resumes_without_redoing_finished_samples(tmp_path):
    """Kill `openintern run --config` (SIGKILL, no chance to clean up) with a log half written; the
    same command again finishes the run, keeps every sample finished before the kill, and the report
    counts each sample once."""
    config = tmp_path / "resume.yaml"
    config.write_text(
        "name: resume\ntasks: [reaction_kinetics]\nagents: [oracle]\nmodels: [mockllm/model]\n"
        "epochs: 3\nsandbox: local\nconcurrency: 1\n"
    )
    command = [
        sys.executable, "-m", "evals.cli", "run", "--config", str(config),
        "--log-root", str(tmp_path / "logs"), "--out", str(tmp_path / "out"),
    ]  # fmt: skip
    run_dir = tmp_path / "logs" / load_run_config(config).run_id()
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finished_before: list = []
    deadline = time.time() + 120
    while time.time() < deadline and first.poll() is None:
        logs = list(run_dir.glob("*.eval"))
        finished_before = _samples_in(logs[0]) if logs else []
        if len(finished_before) >= 2:
            first.kill()
            break
        time.sleep(0.1)
    first.wait()
    assert 2 <= len(finished_before) < 9, "the run was interrupted mid-way"
    kept = {(s.id, s.epoch): s.uuid for s in finished_before}

    assert subprocess.run(command, capture_output=True).returncode == 0
    logs = load_logs(run_dir)
    [log] = [read_eval_log(header.location) for header in logs]
    assert log.status == "success" and len(log.samples) == 9
    after = {(s.id, s.epoch): s.uuid for s in log.samples}
    assert all(after[key] == uuid for key, uuid in kept.items())  # finished samples were not run again
    frame = samples_frame(logs)
    assert len(frame) == 9 and frame["success"].eq(1.0).all()


def test_default_concurrency_follows_the_cores_and_the_widest_task():
    from evals.run import default_concurrency

    one_cpu, two_cpus = "longley_ols", next(t for t in list_task_ids() if load_spec(t).resources.cpus == 2)
    assert default_concurrency([one_cpu], ["mockllm/model"], cores=2) == 2
    assert default_concurrency([one_cpu, two_cpus], ["mockllm/model"], cores=2) == 1
    assert default_concurrency([one_cpu, two_cpus], ["mockllm/model"], cores=16) == 8
    assert default_concurrency([one_cpu], ["embedded/smollm2-135m-instruct"], cores=16) == 1
