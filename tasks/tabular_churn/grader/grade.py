"""Grader for tabular_churn: ROC AUC of the submitted predictor on customers drawn at scoring time."""

from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, SubmissionError, load_task_module, read_predictions

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "tabular_churn_generate")

TEST_SIZE = 4000


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh customers from the hidden process: features into inputs/, labels kept beside them."""
    test = generate.customers(np.random.default_rng([seed, scoring_seed, 505]), TEST_SIZE)
    (directory / "inputs").mkdir(parents=True)
    test.drop(columns="churned").to_csv(directory / "inputs" / "customers.csv", index=False)
    test[["churned"]].to_csv(directory / "labels.csv", index=False)


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney form, ties counted half)."""
    ranks = pd.Series(scores).rank().to_numpy()
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    labels = pd.read_csv(hidden / "test" / "labels.csv")["churned"].to_numpy()
    scores = read_predictions(outputs / "predictions.csv", "churn_probability", len(labels), "customers")
    if not np.isfinite(scores).all():
        raise SubmissionError("churn_probability has missing or non-numeric values")
    auc = roc_auc(labels, scores)
    return Grade(metric=auc, explanation=f"ROC AUC {auc:.4f} on {len(labels)} fresh customers")
