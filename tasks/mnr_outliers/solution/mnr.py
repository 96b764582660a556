"""Median Neighbourhood Ratio (MNR) outlier scores, as specified in the task's paper.md.

Usage: python3 mnr.py POINTS_CSV SCORES_CSV   (scores the columns x1..x5, empty cells missing;
writes one column `score`)
"""

import sys

import numpy as np
import pandas as pd

K = 7
MAD_SCALE, MEAN_AD_SCALE = 1.4826, 1.2533


def robust_standardise(x: np.ndarray) -> np.ndarray:
    """Step 1, per feature over its available values: (x - median) / scaled MAD, or / scaled mean
    absolute deviation from the median where the MAD is 0. Missing values stay missing."""
    median = np.nanmedian(x, axis=0)
    scale = MAD_SCALE * np.nanmedian(np.abs(x - median), axis=0)
    mean_ad = MEAN_AD_SCALE * np.nanmean(np.abs(x - median), axis=0)
    return (x - median) / np.where(scale == 0, mean_ad, scale)


def distances(z: np.ndarray) -> np.ndarray:
    """Step 2: Euclidean distance over the features both points have, scaled up by d / shared."""
    present = ~np.isnan(z)
    filled = np.where(present, z, 0.0)
    both = present[:, None, :] & present[None, :, :]
    squares = np.where(both, (filled[:, None, :] - filled[None, :, :]) ** 2, 0.0).sum(axis=2)
    return np.sqrt(z.shape[1] / both.sum(axis=2) * squares)


def mnr_scores(x: np.ndarray, k: int = K) -> np.ndarray:
    d = distances(robust_standardise(np.asarray(x, dtype=float)))
    np.fill_diagonal(d, np.inf)
    # Stable sort: equal distances keep index order, so ties go to the lower row index.
    neighbours = np.argsort(d, axis=1, kind="stable")[:, :k]
    radius = np.median(np.take_along_axis(d, neighbours, axis=1), axis=1)
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
