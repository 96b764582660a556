"""Grader for digits_classifier: accuracy of the submitted predictor on digits drawn at scoring time.

The test images come from generate.py's digit renderer under its DEPLOYMENT conditions (as the
workspace's DATA.md states them), from a seed drawn after the agent has finished; no file holds them
before then. Labels are noise-free and every digit stays legible, so the best achievable accuracy
is 1.0 (task.yaml's reference).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, load_task_module, read_predictions

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "digits_classifier_generate")

TEST_SIZE = 2000


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh deployment images into directory/inputs/images.csv, their labels into directory/labels.csv."""
    test = generate.digits(np.random.default_rng([seed, scoring_seed, 17]), TEST_SIZE, generate.DEPLOYMENT)
    (directory / "inputs").mkdir(parents=True)
    test[generate.PIXELS].to_csv(directory / "inputs" / "images.csv", index=False)
    test[["label"]].to_csv(directory / "labels.csv", index=False)


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    """Accuracy of outputs/predictions.csv against the test labels."""
    truth = pd.read_csv(hidden / "test" / "labels.csv")["label"].to_numpy()
    predicted = read_predictions(outputs / "predictions.csv", "label", len(truth), "images")
    accuracy = float(np.mean(predicted == truth))
    return Grade(
        metric=accuracy, explanation=f"accuracy {accuracy:.4f} on {len(truth)} fresh deployment images"
    )
