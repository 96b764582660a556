"""The literature helper (a sub-agent used as a tool) and the arXiv tool's online path, through
real Inspect runs with scripted models."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.model import get_model

from agent import AgentConfig, research_agent
from tests.agent.files import PAPER_MD, PAPER_PDF
from tests.agent.test_tools import run_tools
from tests.conftest import tool_call


def _is_helper(input) -> bool:
    return "careful reader of research papers" in input[0].text


def _run(respond, tmp_path, config: AgentConfig | None = None):
    task = Task(
        dataset=[Sample(input="Reproduce the paper's training setup.", files={"paper.md": PAPER_MD})],
        solver=research_agent(config),
        sandbox="openintern_local",
        message_limit=60,
    )
    model = get_model("mockllm/model", custom_outputs=respond, memoize=False)
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")
    assert log.status == "success", log.error
    return log.samples[0]


def test_the_literature_helper_reads_in_its_own_context_and_answers(tmp_path):
    helper_prompts = []

    def respond(input, tools, tool_choice, config):
        turns = sum(m.role == "assistant" for m in input)
        if _is_helper(input):
            helper_prompts.append(input)
            assert {t.name for t in tools} == {"read_paper", "search_papers", "arxiv", "submit"}
            if turns == 0:
                return tool_call("read_paper", path="paper.md", section="Training")
            return tool_call(
                "submit", summary="lr 0.003, batch 64", numbers="lr=0.003 (paper.md, 2.1 Training)"
            )
        if turns == 0:
            return tool_call("ask_literature", question="Which learning rate and batch size?")
        return tool_call("submit", summary="used the paper's settings")

    sample = _run(respond, tmp_path)
    [answer] = [m.text for m in sample.messages if m.role == "tool"]
    assert answer.startswith("## What was done\nlr 0.003, batch 64")
    assert "lr=0.003 (paper.md, 2.1 Training)" in answer
    # The helper read the paper; the main conversation only holds its answer.
    assert any("learning rate of 0.003" in m.text for m in helper_prompts[-1])
    assert not any("learning rate of 0.003" in m.text for m in sample.messages)
    assert sample.output.completion.startswith("## What was done\nused the paper's settings")


def test_a_helper_that_never_answers_is_stopped_by_its_cap_and_the_main_agent_goes_on(tmp_path):
    helper_turns = []

    def respond(input, tools, tool_choice, config):
        turns = sum(m.role == "assistant" for m in input)
        if _is_helper(input):
            helper_turns.append(turns)
            if getattr(tool_choice, "name", None) == "submit":
                return tool_call("submit", summary="no clear answer yet")
            return tool_call("search_papers", query=f"term{turns}")  # never submits by itself
        if turns == 0:
            return tool_call("ask_literature", question="What does the appendix say?")
        return tool_call("submit", summary="done without the appendix")

    sample = _run(respond, tmp_path, AgentConfig(literature_messages=8))
    [answer] = [m.text for m in sample.messages if m.role == "tool"]
    assert answer.startswith("## What was done\nno clear answer yet")
    assert max(helper_turns) <= 8 - 2  # forced to answer before its own message cap
    assert sample.output.completion.startswith("## What was done\ndone without the appendix")


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/abs/2101.00001v1</id>
    <published>2021-01-01T00:00:00Z</published>
    <title>Sparse  probes for
      small models</title>
    <summary>We study sparse probes.</summary>
    <author><name>Ada Lovelace</name></author>
  </entry>
</feed>"""


class _FakeArxiv(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802  (the http.server API)
        body = PAPER_PDF if self.path.startswith("/pdf/") else ATOM.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


def test_arxiv_searches_and_fetches_when_the_network_is_there(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeArxiv)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = AgentConfig(arxiv_url=f"http://127.0.0.1:{server.server_port}")
        _, (found, fetched, read) = run_tools(
            tmp_path,
            [
                ("arxiv", {"query": "sparse probes"}),
                ("arxiv", {"paper_id": "2101.00001v1"}),
                ("read_paper", {"path": "papers/2101.00001v1.pdf", "pages": "2"}),
            ],
            {},
            config,
            sandbox="openintern_local",  # bwrap has no network by design; this checks the online path
        )
    finally:
        server.shutdown()
    assert "- 2101.00001v1 (2021-01-01) Sparse probes for small models. Ada Lovelace" in found
    assert (
        "Abstract: We study sparse probes." in fetched and "PDF saved to papers/2101.00001v1.pdf" in fetched
    )
    assert "momentum 0.9" in read
