"""Sandbox helper for the experiment tools: run a command under a time and memory budget, in the
foreground or in the background (start, check, stop), keep a lab notebook (`experiments.jsonl`),
and list and compare the runs in it.

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

# The run's time limit counts from here: what the helper does first (asking nvidia-smi about GPUs
# can take seconds) comes out of the run's time, not out of the caller's margin.
HELPER_STARTED = time.monotonic()
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
    """The numbers of a JSON-object line of output (a metrics record), or None."""
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
    """(runs, unreadable line count) of the lab notebook; no file is no runs."""
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


# One folder per run: output.log (all of it), status.json (while it runs and after), stop (a request).
RUNS_DIR = ".experiments"
STATUS_EVERY_S = 1.0


def allocate(notebook):
    """The next run number, reserved by creating its folder (numbers are unique even while runs
    started in the background have not reached the notebook)."""
    runs, _ = read_notebook(notebook)
    os.makedirs(RUNS_DIR, exist_ok=True)
    taken = [r["run"] for r in runs if isinstance(r.get("run"), int)]
    taken += [int(d) for d in os.listdir(RUNS_DIR) if d.isdigit()]
    number = max(taken, default=0) + 1
    while True:
        try:
            os.mkdir(os.path.join(RUNS_DIR, str(number)))
            return number
        except FileExistsError:
            number += 1


def write_status(folder, status):
    """Replace a run's status.json at once (readers never see half a file)."""
    temporary = os.path.join(folder, "status.json.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(status, handle)
    os.replace(temporary, os.path.join(folder, "status.json"))  # readers never see half a file


def read_status(number):
    """A run's status.json, or None when it has none (yet) or it cannot be read."""
    try:
        with open(os.path.join(RUNS_DIR, str(number), "status.json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):  # not written yet, or a run folder someone else made
        return None


def supervise(args, number):
    """Run the command under its limits, keeping output.log and status.json up to date; append the
    finished run to the notebook; return its record."""
    command, notebook = args["command"], args["notebook"]
    time_limit, memory_mb = args["time_limit"], args["memory_mb"]
    folder = os.path.join(RUNS_DIR, str(number))
    name = args["name"] or f"run-{number}"
    devices = gpus()
    started, clock = datetime.datetime.now(datetime.UTC), time.monotonic()
    log = open(os.path.join(folder, "output.log"), "w", encoding="utf-8")
    process = subprocess.Popen(
        ["bash", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    # The `local` sandbox ends, at the sample's end, the process groups listed in this file.
    if os.environ.get("OPENINTERN_SESSIONS"):
        with open(os.environ["OPENINTERN_SESSIONS"], "a") as handle:
            handle.write(f"{process.pid}\n")
    tail, metrics, metric_lines = deque(maxlen=200), {}, [0]

    def read_output():
        for raw in process.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            tail.append(line)
            log.write(line + "\n")
            log.flush()
            found = metrics_of(line)
            if found:
                metrics.update(found)
                metric_lines[0] += 1

    def status(state, seconds, peak, **extra):
        return {
            "run": number,
            "name": name,
            "command": command,
            "group": process.pid,
            "supervisor": os.getpid(),
            "started": started.isoformat(timespec="seconds"),
            "state": state,
            "seconds": round(seconds, 1),
            "time_limit": time_limit,
            "peak_memory_mb": round(peak, 1),
            "metrics": dict(metrics),
            "metric_lines": metric_lines[0],
            "tail": list(tail)[-30:],
            **extra,
        }

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    write_status(folder, status("running", 0.0, 0.0))
    state, peak, reported = "finished", 0.0, 0.0
    gpu_start = gpu_memory_used_mb() if devices else None
    gpu_peak, gpu_checked = 0.0, 0.0
    while process.poll() is None:
        if gpu_start is not None and time.monotonic() - gpu_checked >= GPU_POLL_S:
            gpu_checked = time.monotonic()
            gpu_peak = max(gpu_peak, (gpu_memory_used_mb() or gpu_start) - gpu_start)
        elapsed = time.monotonic() - clock
        rss = group_rss_mb(process.pid)
        peak = max(peak, rss)
        if time.monotonic() - HELPER_STARTED > time_limit:
            state = f"stopped: over its time limit of {time_limit} s"
        elif memory_mb and rss > memory_mb:
            state = f"stopped: over its memory limit of {memory_mb} MB ({rss:.0f} MB in use)"
        elif os.path.exists(os.path.join(folder, "stop")):
            state = stop_reason(folder)
        if state != "finished":
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            break
        if elapsed - reported >= STATUS_EVERY_S:
            reported = elapsed
            write_status(folder, status("running", elapsed, peak))
        time.sleep(POLL_S)
    reader.join(timeout=5)
    log.close()
    seconds = time.monotonic() - clock
    code = process.returncode
    if state == "finished" and code != 0:
        state = f"crashed (exit code {code})"

    record = {
        "run": number,
        "name": name,
        "command": command,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "status": state,
        "exit_code": code,
        "peak_memory_mb": round(peak, 1),
        "gpus": devices,
        "peak_gpu_memory_mb": None if gpu_start is None else round(gpu_peak, 1),
        "metrics": metrics,
        "metric_lines": metric_lines[0],
        "output_tail": list(tail)[-20:],
    }
    finish(folder, notebook, record, status("done", seconds, peak, record=record))
    return record, list(tail)


def request_stop(number, why=""):
    """Ask a run's supervisor to stop it (a `stop` file, holding the reason)."""
    with open(os.path.join(RUNS_DIR, str(number), "stop"), "w", encoding="utf-8") as handle:
        handle.write(why)


def stop_reason(folder):
    """The state of a run stopped through its `stop` file."""
    try:
        with open(os.path.join(folder, "stop"), encoding="utf-8") as handle:
            why = handle.read().strip()
    except OSError:  # removed between the check and the read: a plain request
        why = ""
    return f"stopped: {why}" if why else "stopped on request"


def finish(folder, notebook, record, final_status):
    """Append a finished run to the notebook and mark its folder done."""
    with open(notebook, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    write_status(folder, final_status)


def alive(pid):
    """Whether a process (a run's supervisor) still exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def end_orphan(number, status, notebook, why):
    """A run whose supervisor is gone (its tool call was cancelled): kill its process group and
    record it as stopped, with what its status last held."""
    try:
        os.killpg(status["group"], signal.SIGKILL)
    except (ProcessLookupError, PermissionError, KeyError):  # already gone
        pass
    record = {
        key: status.get(key) for key in ("run", "name", "command", "started", "seconds", "peak_memory_mb")
    }
    record.update(
        status=f"stopped: {why}",
        exit_code=None,
        metrics=status.get("metrics", {}),
        metric_lines=status.get("metric_lines", 0),
        output_tail=status.get("tail", [])[-20:],
    )
    finish(os.path.join(RUNS_DIR, str(number)), notebook, record, dict(status, state="done", record=record))
    return record


def describe(record, lines, notebook):
    """The message for a finished run: status, resources, metrics, the end of its output."""
    devices, gpu_peak = record.get("gpus") or [], record.get("peak_gpu_memory_mb")
    return "\n".join(
        [
            f"Run {record['run']} ({record['name']}): {record['status']} after {record['seconds'] or 0:.1f} s, "
            f"peak memory {record['peak_memory_mb'] or 0:.0f} MB, "
            f"{'GPU available: ' + '; '.join(devices) if devices else 'no GPU (CPU only)'}"
            + (
                ""
                if gpu_peak is None
                else f", peak GPU memory {gpu_peak:.0f} MiB (device-wide, above the start)"
            )
            + ".",
            f"Metrics ({record['metric_lines']} JSON line(s)): {fmt_metrics(record['metrics'])}",
            f"Recorded in {notebook}; full output in {RUNS_DIR}/{record['run']}/output.log.",
            f"Output (last {len(lines)} lines):" if lines else "No output.",
            *lines,
        ]
    )


def run(args):
    """A run in the foreground: start it, wait for it, describe it."""
    number = allocate(args["notebook"])
    record, tail = supervise(args, number)
    return describe(record, tail[-args["tail_lines"] :], args["notebook"])


def start(args):
    """Start the run in the background: a child process supervises it while this helper returns."""
    number = allocate(args["notebook"])
    folder = os.path.join(RUNS_DIR, str(number))
    write_status(folder, {"run": number, "name": args["name"] or f"run-{number}", "state": "starting"})
    sys.stdout.flush()
    if os.fork() == 0:  # the supervisor: detached from the tool call's output, same process group
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        try:
            supervise(args, number)
        except Exception as error:  # noqa: BLE001  nobody reads this process's output: the status file says it
            write_status(folder, {"run": number, "name": args["name"], "state": f"failed: {error!r}"})
        finally:
            os._exit(0)
    time.sleep(1.0)  # a command that fails at once is reported now, not at the first check
    status = read_status(number) or {}
    if status.get("state") == "done":
        return describe(status["record"], status.get("tail", [])[-args["tail_lines"] :], args["notebook"])
    return (
        f"Run {number} ({args['name'] or f'run-{number}'}) started in the background, time limit "
        f"{args['time_limit']} s; its output goes to {RUNS_DIR}/{number}/output.log. Check it with "
        f"check_experiment(run={number}) (output and metrics so far; wait=SECONDS waits for it to end) "
        f"or stop it with check_experiment(run={number}, stop=True). It is recorded in "
        f"{args['notebook']} when it ends."
    )


def running_runs():
    """Numbers of the runs still starting or running."""
    if not os.path.isdir(RUNS_DIR):
        return []
    numbers = sorted(int(d) for d in os.listdir(RUNS_DIR) if d.isdigit())
    return [n for n in numbers if (read_status(n) or {}).get("state") in ("starting", "running")]


def check(args):
    """Status of a background run (waiting for it, or stopping it, if asked); every running one
    when no run is given."""
    number = args["run"]
    if not number:
        active = running_runs()
        if not active:
            return "No run is going on in the background. list_experiments shows the finished ones."
        return "\n\n".join(check(dict(args, run=n, wait=0, stop=False)) for n in active)
    if read_status(number) is None:
        return f"There is no run {number} in {RUNS_DIR}/. Running now: {running_runs() or 'none'}."
    status = read_status(number)
    if status.get("state") == "running" and not alive(status.get("supervisor", 0)):
        record = end_orphan(number, status, args["notebook"], "its supervisor had ended")
        return describe(record, record["output_tail"][-args["tail_lines"] :], args["notebook"])
    if args["stop"]:
        request_stop(number)
    deadline = time.monotonic() + (15 if args["stop"] else args["wait"])
    while status.get("state") != "done" and time.monotonic() < deadline:
        time.sleep(POLL_S)
        status = read_status(number) or status
    if status.get("state") == "done":
        return describe(status["record"], status.get("tail", [])[-args["tail_lines"] :], args["notebook"])
    lines = status.get("tail", [])[-args["tail_lines"] :]
    return "\n".join(
        [
            f"Run {number} ({status.get('name')}): {status.get('state')} for {status.get('seconds', 0):.0f} s "
            f"of its {status.get('time_limit', '?')} s limit, peak memory {status.get('peak_memory_mb', 0):.0f} MB.",
            f"Metrics so far ({status.get('metric_lines', 0)} JSON line(s)): {fmt_metrics(status.get('metrics', {}))}",
            f"Output so far (last {len(lines)} lines):" if lines else "No output yet.",
            *lines,
        ]
    )


def compare(args):
    """List the notebook's runs: the latest, chosen ones, or ranked by a metric."""
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
    actions = {"run": run, "start": start, "check": check, "compare": compare}
    print(actions[args["action"]](args))


main()
