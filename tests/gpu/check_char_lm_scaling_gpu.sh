#!/usr/bin/env bash
# The gpu-tier task's oracle on a machine with a GPU, standalone: that machine's Python needs torch
# (with CUDA) and numpy, not inspect-ai. Builds instance seed ${SEED:-0}, runs the reference solution
# from a copy of its workspace, grades the checkpoint with the task's own grader on a fresh draw, and
# prints the oracle's wall-clock seconds, peak GPU memory and score. Run from the repository root;
# writes result.json to $OUT (or /tmp).
set -euo pipefail
out=${OUT:-/tmp}
seed=${SEED:-0}
task=$PWD/tasks/char_lm_scaling_gpu
work=$(mktemp -d)
export PYTHONPATH=$PWD
python3 - "$task" "$seed" "$work" <<'PY'
import sys, time
from pathlib import Path
from tasks.grading import load_task_module
task, seed, work = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
(work / "workspace").mkdir(); (work / "hidden").mkdir()
started = time.time()
load_task_module(task / "generate.py", "generate").build(seed, work / "workspace", work / "hidden")
print(f"instance {seed} built in {time.time() - started:.1f} s")
PY
cp -r "$task/solution" "$work/workspace/.oracle"
cd "$work/workspace"
python3 - <<'PY' | tee "$work/oracle.txt"
import json, runpy, time, torch
assert torch.cuda.is_available(), "no CUDA device visible to torch"
started = time.time()
runpy.run_path(".oracle/solve.py", run_name="__main__")
torch.cuda.synchronize()
print(json.dumps({"oracle_seconds": round(time.time() - started, 1),
                  "peak_gpu_memory_gib": round(torch.cuda.max_memory_allocated() / 2**30, 3),
                  "device": torch.cuda.get_device_name()}))
PY
cd - >/dev/null
python3 - "$task" "$seed" "$work" "$out" <<'PY'
import json, secrets, sys
from pathlib import Path
from tasks.grading import load_task_module
task, seed, work, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
grader = load_task_module(task / "grader" / "grade.py", "grader")
grader.make_test_set(work / "hidden", seed, secrets.randbelow(2**31), work / "hidden" / "test")
grade = grader.grade(work / "workspace", work / "hidden", seed)
oracle = json.loads((work / "oracle.txt").read_text().strip().splitlines()[-1])
import re
threshold = float(re.search(r"success_threshold: ([0-9.]+)", (task / "task.yaml").read_text())[1])
result = {**oracle, "bits_per_char": grade.metric, "floor": grade.best, "success": grade.metric <= threshold}
print(json.dumps(result))
(out / "result.json").write_text(json.dumps(result, indent=2))
PY
