"""Instance generator for mnr_outliers: clustered points with planted outliers.

`points(rng, n)` draws a labelled cloud (a few Gaussian clusters of different scales in 5-D, with
a skewed feature, one on another scale and one that is 0 for most points, ~5% outliers, and one
missing value in about 8% of rows). build() writes one labelled cloud for the agent and keeps its
labels on the host; the grader draws fresh clouds at scoring time.
"""

from pathlib import Path

import numpy as np
import pandas as pd

FEATURES = [f"x{i}" for i in range(1, 6)]
PAPER = Path(__file__).parent / "paper.md"


def points(rng: np.random.Generator, n: int) -> pd.DataFrame:
    centers = rng.normal(0, 6, (3, 5))
    scales = rng.uniform(0.5, 2.0, 3)
    members = rng.choice(3, n, p=[0.5, 0.3, 0.2])
    x = centers[members] + rng.normal(0, 1, (n, 5)) * scales[members, None]
    outlier = rng.random(n) < 0.05
    x[outlier] = rng.uniform(-15, 15, (outlier.sum(), 5))
    x[:, 0] = np.exp(x[:, 0] / 6)  # a skewed feature
    x[:, 3] *= 100  # a feature on another scale
    # A zero-inflated feature (hours in an alarm state, say): most points 0, so its MAD is 0.
    x[:, 4] = np.where(rng.random(n) < rng.uniform(0.55, 0.75), 0.0, np.abs(x[:, 4]) + 1)
    x = x.round(4)
    gaps = rng.random(n) < 0.08  # about one row in twelve misses one value
    x[gaps, rng.integers(0, 5, gaps.sum())] = np.nan
    frame = pd.DataFrame(x, columns=FEATURES)
    frame["is_outlier"] = outlier.astype(int)
    return frame


def build(seed: int, workspace: Path, hidden: Path) -> None:
    cloud = points(np.random.default_rng([seed, 6060]), 600)
    cloud.to_csv(workspace / "points.csv", index=False)
    (workspace / "paper.md").write_text(PAPER.read_text())
    # The grader recomputes the AUC from the submitted code's own scores on this sample.
    np.save(hidden / "workspace_labels.npy", cloud["is_outlier"].to_numpy())
