"""Grader for review_sentiment: accuracy of the submitted predictor on reviews drawn at scoring time.

Score 1 is the accuracy of the Bayes-optimal labels (the grammar's true probabilities) on the same
reviews: about 0.93, below 1 because of label noise and evenly weighed "and" reviews.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, load_task_module, read_predictions

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "review_sentiment_generate")

TEST_SIZE = 10_000


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh reviews from the hidden grammar: texts into inputs/, labels and true probabilities kept
    beside them."""
    test = generate.reviews(np.random.default_rng([seed, scoring_seed, 888]), TEST_SIZE)
    (directory / "inputs").mkdir(parents=True)
    test[["text"]].to_csv(directory / "inputs" / "reviews.csv", index=False)
    test[["label", "p_positive"]].to_csv(directory / "labels.csv", index=False)


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = pd.read_csv(hidden / "test" / "labels.csv")
    labels = truth["label"].to_numpy()
    predicted = read_predictions(outputs / "predictions.csv", "label", len(labels), "reviews")
    accuracy = float(np.mean(predicted == labels))
    best = float(np.mean((truth["p_positive"].to_numpy() > 0.5) == labels))
    return Grade(
        metric=accuracy,
        explanation=f"accuracy {accuracy:.4f} on {len(labels)} fresh reviews (Bayes-optimal labels: {best:.4f})",
        best=best,
    )
