"""Sandbox helper for the experiment tools: run a command under a time and memory budget and keep a
lab notebook (`experiments.jsonl`), or list and compare the runs in it.

Run as `python3 - ARGS_JSON`; prints a message for the model. Standard library only (Linux /proc for
memory). The command runs in its own process group, so a timeout or memory stop ends every process it
started. Every line of output that is a JSON object with numbers is a metrics record; the last value of
each metric is the run's result.
"""

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
POLL_S = 0.2
GPU_POLL_S = 1.0  # nvidia-smi takes tens of milliseconds: ask it less often


def gpus():
    """'name, total MiB' per GPU from nvidia-smi, or [] without one."""
    if not shutil.which("nvidia-smi"):
        return []
    try:
        result = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


def gpu_memory_used_mb():
    """Memory in use on all GPUs together (MiB), or None without nvidia-smi. Device-wide, because a
    sandbox's process ids need not match the ones nvidia-smi sees."""
    try:
        result = subprocess.run(
            ["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return sum(float(line) for line in result.stdout.split())
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None


def group_rss_mb(group):
    """Resident memory of every process in the process group, in MB (0 where /proc is missing)."""
    total = 0
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:  # field 5 of stat, the process group id
                with open(f"/proc/{entry}/statm") as handle:
                    total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return total / 1e6


def metrics_of(line):
    line = line.strip()
    if not (line.startswith("{") and line.endswith("}")):
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    numbers = {k: v for k, v in record.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return numbers or None


def read_notebook(path):
    runs, bad = [], 0
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    continue
                try:
                    runs.append(json.loads(line))
                except ValueError:
                    bad += 1
    return runs, bad


def fmt_metrics(metrics, limit=8):
    items = list(metrics.items())
    text = ", ".join(f"{k}={v:.4g}" for k, v in items[:limit])
    return text + (f", ... {len(items) - limit} more" if len(items) > limit else "") if items else "none"


def run(args):
    command, notebook = args["command"], args["notebook"]
    time_limit, memory_mb = args["time_limit"], args["memory_mb"]
    devices = gpus()
    started, clock = datetime.datetime.now(datetime.UTC), time.monotonic()
    process = subprocess.Popen(
        ["bash", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    tail, metrics, metric_lines = deque(maxlen=200), {}, [0]

    def read_output():
        for raw in process.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            tail.append(line)
            found = metrics_of(line)
            if found:
                metrics.update(found)
                metric_lines[0] += 1

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    status, peak = "finished", 0.0
    gpu_start = gpu_memory_used_mb() if devices else None
    gpu_peak, gpu_checked = 0.0, 0.0
    while process.poll() is None:
        if gpu_start is not None and time.monotonic() - gpu_checked >= GPU_POLL_S:
            gpu_checked = time.monotonic()
            gpu_peak = max(gpu_peak, (gpu_memory_used_mb() or gpu_start) - gpu_start)
        elapsed = time.monotonic() - clock
        rss = group_rss_mb(process.pid)
        peak = max(peak, rss)
        if elapsed > time_limit:
            status = f"stopped: over its time limit of {time_limit} s"
        elif memory_mb and rss > memory_mb:
            status = f"stopped: over its memory limit of {memory_mb} MB ({rss:.0f} MB in use)"
        if status != "finished":
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            break
        time.sleep(POLL_S)
    reader.join(timeout=5)
    seconds = time.monotonic() - clock
    code = process.returncode
    if status == "finished" and code != 0:
        status = f"crashed (exit code {code})"

    runs, _ = read_notebook(notebook)
    record = {
        "run": len(runs) + 1,
        "name": args["name"] or f"run-{len(runs) + 1}",
        "command": command,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "status": status,
        "exit_code": code,
        "peak_memory_mb": round(peak, 1),
        "gpus": devices,
        "peak_gpu_memory_mb": None if gpu_start is None else round(gpu_peak, 1),
        "metrics": metrics,
        "metric_lines": metric_lines[0],
        "output_tail": list(tail)[-20:],
    }
    with open(notebook, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")

    lines = list(tail)[-args["tail_lines"] :]
    return "\n".join(
        [
            f"Run {record['run']} ({record['name']}): {status} after {seconds:.1f} s, peak memory {peak:.0f} MB, "
            f"{'GPU available: ' + '; '.join(devices) if devices else 'no GPU (CPU only)'}"
            + (
                ""
                if gpu_start is None
                else f", peak GPU memory {gpu_peak:.0f} MiB (device-wide, above the start)"
            )
            + ".",
            f"Metrics ({metric_lines[0]} JSON line(s)): {fmt_metrics(metrics)}",
            f"Recorded in {notebook}.",
            f"Output (last {len(lines)} lines):" if lines else "No output.",
            *lines,
        ]
    )


def compare(args):
    runs, bad = read_notebook(args["notebook"])
    note = f"({bad} unreadable line(s) in {args['notebook']} skipped)" if bad else ""
    if not runs:
        return f"No experiments recorded yet in {args['notebook']}. {note}".strip()
    wanted = [int(r) for r in str(args.get("runs", "")).replace(",", " ").split() if r.isdigit()]
    chosen = [r for r in runs if r.get("run") in wanted] if wanted else runs[-args["last"] :]
    metric = args.get("metric", "")
    if metric:
        with_metric = [r for r in chosen if metric in r.get("metrics", {})]
        if not with_metric:
            names = sorted({k for r in runs for k in r.get("metrics", {})})
            return f"No run reports {metric!r}. Metrics recorded: {', '.join(names) or 'none'}."
        chosen = sorted(with_metric, key=lambda r: r["metrics"][metric], reverse=not args["lower_is_better"])
    out = [
        f"{len(runs)} run(s) recorded; showing {len(chosen)}"
        + (f", best {metric} first" if metric else "")
        + f". {note}".rstrip(". ")
    ]
    for r in chosen:
        out.append(
            f"run {r.get('run')} {r.get('name', '')}: {r.get('status', '?')}, {r.get('seconds', '?')} s, "
            f"{fmt_metrics(r.get('metrics', {}))}\n    $ {str(r.get('command', ''))[:150]}"
        )
    return "\n".join(out)


def main():
    args = json.loads(sys.argv[1])
    print(run(args) if args["action"] == "run" else compare(args))


main()
