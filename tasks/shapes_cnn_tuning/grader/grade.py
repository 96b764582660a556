"""Grader for shapes_cnn_tuning: accuracy of the submitted checkpoint on images drawn at scoring time.

The checkpoint is loaded on the host by the task's own model code (the workspace copy the agent can
edit is not used), with weights_only loading and the config bounds of model.py enforced.
"""

from pathlib import Path

import numpy as np

from tasks.grading import Grade, load_checkpoint, load_task_module

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "shapes_generate")
model_code = load_task_module(TASK / "starter" / "model.py", "shapes_model")
TEST_SIZE = 3000


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh images; nothing enters the sandbox (the checkpoint is graded here)."""
    directory.mkdir(parents=True)
    x, y = generate.images(np.random.default_rng([seed, scoring_seed, 1414]), TEST_SIZE)
    np.savez(directory / "test.npz", images=x, labels=y)


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    import torch

    model = load_checkpoint(model_code.load_checkpoint, outputs / "checkpoint.pt")
    test = np.load(hidden / "test" / "test.npz")
    with torch.no_grad():
        predicted = model(torch.tensor(test["images"])).argmax(1).numpy()
    accuracy = float(np.mean(predicted == test["labels"]))
    return Grade(metric=accuracy, explanation=f"accuracy {accuracy:.4f} on {TEST_SIZE} fresh images")
