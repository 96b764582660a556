"""Constants: the middle of each range the generator draws a parameter from.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

results = {
    "alpha": (1.8 + 3.2) / 2,
    "beta": (5e-4 + 5e-2) / 2,
    "gamma": (1.6 + 2.8) / 2,
    "delta": (2e-4 + 2e-2) / 2,
}
with open("results.json", "w") as f:
    json.dump(results, f)
