"""The prompt's old format example as written: the change in 1900, both regime means 0.0.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"first_year_after_change": 1900, "mean_before": 0.0, "mean_after": 0.0}, f)
