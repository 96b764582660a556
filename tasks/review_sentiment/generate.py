"""Instance generator for review_sentiment: product reviews from a hidden stochastic grammar.

A review is one or two clauses about product aspects. Sentiment words carry polarity, some of them
by aspect ("cheap" praises a price and faults a build), negation flips it and weakens it ("not
great"), intensifiers scale it, and in "X, but Y" the clause after "but" decides. The label is the
sign of the resulting score, with 5% label noise (annotators slip). The workspace's annotation
guidelines state these rules in words, without the lexicon or the weights.
"""

from math import erf, sqrt
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
NEGATIVE = ["poor", "awful", "bad", "flimsy", "terrible", "disappointing", "weak", "slow", "shoddy", "broken"]
# Words whose polarity depends on the aspect they describe, and the aspects they are used with.
CONTEXTUAL = {
    "cheap": {"price": 1, "build": -1, "fit": -1},
    "long": {"battery": 1, "delivery": -1, "support": -1, "manual": -1},
    "high": {"price": -1, "screen": 1, "sound": 1},
    "light": {"build": 1, "fit": 1, "manual": -1},
}
INTENSIFIERS = ["really", "very", "truly", "quite", "extremely"]
OPENERS = ["", "honestly ", "overall ", "well ", "to be fair "]
CONTEXTUAL_SHARE = 0.25  # clauses that use an aspect-dependent word
AND_NOISE = 0.1  # sd of the annotator's weighing of two "and" clauses
LABEL_NOISE = 0.05


def _clause(rng: np.random.Generator) -> tuple[str, float]:
    if rng.random() < CONTEXTUAL_SHARE:
        word = str(rng.choice(list(CONTEXTUAL)))
        aspect = str(rng.choice(list(CONTEXTUAL[word])))
        value = float(CONTEXTUAL[word][aspect])
    else:
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


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + erf(x / sqrt(2)))


def reviews(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """n reviews with labels (1 positive, 0 negative) from the hidden grammar, and each review's true
    probability of a positive label (`p_positive`, never shown to the agent)."""
    texts, labels, p_positive = [], [], []
    for _ in range(n):
        first, v1 = _clause(rng)
        if rng.random() < 0.45:
            second, v2 = _clause(rng)
            text, mean, sd = f"{first}, but {second}", v2 + 0.2 * v1, 0.0  # "but": clause 2 decides
        elif rng.random() < 0.5:
            second, v2 = _clause(rng)
            text, mean, sd = f"{first} and {second}", v1 + v2, AND_NOISE
        else:
            text, mean, sd = first, v1, 0.0
        value = mean + rng.normal(0, sd) if sd else mean
        label = int(value > 0)
        if rng.random() < LABEL_NOISE:
            label = 1 - label
        positive = _normal_cdf(mean / sd) if sd else float(mean > 0)
        texts.append((rng.choice(OPENERS) + text).strip() + rng.choice([".", "!", "."]))
        labels.append(label)
        p_positive.append(LABEL_NOISE + (1 - 2 * LABEL_NOISE) * positive)
    return pd.DataFrame({"text": texts, "label": labels, "p_positive": p_positive})


GUIDELINES = """# How the reviews were labelled

Each review in train.csv was labelled positive (1) or negative (0) by an annotator reading the
reviewer's overall verdict. From the annotation guidelines:

- A review may praise one aspect and fault another. When it turns with "but", the part after "but"
  is the verdict.
- Negation reverses a judgement ("not great" is a complaint), but a negated word is weaker than its
  plain opposite.
- Some words praise one aspect and fault another: a cheap price is good, a cheap build is not; a long
  battery life is good, a long wait for delivery is not.
- Intensifiers ("really", "extremely") strengthen the judgement they modify.

Annotators slip: about one label in twenty is wrong.
"""

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
    train = reviews(np.random.default_rng([seed, 777]), 4000)
    train.drop(columns="p_positive").to_csv(workspace / "train.csv", index=False)
    (workspace / "GUIDELINES.md").write_text(GUIDELINES)
    (workspace / "predict.py").write_text(STARTER)
    (hidden / "seed.txt").write_text(str(seed))
