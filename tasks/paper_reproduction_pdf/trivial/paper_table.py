"""The paper's own Table 1 (measured on the authors' fleet, not on data.csv) copied into results.json,
and a reproduce.py that writes those numbers whatever data file it is given.

Trivial submission (validation): run from the workspace.
"""

import json
import re
import subprocess
import sys

import pypdf

text = "\n".join(page.extract_text() for page in pypdf.PdfReader("paper.pdf").pages)
rows = {
    "logistic": re.search(r"logistic model ([0-9.]+) ([0-9.]+) ([0-9.]+)", text).groups(),
    "mlp": re.search(r"network \(8 tanh units\) ([0-9.]+) ([0-9.]+) ([0-9.]+)", text).groups(),
}
table = {model: dict(zip(["n300", "n800", "n2000"], map(float, values))) for model, values in rows.items()}
REPRODUCE = f"""import json, sys
json.dump({json.dumps(table)}, open(sys.argv[2], "w"))
"""
open("reproduce.py", "w").write(REPRODUCE)
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
