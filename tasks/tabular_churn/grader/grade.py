"""Grader for tabular_churn: ROC AUC of the submitted predictor on customers drawn at scoring time.

Score 1 is the AUC of the true churn probabilities on the same customers (the Bayes-optimal ranking).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, SubmissionError, load_task_module, read_predictions

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "tabular_churn_generate")

TEST_SIZE = 20_000


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh customers read on the first day of a quarter: features into inputs/, labels and true
    probabilities kept beside them."""
    rng = np.random.default_rng([seed, scoring_seed, 505])
    test = generate.customers(rng, TEST_SIZE, extracted_after_outcome=False)
    (directory / "inputs").mkdir(parents=True)
    test.drop(columns=["churned", "p_churn"]).to_csv(directory / "inputs" / "customers.csv", index=False)
    test[["churned", "p_churn"]].to_csv(directory / "labels.csv", index=False)


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney form, ties counted half)."""
    ranks = pd.Series(scores).rank().to_numpy()
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = pd.read_csv(hidden / "test" / "labels.csv")
    labels = truth["churned"].to_numpy()
    scores = read_predictions(outputs / "predictions.csv", "churn_probability", len(labels), "customers")
    if not np.isfinite(scores).all():
        raise SubmissionError("churn_probability has missing or non-numeric values")
    auc = roc_auc(labels, scores)
    best = roc_auc(labels, truth["p_churn"].to_numpy())
    return Grade(
        metric=auc,
        explanation=f"ROC AUC {auc:.4f} on {len(labels)} fresh customers (true probabilities: {best:.4f})",
        best=best,
    )
