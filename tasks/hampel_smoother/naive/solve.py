"""Naive attempt for hampel_smoother: the textbook Hampel filter and pandas' EWMA.

The Hampel step is the one found in most tutorials: a centred rolling window of 2h + 1 points with
pandas defaults (points without a full window of values, the first and last h and those next to a
missing reading, are left as they are), the 1.4826-scaled MAD of the window, replacement by the
window median beyond c scales; then pandas' exponentially weighted mean forward and on the reversed
series (the note's recursion: adjust=False, starting from the first value), averaged.
Run from the workspace directory, like solution/solve.py: writes hgbs.py and results.json.
"""

import json
import subprocess
import sys

import numpy as np
import pandas as pd

HGBS = '''"""HGBS: textbook Hampel filter, then forward and backward EWMA averaged."""
import sys

import numpy as np
import pandas as pd

H, C, A = 5, 3.0, 0.3


def hampel(y, h=H, c=C):
    s = pd.Series(y, dtype=float)
    rolling = s.rolling(2 * h + 1, center=True)
    median = rolling.median()
    mad = rolling.apply(lambda w: np.median(np.abs(w - np.median(w))), raw=True)
    outlier = (s - median).abs() > c * 1.4826 * mad
    return s.where(~outlier, median)


def hgbs(y, a=A):
    x = hampel(y)
    forward = x.ewm(alpha=a, adjust=False).mean()
    backward = x[::-1].ewm(alpha=a, adjust=False).mean()[::-1]
    return ((forward + backward) / 2).to_numpy()


if __name__ == "__main__":
    data = pd.read_csv(sys.argv[1])
    pd.DataFrame({"smoothed": hgbs(data["observed"].to_numpy())}).to_csv(sys.argv[2], index=False)
'''

with open("hgbs.py", "w") as f:
    f.write(HGBS)
subprocess.run([sys.executable, "hgbs.py", "series.csv", "smoothed.csv"], check=True)
smoothed = pd.read_csv("smoothed.csv")["smoothed"].to_numpy()
signal = pd.read_csv("series.csv")["signal"].to_numpy()
rmse = float(np.sqrt(np.mean((smoothed - signal) ** 2)))
with open("results.json", "w") as f:
    json.dump({"rmse": rmse}, f)
print({"rmse": rmse})
