"""Grader for char_lm_scaling_gpu: bits per character of the submitted checkpoint on fresh text.

The checkpoint is loaded on the host (CPU is enough to score it) by the task's own model code, with
weights_only loading and the config bounds of model.py enforced. Every model is scored on the same
characters (those after the first MAX_CONTEXT of each fresh stream), and score 1 is the hidden
teacher's own cross-entropy on them: the floor.
"""

import math
from pathlib import Path

from tasks.grading import Grade, load_checkpoint, load_task_module

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "char_lm_scaling_gpu_generate")
model_code = load_task_module(TASK / "starter" / "model.py", "char_lm_scaling_gpu_model")
MAX_CONTEXT = model_code.BOUNDS["context"][1]
TEST_STREAMS, SCORED_PER_STREAM = 200, 200


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh streams from the hidden teacher; nothing enters the sandbox (the checkpoint is graded here)."""
    directory.mkdir(parents=True)
    ids = generate.sample_streams(seed, TEST_STREAMS, MAX_CONTEXT + SCORED_PER_STREAM, scoring_seed)
    (directory / "test.txt").write_text(generate.to_text(ids))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    import torch
    import torch.nn.functional as F

    model = load_checkpoint(model_code.load_checkpoint, outputs / "checkpoint.pt")
    ids = model_code.encode((hidden / "test" / "test.txt").read_text())
    x, y = model_code.windows(ids, model.context, first=MAX_CONTEXT)
    with torch.no_grad():
        bits = sum(
            F.cross_entropy(model(x[i : i + 8192]), y[i : i + 8192], reduction="sum").item()
            for i in range(0, len(y), 8192)
        ) / (len(y) * math.log(2))
    floor = generate.teacher_bits(seed, ids, MAX_CONTEXT)
    return Grade(
        metric=bits,
        explanation=f"{bits:.4f} bits/char on {len(y)} fresh characters; the hidden source itself scores {floor:.4f}",
        details={"source_bits": floor},
        best=floor,
    )
