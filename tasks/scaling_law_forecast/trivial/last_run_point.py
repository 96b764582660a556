"""A point forecast: the largest run the workspace allows (width 256 on 8,192 examples), its loss for
every target with a zero-width interval ("bigger runs will be about this good").

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json
import subprocess
import sys

command = [sys.executable, "train.py", "--width", "256", "--examples", "8192"]
loss = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["test_loss"]
entry = {"prediction": loss, "lower": loss, "upper": loss}
json.dump({f"width_{n}": entry for n in (2048, 4096, 8192)}, open("forecast.json", "w"))
