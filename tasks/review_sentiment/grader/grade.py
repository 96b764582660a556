"""Grader for review_sentiment: accuracy of the submitted predictor on reviews drawn at scoring time."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, SubmissionError

_spec = importlib.util.spec_from_file_location(
    "review_sentiment_generate", Path(__file__).parents[1] / "generate.py"
)
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

TEST_SIZE = 3000


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh reviews from the hidden grammar: texts into inputs/, labels kept beside them."""
    test = generate.reviews(np.random.default_rng([seed, scoring_seed, 888]), TEST_SIZE)
    (directory / "inputs").mkdir(parents=True)
    test[["text"]].to_csv(directory / "inputs" / "reviews.csv", index=False)
    test[["label"]].to_csv(directory / "labels.csv", index=False)


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = pd.read_csv(hidden / "test" / "labels.csv")["label"].to_numpy()
    try:
        predictions = pd.read_csv(outputs / "predictions.csv")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise SubmissionError(f"predictions.csv is not a readable CSV: {error}") from error
    if "label" not in predictions.columns:
        raise SubmissionError(f"predictions.csv needs a 'label' column, has {list(predictions.columns)}")
    if len(predictions) != len(truth):
        raise SubmissionError(f"predictions.csv has {len(predictions)} rows for {len(truth)} reviews")
    accuracy = float(np.mean(pd.to_numeric(predictions["label"], errors="coerce").to_numpy() == truth))
    return Grade(metric=accuracy, explanation=f"accuracy {accuracy:.4f} on {len(truth)} fresh reviews")
