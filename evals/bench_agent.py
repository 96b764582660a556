"""The research agent's harness cost per step against Inspect's bare react(), on one scripted trajectory.

    .venv/bin/python -m evals.bench_agent                 # 100 and 400 steps, 5 rounds
    .venv/bin/python -m evals.bench_agent --rounds 3 --steps 100

Both agents run the same trajectory through a real Inspect run (evals.run.run_matrix on longley_ols,
the `local` sandbox, one sample at a time): a zero-latency scripted model makes step i one bash call,
`echo i`, and submits after the last step. What a step costs is then what the harness does around the
model and the command: the agent's own work (budget, context view, loop guard), Inspect's (tool calls,
transcript events, the log) and the bash command in the sandbox, which both agents pay alike.

Per-step cost excludes fixed start-up (task build, sandbox, scoring, the log's header), two ways:
- "wall, median step": the median wall time between the starts of consecutive model calls of the
  long run (from the log's model events): one whole step, robust to bursts of other work on a shared
  machine, but blind to what the end of the sample costs per step (condensing and writing the log);
- "CPU, slope": the slope between a short trajectory (SHORT_STEPS) and the long one,
  (T(long) - T(short)) / (long - short), with T the CPU time of the whole run (this process and its
  finished children, the sandbox's commands), the log's writing and reading back included. It is the
  mean cost of the steps of a run that long, everything included; CPU time, unlike a wall-time
  slope (tried: per-round ratios from 0.7 to 1.6 at 100 steps on 2 shared cores), barely moves
  with other work on the cores.
Both grow with the trajectory's length where per-step work grows with the conversation.

The two agents take turns (AB, then BA: neither always gets the warmer machine) in one process, for
several rounds; each figure is the median over the rounds, and the ratio is the median of the rounds'
own ratios (taken within a round, where the machine's load was about the same for both).
"""

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from inspect_ai.event import ModelEvent
from inspect_ai.model import ModelOutput, ModelUsage, get_model

__all__ = ["CLOCKS", "agent_step_rows", "step_costs"]

TASK = "longley_ols"
SHORT_STEPS = 10
ROUNDS = 5
AGENTS = ("research_agent", "react")
# A time limit as a real run has (the research agent keeps deadlines from it), far from binding.
TIME_LIMIT_S = 3600


def _trajectory(steps: int):
    """A stateless scripted model: its turn-th reply is `echo <turn>` in bash while turn < steps, then
    submit (every required argument "-"), whichever agent's submit tool is offered."""

    def respond(input, tools, tool_choice, config) -> ModelOutput:
        turn = sum(1 for message in input if message.role == "assistant")
        if turn < steps:
            output = ModelOutput.for_tool_call("mockllm/model", "bash", {"command": f"echo {turn}"})
        else:
            submit = next(tool for tool in tools if tool.name == "submit")
            arguments = {name: "-" for name in submit.parameters.required}
            output = ModelOutput.for_tool_call("mockllm/model", "submit", arguments)
        output.usage = ModelUsage(input_tokens=10, output_tokens=2, total_tokens=12)  # no tiktoken download
        return output

    return respond


def _run(agent: str, steps: int) -> tuple[float, float]:
    """(CPU seconds of the whole run, median wall seconds between consecutive model calls) of one real
    run of `agent` on the trajectory of `steps` bash steps; checks that every step ran and no limit
    stopped the sample."""
    from evals.run import run_matrix

    model = get_model("mockllm/model", custom_outputs=_trajectory(steps), memoize=False)
    with tempfile.TemporaryDirectory() as logs:
        cpu_started = _cpu_seconds()
        [log] = run_matrix(
            [TASK],
            [agent],
            model,
            Path(logs),
            sandbox="local",
            max_samples=1,
            time_limit=TIME_LIMIT_S,
            message_limit=2 * steps + 40,  # far from binding: the research agent's wrap-up stays off
            display="none",
        )
        cpu = _cpu_seconds() - cpu_started
    [sample] = log.samples
    ran = sum(1 for message in sample.messages if message.role == "tool" and message.function == "bash")
    if sample.limit is not None or ran != steps:  # a loop guard or budget that cut the trajectory short
        raise RuntimeError(f"{agent} ran {ran} of {steps} steps (limit: {sample.limit})")
    starts = [event.timestamp for event in sample.events if isinstance(event, ModelEvent)]
    gaps = [(later - earlier).total_seconds() for earlier, later in zip(starts, starts[1:])]
    return cpu, statistics.median(gaps)


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (the sandbox's commands)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


CLOCKS = ("wall, median step", "CPU, slope")


def step_costs(
    steps: tuple[int, ...] = (100, 400), rounds: int = ROUNDS
) -> dict[tuple[int, str, str], list[float]]:
    """Per-step seconds, one value per round, by (steps, agent, one of CLOCKS)."""
    costs: dict[tuple[int, str, str], list[float]] = {}
    for agent in AGENTS:  # the first runs pay for imports and first-use set-up: not part of a figure
        _run(agent, SHORT_STEPS)
    for round_ in range(rounds):
        for agent in AGENTS if round_ % 2 == 0 else reversed(AGENTS):
            short_cpu, _ = _run(agent, SHORT_STEPS)
            for n in steps:
                cpu, step = _run(agent, n)
                costs.setdefault((n, agent, CLOCKS[0]), []).append(step)
                costs.setdefault((n, agent, CLOCKS[1]), []).append((cpu - short_cpu) / (n - SHORT_STEPS))
    return costs


def _rows(costs: dict[tuple[int, str, str], list[float]]) -> list[tuple[str, str, str, float]]:
    rows = []
    for n, agent, clock in costs:
        if agent != "research_agent":
            continue
        ours, theirs = costs[n, agent, clock], costs[n, "react", clock]
        rows.append(
            (
                f"research_agent harness cost per step, {n} steps, scripted model, local (ms, {clock})",
                f"{1000 * statistics.median(ours):.1f} research_agent",
                f"{1000 * statistics.median(theirs):.1f} react",
                round(statistics.median(a / b for a, b in zip(ours, theirs, strict=True)), 2),
            )
        )
    return rows


def agent_step_rows(
    steps: tuple[int, ...] = (100, 400), rounds: int = ROUNDS
) -> list[tuple[str, str, str, float]]:
    """(figure, measured, anchor, ratio) rows: research_agent's harness cost per step against bare
    react's at each trajectory length, as the median step (wall) and as the slope (CPU) in
    milliseconds: medians over `rounds` interleaved rounds, the ratio the median of the rounds' own
    ratios (see the module)."""
    return _rows(step_costs(steps, rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    costs = step_costs(tuple(args.steps), args.rounds)
    for figure, measured, anchor, ratio in _rows(costs):
        print(f"{figure}: {measured} vs {anchor} ({ratio:.2f}x)")
    for (n, agent, clock), values in costs.items():
        print(f"  {n} steps, {agent}, {clock}, ms by round: {' '.join(f'{1000 * v:.1f}' for v in values)}")
    print(f"load average (1, 5, 15 min) after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
