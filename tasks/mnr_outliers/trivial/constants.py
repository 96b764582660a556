"""The middle of the AUC's range, {"auc": 0.5} (a score at chance), and no mnr.py.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"auc": 0.5}, f)
