"""Grader for char_lm_tuning: bits per character of the submitted checkpoint on fresh source text.

The checkpoint is loaded on the host by the task's own model code (the workspace copy the agent can
edit is not used), with weights_only loading and the config bounds of model.py enforced.
"""

import json
import math
from pathlib import Path

import numpy as np

from tasks.grading import Grade, load_checkpoint, load_task_module

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "char_lm_generate")
model_code = load_task_module(TASK / "starter" / "model.py", "char_lm_model")
TEST_LENGTH = 30_000


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh text from the hidden source; nothing enters the sandbox (the checkpoint is graded here)."""
    directory.mkdir(parents=True)
    rng = np.random.default_rng([seed, scoring_seed, 3030])
    (directory / "test.txt").write_text(generate.sample_text(generate.source(seed), rng, TEST_LENGTH))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    import torch
    import torch.nn.functional as F

    model = load_checkpoint(model_code.load_checkpoint, outputs / "checkpoint.pt")
    text = (hidden / "test" / "test.txt").read_text()
    x, y = model_code.windows(model_code.encode(text), model.context)
    with torch.no_grad():
        bits = F.cross_entropy(model(x), y).item() / math.log(2)
    floor = json.loads((hidden / "truth.json").read_text())["entropy_rate_bits"]
    return Grade(
        metric=bits,
        explanation=f"{bits:.4f} bits/char on {len(y)} fresh characters; the source's entropy rate is {floor:.4f}",
        details={"entropy_rate_bits": floor},
    )
