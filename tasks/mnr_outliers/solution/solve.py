"""Reference solution for mnr_outliers: install the reference MNR implementation and report its AUC."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

here = Path(__file__).parent
shutil.copy(here / "mnr.py", "mnr.py")
subprocess.run([sys.executable, "mnr.py", "points.csv", "scores.csv"], check=True)
sys.path.insert(0, ".")
from mnr import roc_auc  # noqa: E402  (the file copied just above)

auc = roc_auc(
    pd.read_csv("points.csv")["is_outlier"].to_numpy(), pd.read_csv("scores.csv")["score"].to_numpy()
)
json.dump({"auc": auc}, open("results.json", "w"))
print({"auc": auc})
