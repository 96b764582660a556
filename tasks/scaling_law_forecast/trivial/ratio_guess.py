"""A rule of thumb instead of a fit: bigger runs end at 0.45 of the largest run's loss here (the middle
of the range the generator's parameters allow), give or take 10%, for every target.

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json
import subprocess
import sys

command = [sys.executable, "train.py", "--width", "256", "--examples", "8192"]
loss = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["test_loss"]
guess = 0.45 * loss
entry = {"prediction": guess, "lower": 0.9 * guess, "upper": 1.1 * guess}
json.dump({f"width_{n}": entry for n in (2048, 4096, 8192)}, open("forecast.json", "w"))
