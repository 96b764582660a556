"""The egress block: which provider got what, local or remote, and whether the sandbox had a network."""

import shutil

import pytest
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import ModelUsage
from inspect_ai.util import SandboxEnvironmentSpec

from reports import make_report
from reports.usage import _where


@pytest.mark.parametrize(
    "model, base_url, where",
    [
        ("embedded/smollm2-135m-instruct", None, "local"),
        ("mockllm/model", None, "local"),
        ("vllm/Qwen/Qwen3-8B", "http://127.0.0.1:8000/v1", "local"),
        ("vllm/Qwen/Qwen3-8B", "http://gpu-box.example.org:8000/v1", "remote"),
        ("vllm/Qwen/Qwen3-8B", None, "local"),  # Inspect starts vLLM on this machine without a URL
        ("openai-api/together/llama", None, "remote"),
        ("anthropic/claude-sonnet-4-5", None, "remote"),
        ("openai/gpt-5", "http://localhost:4000/v1", "local"),
    ],
)
def test_local_or_remote(model, base_url, where):
    assert _where(model, base_url)[0] == where


def test_a_remote_model_in_a_local_sandbox_says_what_may_have_left(sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    copy = tmp_path / "remote"
    shutil.copytree(log_dir, copy)
    for path in copy.glob("*.eval"):  # the same run, as if it had used an API model in the local sandbox
        log = read_eval_log(str(path))
        log.eval.model = "anthropic/claude-sonnet-4-5"
        log.eval.sandbox = SandboxEnvironmentSpec("local")
        for sample in log.samples:
            sample.model_usage = {
                "anthropic/claude-sonnet-4-5": ModelUsage(input_tokens=100, output_tokens=10)
            }
        write_eval_log(log, str(path))
    report = make_report(copy, tmp_path / "out")
    assert report.egress_statement.startswith("Data may have left this machine")
    assert "sent to anthropic/claude-sonnet-4-5" in report.egress_statement
    assert "local sandboxes had the host's network" in report.egress_statement
    [row] = report.egress.itertuples()
    assert (row.where, row.provider, row.samples, row.input_tokens) == ("remote", "anthropic", 2, 200)
    assert dict(report.networks)["local"] == "the host's network (unisolated)"


def test_local_models_and_bwrap_say_nothing_left(sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    report = make_report(log_dir, tmp_path)
    assert "no prompt, response or file left the machine" in report.egress_statement
    assert dict(report.networks) == {"bwrap": "none (own network namespace, loopback only)"}
