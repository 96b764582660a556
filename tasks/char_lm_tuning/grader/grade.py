"""Grader for char_lm_tuning: bits per character of the submitted checkpoint on fresh source text.

The checkpoint is loaded on the host by the task's own model code (the workspace copy the agent can
edit is not used), with weights_only loading and the config bounds of model.py enforced; the text is
encoded by that model code's `encode`. Every model is scored on the same characters (those after the
first MAX_CONTEXT), and score 1 is the hidden source's own cross-entropy on them: the floor.
"""

import math
from pathlib import Path

import numpy as np

from tasks.grading import Grade, load_checkpoint, load_task_module

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "char_lm_generate")
model_code = load_task_module(TASK / "starter" / "model.py", "char_lm_model")
TEST_LENGTH = 30_000
MAX_CONTEXT = model_code.BOUNDS["context"][1]


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh text from the hidden source; nothing enters the sandbox (the checkpoint is graded here)."""
    directory.mkdir(parents=True)
    rng = np.random.default_rng([seed, scoring_seed, 3030])
    (directory / "test.txt").write_text(generate.sample_text(generate.source(seed), rng, TEST_LENGTH))


def source_bits(ids: np.ndarray, seed: int) -> float:
    """The source's own cross-entropy (bits per character) on ids[MAX_CONTEXT:]: what no model beats."""
    table, order = generate.source(seed), generate.ORDER
    states = tuple(ids[MAX_CONTEXT - order + k : len(ids) - order + k] for k in range(order))
    return float(-np.mean(np.log2(table[states + (ids[MAX_CONTEXT:],)])))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    import torch
    import torch.nn.functional as F

    model = load_checkpoint(model_code.load_checkpoint, outputs / "checkpoint.pt")
    ids = model_code.encode((hidden / "test" / "test.txt").read_text())
    x, y = model_code.windows(ids, model.context)
    start = MAX_CONTEXT - model.context  # the same scored characters whatever the context
    with torch.no_grad():
        bits = F.cross_entropy(model(x[start:]), y[start:]).item() / math.log(2)
    floor = source_bits(ids.numpy(), seed)
    return Grade(
        metric=bits,
        explanation=f"{bits:.4f} bits/char on {len(y) - start} fresh characters; the source itself scores {floor:.4f}",
        details={"source_bits": floor},
        best=floor,
    )
