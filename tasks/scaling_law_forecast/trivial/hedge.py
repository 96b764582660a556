"""A hedge that always covers the truth: each interval runs from a pure power law's forecast (too
low) up to the largest workspace run's loss (too high), without deciding where in between.

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json
import subprocess
import sys

import numpy as np

widths = np.array([32, 64, 128, 256])
losses = []
for width in widths:
    command = [sys.executable, "train.py", "--width", str(width), "--examples", str(32 * width)]
    losses.append(json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["test_loss"])
slope, intercept = np.polyfit(np.log(widths), np.log(losses), 1)
forecast = {}
for n in (2048, 4096, 8192):
    low = float(np.exp(intercept + slope * np.log(n)))
    forecast[f"width_{n}"] = {"prediction": (low + losses[-1]) / 2, "lower": low, "upper": losses[-1]}
json.dump(forecast, open("forecast.json", "w"))
