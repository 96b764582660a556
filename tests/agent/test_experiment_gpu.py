"""The experiment helper's GPU path, on a machine without a GPU: a stand-in `nvidia-smi` on PATH
answers the two queries the helper makes (the GPUs, and memory in use, which grows while the run
goes on). The same helper ran on an H200 with tests/gpu/check_run_experiment.sh."""

import json
import os
import subprocess
import sys
from pathlib import Path

HELPER = Path(__file__).parents[2] / "agent" / "tools" / "helpers" / "experiment.py"

FAKE_NVIDIA_SMI = """#!/usr/bin/env bash
case "$*" in
  *name,memory.total*) echo "Fake GPU 80GB, 81559 MiB" ;;
  *memory.used*) n=$(cat "$0.count" 2>/dev/null || echo 0); echo $((n + 1)) > "$0.count"; echo $((1000 + n * 250)) ;;
esac
"""


def test_gpus_and_their_memory_are_reported_and_recorded(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "nvidia-smi"
    fake.write_text(FAKE_NVIDIA_SMI)
    fake.chmod(0o755)
    args = {
        "action": "run",
        "command": "sleep 2.5; echo '{\"loss\": 0.5}'",
        "name": "gpu",
        "time_limit": 30,
        "memory_mb": 0,
        "notebook": "experiments.jsonl",
        "tail_lines": 5,
    }
    result = subprocess.run(
        [sys.executable, "-", json.dumps(args)],
        input=HELPER.read_text(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert "GPU available: Fake GPU 80GB, 81559 MiB, peak GPU memory" in first
    [record] = [json.loads(line) for line in (tmp_path / "experiments.jsonl").read_text().splitlines()]
    assert record["gpus"] == ["Fake GPU 80GB, 81559 MiB"] and record["metrics"] == {"loss": 0.5}
    assert record["peak_gpu_memory_mb"] >= 500  # sampled about once a second, 250 MiB more each time
