"""The prompt's format example as written, {"rmse": 0.0}, and no hgbs.py.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"rmse": 0.0}, f)
