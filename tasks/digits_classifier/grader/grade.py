"""Grader for digits_classifier: accuracy of the submitted predictor on held-out images.

The 597 held-out images live only here. At scoring time each pixel is nudged by +-1 grey level with
probability 0.2 (seeded by the scoring seed), so a predictor that looks images up instead of
classifying them gains nothing.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, read_predictions

PIXELS = [f"p{i}" for i in range(64)]


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Write noisy test images to directory/inputs/images.csv and their labels to directory/labels.csv."""
    test = pd.read_csv(hidden / "test.csv")
    rng = np.random.default_rng(scoring_seed)
    images = test[PIXELS].to_numpy()
    nudged = rng.random(images.shape) < 0.2
    images = np.clip(images + nudged * rng.choice([-1, 1], size=images.shape), 0, 16)
    (directory / "inputs").mkdir(parents=True)
    pd.DataFrame(images, columns=PIXELS).to_csv(directory / "inputs" / "images.csv", index=False)
    test[["label"]].to_csv(directory / "labels.csv", index=False)


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    """Accuracy of outputs/predictions.csv against the held-out labels."""
    truth = pd.read_csv(hidden / "test" / "labels.csv")["label"].to_numpy()
    predicted = read_predictions(outputs / "predictions.csv", "label", len(truth), "images")
    accuracy = float(np.mean(predicted == truth))
    return Grade(metric=accuracy, explanation=f"accuracy {accuracy:.4f} on {len(truth)} held-out images")
