"""Median Neighbourhood Ratio (MNR) outlier scores, as specified in the task's paper.md.

Usage: python3 mnr.py POINTS_CSV SCORES_CSV   (scores the columns x1..x5; writes one column `score`)
"""

import sys

import numpy as np
import pandas as pd

K = 7


def robust_standardise(x: np.ndarray) -> np.ndarray:
    median = np.median(x, axis=0)
    mad = 1.4826 * np.median(np.abs(x - median), axis=0)
    return (x - median) / np.where(mad == 0, 1.0, mad)


def mnr_scores(x: np.ndarray, k: int = K) -> np.ndarray:
    z = robust_standardise(np.asarray(x, dtype=float))
    distances = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(distances, np.inf)
    # Stable sort: equal distances keep index order, so ties go to the lower row index.
    neighbours = np.argsort(distances, axis=1, kind="stable")[:, :k]
    radius = np.median(np.take_along_axis(distances, neighbours, axis=1), axis=1)
    return radius / np.median(radius[neighbours], axis=1)


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    ranks = pd.Series(scores).rank().to_numpy()
    positive = labels == 1
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


if __name__ == "__main__":
    data = pd.read_csv(sys.argv[1])
    scores = mnr_scores(data[[f"x{i}" for i in range(1, 6)]].to_numpy())
    pd.DataFrame({"score": scores}).to_csv(sys.argv[2], index=False)
