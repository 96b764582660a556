"""Round numbers: every coefficient 1.0, the sum of absolute residuals 50.0.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

results = {
    "coefficients": dict.fromkeys(["const", "AIRFLOW", "WATERTEMP", "ACIDCONC"], 1.0),
    "sum_abs_residuals": 50.0,
}
with open("results.json", "w") as f:
    json.dump(results, f)
