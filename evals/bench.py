"""`make bench`: performance figures, each against its anchor measured in the same run.

    .venv/bin/python -m evals.bench             # sandbox command cost, scaffold start-up, full validations
    .venv/bin/python -m evals.bench --quick     # without the full validations (minutes, not tens)

Timings live here, never in `make test`.
"""

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from inspect_ai.model import ModelOutput, ModelUsage

from evals.bwrap import BwrapConfig, BwrapSandbox, check_bwrap
from evals.sandboxes import ProjectLocalSandbox

COMMANDS = 200


async def _per_command(environments: dict, commands: int) -> list[float]:
    sandbox = environments["default"]
    await sandbox.exec(["true"])  # the first command may pay for page faults; not part of the figure
    seconds = []
    for index in range(commands):
        started = time.perf_counter()
        result = await sandbox.exec(["bash", "-c", f"echo {index} > last.txt && cat last.txt"])
        seconds.append(time.perf_counter() - started)
        if result.stdout.strip() != str(index):
            raise RuntimeError(f"the benchmark's command failed: {result.stderr}")
    return seconds


async def _sandbox_costs(commands: int) -> dict[str, list[float]]:
    """Each kind's command times, the two kinds taking turns in blocks so neither gets a warmer machine."""
    check_bwrap()
    kinds = {"local": (ProjectLocalSandbox, None), "bwrap": (BwrapSandbox, BwrapConfig())}
    costs: dict[str, list[float]] = {kind: [] for kind in kinds}
    for block in range(4):
        for kind, (cls, config) in kinds.items() if block % 2 == 0 else reversed(kinds.items()):
            environments = await cls.sample_init("bench", config, {})
            try:
                costs[kind] += await _per_command(environments, commands // 4)
            finally:
                await cls.sample_cleanup("bench", config, environments, False)
    return costs


SCAFFOLDS = ("research_agent", "react", "claude_code", "codex_cli")


def _idle(input, tools, tool_choice, config) -> ModelOutput:
    """A model that ends at once: submits (every required argument "-") where a submit tool is offered,
    else says it is done. What remains of a sample is the scaffold's start-up and teardown."""
    submit = next((tool for tool in tools if tool.name == "submit"), None)
    if submit is not None:
        arguments = {name: "-" for name in submit.parameters.required}
        output = ModelOutput.for_tool_call("mockllm/model", "submit", arguments)
    else:
        output = ModelOutput.from_content("mockllm/model", "Nothing to do.")
    output.usage = ModelUsage(input_tokens=10, output_tokens=2, total_tokens=12)  # no tiktoken download
    return output


def _per_sample_seconds(agent: str, sandbox: str, samples: int) -> float:
    """Wall time per sample of `agent` on longley_ols with the idle model, one sample at a time:
    sandbox set-up, the scaffold's start-up (CLI, bridge), one model call, scoring and teardown."""
    from inspect_ai.model import get_model

    from evals.run import run_matrix

    model = get_model("mockllm/model", custom_outputs=_idle, memoize=False)
    with tempfile.TemporaryDirectory() as logs:
        started = time.perf_counter()
        run_matrix(["longley_ols"], [agent], model, Path(logs), epochs=samples, sandbox=sandbox,
                   max_samples=1, display="none")  # fmt: skip
        return (time.perf_counter() - started) / samples


def _validation_seconds(sandbox: str) -> float:
    from evals.validate import validate_tasks

    started = time.perf_counter()
    checks = validate_tasks(sandbox=sandbox)
    failed = [c.task for c in checks if not c.ok]
    if failed:
        print(f"  note: validation on {sandbox} failed for {failed}")
    return time.perf_counter() - started


def _machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the full validation on each sandbox")
    parser.add_argument("--commands", type=int, default=COMMANDS)
    parser.add_argument("--samples", type=int, default=3, help="samples per scaffold start-up figure")
    args = parser.parse_args(argv)

    print(f"Machine: {_machine()}")
    rows = []
    costs = asyncio.run(_sandbox_costs(args.commands))
    local, isolated = (statistics.median(costs[k]) * 1000 for k in ("local", "bwrap"))
    rows.append(
        (
            f"sandbox command, median of {args.commands} (ms)",
            f"{isolated:.1f} bwrap",
            f"{local:.1f} local",
            isolated / local,
        )
    )
    for sandbox in ("local", "bwrap"):
        _per_sample_seconds("null", sandbox, 1)  # warm-up: the first eval of a process pays for imports
        anchor = _per_sample_seconds("null", sandbox, args.samples)
        for agent in SCAFFOLDS:
            seconds = _per_sample_seconds(agent, sandbox, args.samples)
            rows.append(
                (
                    f"{agent} start-up + teardown per sample on {sandbox}, idle model, {args.samples} samples (s)",
                    f"{seconds:.2f} {agent}",
                    f"{anchor:.2f} null",
                    seconds / anchor,
                )
            )
    if not args.quick:
        seconds = {kind: _validation_seconds(kind) for kind in ("local", "bwrap")}
        rows.append(
            (
                "full `tasks validate` (s)",
                f"{seconds['bwrap']:.0f} bwrap",
                f"{seconds['local']:.0f} local",
                seconds["bwrap"] / seconds["local"],
            )
        )
    print("\n| figure | measured | anchor | ratio |\n|---|---:|---:|---:|")
    for figure, measured, anchor, ratio in rows:
        print(f"| {figure} | {measured} | {anchor} | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
