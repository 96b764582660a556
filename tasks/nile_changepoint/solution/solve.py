"""Reference solution for nile_changepoint: the least-squares single change in mean.

For every split of the series, the residual sum of squares of a two-mean model; the best split is
Cobb's change point (the maximum-likelihood single shift under Gaussian noise).
"""

import json

import numpy as np
import pandas as pd

data = pd.read_csv("nile.csv")
flow = data["volume"].to_numpy(float)
rss = [
    ((flow[:k] - flow[:k].mean()) ** 2).sum() + ((flow[k:] - flow[k:].mean()) ** 2).sum()
    for k in range(2, len(flow) - 1)
]
k = 2 + int(np.argmin(rss))
results = {
    "first_year_after_change": int(data["year"].iloc[k]),
    "mean_before": float(flow[:k].mean()),
    "mean_after": float(flow[k:].mean()),
}
json.dump(results, open("results.json", "w"))
print(results)
