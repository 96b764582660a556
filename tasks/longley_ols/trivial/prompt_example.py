"""The prompt's format example as written: every one of the 16 numbers 0.0.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

NAMES = ["const", "GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]

results = {
    "coefficients": dict.fromkeys(NAMES, 0.0),
    "std_errors": dict.fromkeys(NAMES, 0.0),
    "residual_sd": 0.0,
    "r_squared": 0.0,
}
with open("results.json", "w") as f:
    json.dump(results, f)
