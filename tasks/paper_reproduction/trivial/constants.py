"""A coin's numbers in every cell (AUC 0.5, Brier 0.25), from a reproduce.py that writes them for any input.

results.json is what that reproduce.py writes, so only the comparison with the truth decides.
Run from the workspace directory, like solution/solve.py: writes reproduce.py and results.json.
"""

import subprocess
import sys
from pathlib import Path

REPRODUCE = """import json, sys
cells = {"auc": 0.5, "brier": 0.25}
json.dump({"logistic_regression": cells, "knn": cells, "random_forest": cells}, open(sys.argv[2], "w"))
"""
Path("reproduce.py").write_text(REPRODUCE)
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
