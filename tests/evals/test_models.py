"""Any model: the research agent through Inspect's real `vllm/` provider against a stand-in
OpenAI-compatible server on 127.0.0.1 (started here, as a separate process), and clear errors before
any sample starts when a model cannot be reached (missing API key, no server)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent import TOOL_NAMES
from evals.cli import main
from evals.run import IncompleteRunError, run_matrix
from tests.conftest import LONGLEY_SOLVE

STANDIN = Path(__file__).parents[1] / "standin_vllm.py"
MODEL = "standin-model"

SCRIPT = [
    {"tool": "read_paper", "arguments": {}},
    {"tool": "inspect_dataset", "arguments": {"path": "longley.csv", "rows": 2}},
    {"tool": "plan", "arguments": {"steps": "[x] look at the data\n[ ] fit by QR"}},
    {"tool": "python", "arguments": {"code": LONGLEY_SOLVE}},
    {"tool": "submit", "arguments": {"summary": "QR fit in float64", "numbers": "see results.json"}},
]


# One server for the four scaffolds: each request gets the steps of the first of these tools it
# offers. Claude Code's shell is `Bash`, Codex's `exec_command`; react has python but no read_paper.
SOLVE_IN_SHELL = f"python3 - <<'EOF'\n{LONGLEY_SOLVE}\nEOF"
FOUR_SCAFFOLDS = {
    "by_tool": {
        "Bash": [{"tool": "Bash", "arguments": {"command": SOLVE_IN_SHELL}}, {"content": "Done."}],
        "exec_command": [
            {"tool": "exec_command", "arguments": {"cmd": SOLVE_IN_SHELL}},
            {"content": "Done."},
        ],
        "read_paper": SCRIPT,
        "python": [
            {"tool": "python", "arguments": {"code": LONGLEY_SOLVE}},
            {"tool": "submit", "arguments": {"answer": "see results.json"}},
        ],
    },
    "forced": SCRIPT[-1]["arguments"],
}


@pytest.fixture
def standin(request, tmp_path):
    """The stand-in server as its own process: (base URL, path of its request log). Its script is
    SCRIPT for MODEL, or the (script, model name) a test passes with
    `@pytest.mark.parametrize("standin", [...], indirect=True)`. Inspect keeps one vllm/ server per
    model name for the whole process, so a second server needs a name of its own."""
    script, requests = tmp_path / "script.json", tmp_path / "requests.jsonl"
    steps, model = getattr(request, "param", (SCRIPT, MODEL))
    script.write_text(json.dumps(steps))
    process = subprocess.Popen(
        [sys.executable, str(STANDIN), "--model", model, "--script", str(script), "--log", str(requests)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("listening on "), line
        yield line.split()[-1], requests
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_research_agent_runs_through_the_vllm_provider_with_tool_calls(standin, tmp_path, monkeypatch):
    base_url, requests = standin
    monkeypatch.setenv("VLLM_BASE_URL", base_url)
    [log] = run_matrix(
        ["longley_ols"], ["research_agent"], f"vllm/{MODEL}", tmp_path / "logs", display="none"
    )
    [sample] = log.samples
    assert log.eval.model == f"vllm/{MODEL}"
    assert next(iter(sample.scores.values())).value == {"score": 1.0, "success": 1.0}
    assert sample.output.completion.startswith("## What was done\nQR fit in float64")
    assert "## Plan\n[x] look at the data" in sample.output.completion

    sent = [json.loads(line) for line in requests.read_text().splitlines()]
    assert len(sent) == len(SCRIPT)
    # longley_ols declares no network: the agent is not offered the arXiv tool (it could only fail).
    assert {t["function"]["name"] for t in sent[0]["tools"]} == {*TOOL_NAMES, "submit"} - {"arxiv"}
    last = sent[-1]["messages"]
    results = [m for m in last if m["role"] == "tool"]
    assert len(results) == len(SCRIPT) - 1  # every tool result went back to the server, matched by id
    assert "longley.csv" in results[1]["content"] and "rows x" in results[1]["content"]
    assert "wrote results.json" in results[3]["content"]


@pytest.mark.parametrize("standin", [(FOUR_SCAFFOLDS, "standin-four")], indirect=True)
def test_all_four_scaffolds_solve_longley_through_the_vllm_path(standin, tmp_path, monkeypatch):
    """The path a vLLM user takes, for every scaffold: VLLM_BASE_URL, Inspect's vllm/ provider, and
    for Claude Code and Codex the agent bridge in the bwrap sandbox in front of it. Same model name in
    every log; every scaffold's requests reached the server."""
    base_url, requests = standin
    monkeypatch.setenv("VLLM_BASE_URL", base_url)
    agents = ["research_agent", "react", "claude_code", "codex_cli"]
    logs = run_matrix(
        ["longley_ols"], agents, "vllm/standin-four", tmp_path / "logs", max_samples=4, display="none"
    )
    assert sorted(log.eval.metadata["agent"] for log in logs) == sorted(agents)
    for log in logs:
        [sample] = log.samples
        assert log.eval.model == "vllm/standin-four" and list(sample.model_usage) == ["vllm/standin-four"]
        score = next(iter(sample.scores.values()))
        assert score.value == {"score": 1.0, "success": 1.0}, (log.eval.metadata["agent"], score.explanation)
    offered = [
        {t["function"]["name"] for t in json.loads(line).get("tools") or []}
        for line in requests.read_text().splitlines()
    ]
    assert any("Bash" in tools for tools in offered) and any("exec_command" in tools for tools in offered)


@pytest.mark.parametrize(
    ("model", "unset", "expected"),
    [
        ("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY", "needs an API key: set ANTHROPIC_API_KEY"),
        ("openai/gpt-5", "OPENAI_API_KEY", "needs an API key: set OPENAI_API_KEY"),
    ],
)
def test_a_missing_api_key_is_one_line_before_any_sample(
    model, unset, expected, tmp_path, monkeypatch, capsys
):
    monkeypatch.delenv(unset, raising=False)
    code = main(["run", "--model", model, "--tasks", "longley_ols", "--log-root", str(tmp_path / "logs")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith(f"openintern: error: {model} {expected}") and "\n" not in err
    assert not list(tmp_path.rglob("*.eval")), "nothing ran"


def test_an_absent_or_wrong_vllm_server_is_one_line(standin, tmp_path, monkeypatch, capsys):
    base_url, _ = standin
    monkeypatch.setenv("VLLM_BASE_URL", "http://127.0.0.1:9/v1")
    assert main(["run", "--model", f"vllm/{MODEL}", "--log-root", str(tmp_path)]) == 2
    assert "no vLLM server answers at http://127.0.0.1:9/v1" in capsys.readouterr().err
    monkeypatch.setenv("VLLM_BASE_URL", base_url)
    assert main(["run", "--model", "vllm/other-model", "--log-root", str(tmp_path)]) == 2
    assert f"serves {MODEL}, not other-model" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.eval"))


def test_the_embedded_default_passes_the_check_and_an_unknown_one_does_not():
    from evals.embedded import EMBEDDED_DEFAULT, EmbeddedModelError
    from evals.models import check_model_access

    check_model_access(EMBEDDED_DEFAULT)
    with pytest.raises(EmbeddedModelError, match="neither a packaged model"):
        check_model_access("embedded/gpt-17")


SMALL_CONTEXT = {"by_tool": FOUR_SCAFFOLDS["by_tool"], "forced": FOUR_SCAFFOLDS["forced"], "context": 4000}


@pytest.mark.parametrize("standin", [(SMALL_CONTEXT, "standin-small")], indirect=True)
def test_a_vllm_server_whose_context_is_too_small_for_a_cli_ends_with_the_reason(
    standin, tmp_path, monkeypatch
):
    """vLLM answers an overlong request with HTTP 400 "maximum context length"; Inspect hands the
    scaffold that message as the model's answer. The sample still ends with the real reason, though
    the server answered the CLI's small side requests."""
    base_url, _ = standin
    monkeypatch.setenv("VLLM_BASE_URL", base_url)
    with pytest.raises(IncompleteRunError) as caught:
        run_matrix(
            ["longley_ols"],
            ["claude_code", "codex_cli"],
            "vllm/standin-small",
            tmp_path / "logs",
            display="none",
        )
    reasons = {failure.agent: failure.reason for failure in caught.value.failures}
    assert sorted(reasons) == ["claude_code", "codex_cli"]
    for agent, reason in reasons.items():
        assert (
            f"{agent} cannot run on vllm/standin-small: the context window of the model is too small"
            in reason
        )
