"""The prompt's format example with every placeholder as 0.0, and no reproduce.py.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

cells = {"auc": 0.0, "brier": 0.0}
with open("results.json", "w") as f:
    json.dump({"logistic_regression": cells, "knn": cells, "random_forest": cells}, f)
