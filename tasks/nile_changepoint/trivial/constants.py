"""Constants: the middle year of the series (1871-1970) as the change, both regime means 1000.0.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"first_year_after_change": 1921, "mean_before": 1000.0, "mean_after": 1000.0}, f)
