"""Grader for tabular_churn: ROC AUC of the submitted predictor on customers drawn at scoring time."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, SubmissionError

_spec = importlib.util.spec_from_file_location(
    "tabular_churn_generate", Path(__file__).parents[1] / "generate.py"
)
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

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
    try:
        predictions = pd.read_csv(outputs / "predictions.csv")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise SubmissionError(f"predictions.csv is not a readable CSV: {error}") from error
    if "churn_probability" not in predictions.columns:
        raise SubmissionError(
            f"predictions.csv needs a 'churn_probability' column, has {list(predictions.columns)}"
        )
    if len(predictions) != len(labels):
        raise SubmissionError(f"predictions.csv has {len(predictions)} rows for {len(labels)} customers")
    scores = pd.to_numeric(predictions["churn_probability"], errors="coerce").to_numpy()
    if not np.isfinite(scores).all():
        raise SubmissionError("churn_probability has missing or non-numeric values")
    auc = roc_auc(labels, scores)
    return Grade(metric=auc, explanation=f"ROC AUC {auc:.4f} on {len(labels)} fresh customers")
