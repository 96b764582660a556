"""The prompt's format example as written, {"auc": 0.0}, and no mnr.py.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"auc": 0.0}, f)
