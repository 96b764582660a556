"""Inspect's sandbox agent bridge works through the bwrap sandbox: a program inside calls the
OpenAI-compatible proxy on the sandbox's own loopback and gets the eval's model's answer. This is
the path Claude Code and Codex take (inspect-swe)."""

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.agent import AgentState, agent, sandbox_agent_bridge
from inspect_ai.dataset import Sample
from inspect_ai.model import get_model
from inspect_ai.util import sandbox

from evals.bwrap import BwrapConfig
from tests.conftest import text_reply

# The proxy takes a moment to listen after the bridge opens (as CLIs do, the client retries).
CLIENT = """
import json, sys, time, urllib.error, urllib.request
request = urllib.request.Request(
    sys.argv[1] + "/v1/chat/completions",
    data=json.dumps({"model": "inspect", "messages": [{"role": "user", "content": "hello"}]}).encode(),
    headers={"Content-Type": "application/json", "Authorization": "Bearer none"},
)
for attempt in range(60):
    try:
        reply = json.load(urllib.request.urlopen(request, timeout=60))
        break
    except urllib.error.URLError:
        time.sleep(0.5)
print(reply["choices"][0]["message"]["content"])
"""


@agent
def bridged_program():
    async def execute(state: AgentState) -> AgentState:
        async with sandbox_agent_bridge(state) as bridge:
            result = await sandbox().exec(
                ["bash", "--login", "-c", f"python3 -c '{CLIENT}' http://localhost:{bridge.port}"],
                timeout=120,
            )
            assert result.success, result.stderr
            state.output.completion = result.stdout.strip()
        return state

    return execute


def test_programs_in_parallel_bwrap_sandboxes_reach_the_model_through_the_bridge(tmp_path):
    """Three samples at once, each bridge on the same port of its own loopback: no collision."""
    model = get_model("mockllm/model", custom_outputs=[text_reply("answer from the eval's model")] * 3)
    task = Task(
        dataset=[Sample(input="hello", id=n) for n in range(3)],
        solver=bridged_program(),
        sandbox=("openintern_bwrap", BwrapConfig()),
    )
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none", max_samples=3)
    assert log.status == "success", log.error
    for sample in log.samples:
        assert sample.error is None, sample.error
        assert sample.output.completion == "answer from the eval's model"
        assert [e for e in sample.events if e.event == "model"], (
            "the request went through Inspect's model API"
        )
