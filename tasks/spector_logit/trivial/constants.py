"""Round numbers: every coefficient and standard error 1.0, the log-likelihood -10.0.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

NAMES = ["const", "GPA", "TUCE", "PSI"]

results = {
    "coefficients": dict.fromkeys(NAMES, 1.0),
    "std_errors": dict.fromkeys(NAMES, 1.0),
    "log_likelihood": -10.0,
}
with open("results.json", "w") as f:
    json.dump(results, f)
