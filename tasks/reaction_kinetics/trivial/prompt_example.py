"""The prompt's old format example as written: first order, k = 0.0123.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"order": 1, "rate_constant": 0.0123}, f)
