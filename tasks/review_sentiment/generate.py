"""Instance generator for review_sentiment: product reviews from a hidden stochastic grammar.

A review is one or two clauses about product aspects. Sentiment words carry polarity, negation
flips it ("not great"), intensifiers scale it, and in "X, but Y" the clause after "but" decides.
The label is the sign of the resulting score, with 5% label noise (annotators disagree).
"""

from pathlib import Path

import numpy as np
import pandas as pd

ASPECTS = ["battery", "screen", "price", "delivery", "sound", "build", "camera", "support", "fit", "manual"]
POSITIVE = [
    "great",
    "excellent",
    "good",
    "solid",
    "lovely",
    "reliable",
    "fantastic",
    "decent",
    "sturdy",
    "sharp",
]
NEGATIVE = ["poor", "awful", "bad", "flimsy", "terrible", "disappointing", "weak", "slow", "cheap", "broken"]
INTENSIFIERS = ["really", "very", "truly", "quite", "extremely"]
OPENERS = ["", "honestly ", "overall ", "well ", "to be fair "]


def _clause(rng: np.random.Generator) -> tuple[str, float]:
    aspect = rng.choice(ASPECTS)
    positive = rng.random() < 0.5
    word = rng.choice(POSITIVE if positive else NEGATIVE)
    value = 1.0 if positive else -1.0
    words = [word]
    if rng.random() < 0.3:
        words.insert(0, rng.choice(INTENSIFIERS))
        value *= 1.5
    if rng.random() < 0.35:
        words.insert(0, "not")
        value = -value * 0.8
    verb = rng.choice(["is", "was", "seems", "felt"])
    return f"the {aspect} {verb} {' '.join(words)}", value


def reviews(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """n reviews with labels (1 positive, 0 negative) from the hidden grammar."""
    texts, labels = [], []
    for _ in range(n):
        first, v1 = _clause(rng)
        if rng.random() < 0.45:
            second, v2 = _clause(rng)
            text, value = f"{first}, but {second}", v2 + 0.2 * v1  # "but" hands the verdict to clause 2
        elif rng.random() < 0.5:
            second, v2 = _clause(rng)
            text, value = f"{first} and {second}", v1 + v2 + rng.normal(0, 0.1)
        else:
            text, value = first, v1
        label = int(value > 0)
        if rng.random() < 0.05:
            label = 1 - label
        texts.append((rng.choice(OPENERS) + text).strip() + rng.choice([".", "!", "."]))
        labels.append(label)
    return pd.DataFrame({"text": texts, "label": labels})


STARTER = '''"""Starter predictor: bag of words (single words) with naive Bayes, fitted on train.csv.

Usage: python3 predict.py REVIEWS_CSV PREDICTIONS_CSV
"""

import sys

import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

train = pd.read_csv("train.csv")
model = make_pipeline(CountVectorizer(), MultinomialNB()).fit(train["text"], train["label"])
reviews = pd.read_csv(sys.argv[1])
pd.DataFrame({"label": model.predict(reviews["text"])}).to_csv(sys.argv[2], index=False)
'''


def build(seed: int, workspace: Path, hidden: Path) -> None:
    reviews(np.random.default_rng([seed, 777]), 4000).to_csv(workspace / "train.csv", index=False)
    (workspace / "predict.py").write_text(STARTER)
    (hidden / "seed.txt").write_text(str(seed))
