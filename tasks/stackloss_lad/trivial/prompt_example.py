"""The prompt's format example as written: every coefficient and the sum of absolute residuals 0.0.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

results = {
    "coefficients": dict.fromkeys(["const", "AIRFLOW", "WATERTEMP", "ACIDCONC"], 0.0),
    "sum_abs_residuals": 0.0,
}
with open("results.json", "w") as f:
    json.dump(results, f)
