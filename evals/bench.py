"""`make bench`: every performance figure of the project in one table, each against its anchor
measured in the same run, with the machine it ran on.

    .venv/bin/python -m evals.bench                   # everything (the full validations take longest)
    .venv/bin/python -m evals.bench --quick           # without the full validations
    .venv/bin/python -m evals.bench --only embedded   # one section: reports, embedded, agent, harness

Sections: the report over synthetic logs against its target (evals/bench_logs.py); the embedded model
in the agent loop against llama.cpp's own speed and the shipped build against a native one
(evals/bench_embedded.py); research_agent's harness cost per step against bare react
(evals/bench_agent.py); sandbox command cost, scaffold start-up and full validations per sandbox (here).
Timings live here, never in `make test`.
"""

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from inspect_ai.model import ModelOutput, ModelUsage

from evals.bench_logs import bench_logs, layout_for
from evals.bwrap import BwrapConfig, BwrapSandbox, check_bwrap
from evals.sandboxes import ProjectLocalSandbox

COMMANDS = 200
REPORT_SAMPLES = 100_000
REPORT_TARGET_S = 60.0  # issue 13: the full report over 100,000 sample-epochs, on 2 cores...
REPORT_TARGET_GB = 4.0  # ...within 4 GB
REPORT_CORES = 2


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
        run_matrix(
            ["longley_ols"],
            [agent],
            model,
            Path(logs),
            epochs=samples,
            sandbox=sandbox,
            max_samples=1,
            display="none",
        )
        return (time.perf_counter() - started) / samples


def _validation_seconds(sandbox: str) -> float:
    from evals.validate import validate_tasks

    started = time.perf_counter()
    checks = validate_tasks(sandbox=sandbox)
    failed = [c.task for c in checks if not c.ok]
    if failed:
        print(f"  note: validation on {sandbox} failed for {failed}")
    return time.perf_counter() - started


_BUILD_REPORT = "import sys; from reports import build_report; build_report(sys.argv[1], sys.argv[2])"


def _pin_to_cores() -> None:
    """Run the report on REPORT_CORES cores even on a bigger machine, as the target is stated."""
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:REPORT_CORES])


def _tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and its descendants (the report's worker processes) right now."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:  # a worker that ended between the listing and the reading
            pass
    return total


def _report_cost(log_dir: Path) -> tuple[float, float, float]:
    """Wall seconds, peak memory (GB) and CPU seconds of a fresh process that runs
    `reports.build_report` on log_dir, imports included (a user pays for them too).

    Peak memory is the larger of the process tree's summed RSS sampled every 20 ms (the report's worker
    processes run beside it) and the kernel's peak RSS of any one process of the tree (wait4). CPU
    seconds (user + system, the workers included) do not grow when other work shares the cores, as
    wall time does: CPU / cores is what the wall time would be on idle cores, were the work spread evenly.
    """
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", _BUILD_REPORT, str(log_dir), out],
            preexec_fn=_pin_to_cores,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        process, peak = psutil.Process(child.pid), 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            try:
                peak = max(peak, _tree_rss(process))
            except psutil.NoSuchProcess:  # it ended between wait4 and the reading: wait4 reaps it next
                pass
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"build_report failed on {log_dir}:\n{errors.read()[-3000:]}")
    return seconds, max(peak, usage.ru_maxrss * 1024) / 1e9, usage.ru_utime + usage.ru_stime


def _report_rows(sample_epochs: int) -> list[tuple[str, str, str, float]]:
    """The full report over synthetic logs of about `sample_epochs` sample-epochs, against the target.

    The logs are generated once (minutes) and cached; see evals/bench_logs.py.
    """
    started = time.perf_counter()
    layout = layout_for(sample_epochs)
    log_dir = bench_logs(layout)
    ready = time.perf_counter() - started
    print(
        f"Report logs: {log_dir} ({layout.logs} logs, {layout.sample_epochs:,} sample-epochs, ready in {ready:.0f} s)"
    )
    print(f"Reports at {_commit()}; 1-min load average before the report: {os.getloadavg()[0]:.2f}")
    seconds, gigabytes, cpu = _report_cost(log_dir)
    after = os.getloadavg()[0]
    shared = f" (above {REPORT_CORES}: other work shared the cores)" if after > REPORT_CORES else ""
    print(f"1-min load average after it: {after:.2f}{shared}")
    per_thousand = seconds / layout.sample_epochs * 1000
    target_per_thousand = REPORT_TARGET_S / REPORT_SAMPLES * 1000
    what = (
        f"full report over {layout.sample_epochs:,} sample-epochs ({layout.logs} logs), {REPORT_CORES} cores"
    )
    return [
        (
            f"{what}: time (s)",
            f"{seconds:.1f}",
            f"{REPORT_TARGET_S:.0f} target ({REPORT_SAMPLES:,})",
            seconds / REPORT_TARGET_S,
        ),
        (
            f"{what}: peak memory (GB)",
            f"{gigabytes:.2f}",
            f"{REPORT_TARGET_GB:.0f} target ({REPORT_SAMPLES:,})",
            gigabytes / REPORT_TARGET_GB,
        ),
        (
            f"{what}: CPU time, all its processes (s)",
            f"{cpu:.1f}",
            f"{REPORT_TARGET_S * REPORT_CORES:.0f} (target x cores, {REPORT_SAMPLES:,})",
            cpu / (REPORT_TARGET_S * REPORT_CORES),
        ),
        (
            "report build time per 1,000 sample-epochs (s)",
            f"{per_thousand:.2f}",
            f"{target_per_thousand:.2f} target",
            per_thousand / target_per_thousand,
        ),
    ]


def _commit() -> str:
    """The checkout's commit, and whether the code it measures has uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "agent", "evals", "reports") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown commit") + dirty


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
    parser.add_argument(
        "--report-samples", type=int, default=REPORT_SAMPLES, help="sample-epochs in the report figure"
    )
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run these sections only")
    parser.add_argument(
        "--steps", type=int, nargs="+", default=[100, 400], help="agent section: trajectories"
    )
    args = parser.parse_args(argv)

    sections = args.only or SECTIONS
    print(f"Machine: {_machine()}")
    print(f"Commit: {_commit()}; 1-min load average at the start: {os.getloadavg()[0]:.2f}")
    rows: list[tuple[str, str, str, float]] = []
    if "embedded" in sections:
        from evals.bench_embedded import embedded_rows

        rows += embedded_rows()
    if "agent" in sections:
        from evals.bench_agent import agent_step_rows

        rows += agent_step_rows(steps=tuple(args.steps))
    if "harness" in sections:
        rows += _harness_rows(args)
    if "reports" in sections:
        rows += _report_rows(args.report_samples)
    print(f"\nMachine: {_machine()}; 1-min load average at the end: {os.getloadavg()[0]:.2f}")
    print("\n| figure | measured | anchor | ratio |\n|---|---:|---:|---:|")
    for figure, measured, anchor, ratio in rows:
        print(f"| {figure} | {measured} | {anchor} | {ratio:.2f}x |")


SECTIONS = ["embedded", "agent", "harness", "reports"]


def _harness_rows(args: argparse.Namespace) -> list[tuple[str, str, str, float]]:
    """Sandbox command cost, scaffold start-up and (unless --quick) the full validations."""
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
    return rows


if __name__ == "__main__":
    main()
