#!/usr/bin/env bash
# The run_experiment tool's helper on a machine with a GPU (it needs only python3 with torch):
# GPU detection, JSON-line metrics, the lab notebook, and the memory limit around a CUDA process.
# Run from the repository root; writes experiments.jsonl and the tool's messages to $OUT (or /tmp).
set -euo pipefail
out=${OUT:-/tmp}
helper=$PWD/agent/tools/helpers/experiment.py
work=$(mktemp -d)
cp tests/gpu/train_tiny.py "$work/"
cd "$work"
run() { python3 - "$1" < "$helper" | tee -a "$out/messages.txt"; echo | tee -a "$out/messages.txt"; }
common='"notebook": "experiments.jsonl", "tail_lines": 3, "time_limit": 300'
run '{"action": "run", "command": "python3 train_tiny.py cuda", "name": "cuda", "memory_mb": 0, '"$common"'}'
run '{"action": "run", "command": "python3 train_tiny.py cpu", "name": "cpu", "memory_mb": 0, '"$common"'}'
run '{"action": "run", "command": "python3 train_tiny.py cuda", "name": "cuda-capped", "memory_mb": 300, '"$common"'}'
run '{"action": "compare", "notebook": "experiments.jsonl", "last": 10, "metric": "seconds_per_epoch", "lower_is_better": true}'
cp experiments.jsonl "$out/"
