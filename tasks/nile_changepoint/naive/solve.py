"""The obvious first attempt at nile_changepoint: the CUSUM of deviations from the overall mean.

The year where the cumulative sum of (flow - mean) peaks in absolute value is the textbook first
estimate of a single change in mean; on the Nile series it finds the same year as the least-squares
scan, so the naive attempt succeeds: this task is in the `sanity` tier.
"""

import json

import numpy as np
import pandas as pd

data = pd.read_csv("nile.csv")
flow = data["volume"].to_numpy(float)
cusum = np.cumsum(flow - flow.mean())
k = int(np.argmax(np.abs(cusum))) + 1  # the first observation after the peak
results = {
    "first_year_after_change": int(data["year"].iloc[k]),
    "mean_before": float(flow[:k].mean()),
    "mean_after": float(flow[k:].mean()),
}
json.dump(results, open("results.json", "w"))
print(results)
