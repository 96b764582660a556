"""The prompt's format with every placeholder a zero, from a reproduce.py that writes the same.

Trivial submission (validation): run from the workspace.
"""

import subprocess
import sys

REPRODUCE = """import json, sys
cells = {"n300": 0.0, "n800": 0.0, "n2000": 0.0}
json.dump({"logistic": cells, "mlp": cells}, open(sys.argv[2], "w"))
"""
open("reproduce.py", "w").write(REPRODUCE)
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
