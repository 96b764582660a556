"""A prior instead of a fit: for each target, the 10th to 90th percentile of target loss / largest run's
loss over 400 seeds of the generator (the parameter ranges are disclosed in the README).

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json
import math
import subprocess
import sys

PRIOR = {2048: (0.32, 0.78), 4096: (0.26, 0.76), 8192: (0.23, 0.74)}

command = [sys.executable, "train.py", "--width", "256", "--examples", "8192"]
loss = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["test_loss"]
forecast = {
    f"width_{n}": {"prediction": loss * math.sqrt(low * high), "lower": loss * low, "upper": loss * high}
    for n, (low, high) in PRIOR.items()
}
json.dump(forecast, open("forecast.json", "w"))
