"""Hampel-guided bidirectional smoother (HGBS), as specified in the task's paper.md.

Usage: python3 hgbs.py SERIES_CSV SMOOTHED_CSV   (smooths column `observed`, empty cells missing;
writes column `smoothed`)
"""

import sys

import numpy as np
import pandas as pd

HALF_WINDOW, THRESHOLD, ALPHA = 5, 3.0, 0.3


def hampel(y: np.ndarray, h: int = HALF_WINDOW, c: float = THRESHOLD) -> np.ndarray:
    """Step 1: windows of 2h + 1 positions, shifted inward at the ends, over the original available
    values; missing readings take the window median, spikes beyond c scales too, none where S_t = 0."""
    n = len(y)
    if n < 2 * h + 1:
        raise ValueError(f"HGBS needs at least {2 * h + 1} points, got {n}")
    x = y.copy()
    for t in range(n):
        start = min(max(0, t - h), n - 2 * h - 1)
        window = y[start : start + 2 * h + 1]
        window = window[~np.isnan(window)]
        median = np.median(window)
        scale = 1.4826 * np.median(np.abs(window - median))
        if np.isnan(y[t]) or (scale > 0 and abs(y[t] - median) > c * scale):
            x[t] = median
    return x


def hgbs(y: np.ndarray, a: float = ALPHA, h: int = HALF_WINDOW) -> np.ndarray:
    x = hampel(np.asarray(y, dtype=float), h)
    forward, backward = np.empty_like(x), np.empty_like(x)
    # Each pass starts from the median of the first (last) h + 1 cleaned values, not from one value.
    forward[0], backward[-1] = np.median(x[: h + 1]), np.median(x[-h - 1 :])
    for t in range(1, len(x)):
        forward[t] = a * x[t] + (1 - a) * forward[t - 1]
    for t in range(len(x) - 2, -1, -1):
        backward[t] = a * x[t] + (1 - a) * backward[t + 1]
    return (forward + backward) / 2


if __name__ == "__main__":
    data = pd.read_csv(sys.argv[1])
    pd.DataFrame({"smoothed": hgbs(data["observed"].to_numpy())}).to_csv(sys.argv[2], index=False)
