"""The strongest fixed bet that scores 0 on the shipped instances: 0.6 x the largest run's loss, +-10%,
for every target (over 400 seeds of the generator it averages 0.105 and "succeeds" on 16.5% of them:
a lottery ticket, README).

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json
import subprocess
import sys

command = [sys.executable, "train.py", "--width", "256", "--examples", "8192"]
loss = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["test_loss"]
guess = 0.6 * loss
entry = {"prediction": guess, "lower": 0.9 * guess, "upper": 1.1 * guess}
json.dump({f"width_{n}": entry for n in (2048, 4096, 8192)}, open("forecast.json", "w"))
