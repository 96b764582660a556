"""Hampel-guided bidirectional smoother (HGBS), as specified in the task's paper.md.

Usage: python3 hgbs.py SERIES_CSV SMOOTHED_CSV   (smooths column `observed`; writes column `smoothed`)
"""

import sys

import numpy as np
import pandas as pd

HALF_WINDOW, THRESHOLD, ALPHA = 5, 3.0, 0.3


def hampel(y: np.ndarray, h: int = HALF_WINDOW, c: float = THRESHOLD) -> np.ndarray:
    x = y.copy()
    for t in range(len(y)):
        window = y[max(0, t - h) : t + h + 1]
        median = np.median(window)
        scale = 1.4826 * np.median(np.abs(window - median))
        if abs(y[t] - median) > c * scale:
            x[t] = median
    return x


def hgbs(y: np.ndarray, a: float = ALPHA) -> np.ndarray:
    x = hampel(np.asarray(y, dtype=float))
    forward, backward = np.empty_like(x), np.empty_like(x)
    forward[0], backward[-1] = x[0], x[-1]
    for t in range(1, len(x)):
        forward[t] = a * x[t] + (1 - a) * forward[t - 1]
    for t in range(len(x) - 2, -1, -1):
        backward[t] = a * x[t] + (1 - a) * backward[t + 1]
    return (forward + backward) / 2


if __name__ == "__main__":
    data = pd.read_csv(sys.argv[1])
    pd.DataFrame({"smoothed": hgbs(data["observed"].to_numpy())}).to_csv(sys.argv[2], index=False)
