"""Naive attempt for scaling_law_forecast: a straight line in log-log through a few small runs.

The obvious first attempt: run train.py at widths 16 to 256 with 32 examples per feature (the
targets' ratio), fit log L = log a - b log N (a pure power law, no irreducible term), extrapolate,
and give the regression's own 80% prediction interval. The law keeps falling where the true loss
flattens towards its floor, so the forecasts are far too low and the intervals too narrow.

Run from the workspace: writes forecast.json.
"""

import json
import subprocess
import sys

import numpy as np
from scipy import stats

TARGET_WIDTHS = (2048, 4096, 8192)
WIDTHS = (16, 32, 64, 128, 256)

losses = []
for width in WIDTHS:
    command = [sys.executable, "train.py", "--width", str(width), "--examples", str(32 * width)]
    losses.append(json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["test_loss"])
log_n, log_l = np.log(WIDTHS), np.log(losses)
fit = stats.linregress(log_n, log_l)
residual_sd = np.sqrt(np.sum((log_l - fit.intercept - fit.slope * log_n) ** 2) / (len(WIDTHS) - 2))
t = stats.t.ppf(0.9, len(WIDTHS) - 2)
result = {}
for width in TARGET_WIDTHS:
    x = np.log(width)
    spread = residual_sd * np.sqrt(
        1 + 1 / len(WIDTHS) + (x - log_n.mean()) ** 2 / np.sum((log_n - log_n.mean()) ** 2)
    )
    centre = fit.intercept + fit.slope * x
    result[f"width_{width}"] = {
        "prediction": float(np.exp(centre)),
        "lower": float(np.exp(centre - t * spread)),
        "upper": float(np.exp(centre + t * spread)),
    }
json.dump(result, open("forecast.json", "w"), indent=1)
print(json.dumps(result, indent=1))
