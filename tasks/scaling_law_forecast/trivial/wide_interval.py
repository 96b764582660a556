"""A trivially safe interval: from a thousandth of the largest workspace run's loss up to that loss,
for every target (the loss can only fall with scale).

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json
import subprocess
import sys

command = [sys.executable, "train.py", "--width", "256", "--examples", "8192"]
loss = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["test_loss"]
entry = {"prediction": loss / 2, "lower": loss / 1000, "upper": loss}
json.dump({f"width_{n}": entry for n in (2048, 4096, 8192)}, open("forecast.json", "w"))
