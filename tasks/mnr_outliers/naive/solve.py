"""Naive attempt for mnr_outliers: MNR the way the textbook pieces give it.

Missing values filled with the column median (the usual first step before a distance method); robust
standardisation by the 1.4826-scaled MAD with the library convention for a zero scale (use 1, as
scikit-learn's scalers do); the k nearest neighbours from scipy's KD-tree, queried for k + 1 and
the first column (the point itself) dropped; radius the median of the k distances; score the radius
over the median radius of the neighbours.
Run from the workspace directory, like solution/solve.py: writes mnr.py and results.json.
"""

import json
import subprocess
import sys

import pandas as pd

MNR = '''"""MNR: robust z-scores, KD-tree neighbours, median radius ratio."""
import sys

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

K = 7


def mnr_scores(x, k=K):
    x = pd.DataFrame(x)
    x = x.fillna(x.median())
    median = x.median()
    scale = 1.4826 * (x - median).abs().median()
    scale[scale == 0] = 1.0
    z = ((x - median) / scale).to_numpy()
    distances, neighbours = cKDTree(z).query(z, k=k + 1)
    distances, neighbours = distances[:, 1:], neighbours[:, 1:]
    radius = np.median(distances, axis=1)
    return radius / np.median(radius[neighbours], axis=1)


if __name__ == "__main__":
    data = pd.read_csv(sys.argv[1])
    scores = mnr_scores(data[[f"x{i}" for i in range(1, 6)]].to_numpy())
    pd.DataFrame({"score": scores}).to_csv(sys.argv[2], index=False)
'''

with open("mnr.py", "w") as f:
    f.write(MNR)
subprocess.run([sys.executable, "mnr.py", "points.csv", "scores.csv"], check=True)
labels = pd.read_csv("points.csv")["is_outlier"].to_numpy()
scores = pd.read_csv("scores.csv")["score"]
ranks = scores.rank().to_numpy()
positive = labels == 1
n_pos, n_neg = positive.sum(), (~positive).sum()
auc = float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
with open("results.json", "w") as f:
    json.dump({"auc": auc}, f)
print({"auc": auc})
