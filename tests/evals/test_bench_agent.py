"""The per-step benchmark's trajectory (evals/bench_agent.py) runs to its end under both agents:
every scripted bash step runs and each agent submits. No timings are asserted here."""

from inspect_ai.model import ChatMessageTool
from inspect_ai.tool import ToolCall

from agent import AgentConfig
from agent.guard import LoopGuard
from evals.bench_agent import AGENTS, _run


def test_both_agents_run_every_step_of_the_scripted_trajectory():
    for agent in AGENTS:
        cpu, step = _run(agent, 3)  # raises unless all 3 bash steps ran and no limit fired
        assert cpu > 0 and step > 0


def test_a_long_trajectory_of_distinct_commands_never_trips_the_loop_guard():
    guard = LoopGuard(AgentConfig())
    for turn in range(400):
        call = ToolCall(id=f"call-{turn}", function="bash", arguments={"command": f"echo {turn}"})
        result = ChatMessageTool(content=f"{turn}\n", tool_call_id=call.id, function="bash")
        assert guard.observe([call], [result]) == "ok"
