"""The prompt's format example as written: alpha, beta, gamma and delta all 0.0.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"alpha": 0.0, "beta": 0.0, "gamma": 0.0, "delta": 0.0}, f)
