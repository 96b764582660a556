"""A reproduce.py that reads its data file but fits no model: every cell is the test NLL of the
training rows' fault rate predicted for every window (a constant screen).

Trivial submission (validation): run from the workspace.
"""

import subprocess
import sys

REPRODUCE = """import json, sys
import numpy as np
import pandas as pd
data = pd.read_csv(sys.argv[1])
train, test = data[data.split == "train"], data[data.split == "test"]
cells = {}
for n in (300, 800, 2000):
    p = train.fault.to_numpy()[:n].mean()
    y = test.fault.to_numpy()
    cells[f"n{n}"] = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
json.dump({"logistic": cells, "mlp": cells}, open(sys.argv[2], "w"))
"""
open("reproduce.py", "w").write(REPRODUCE)
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
