"""Naive attempt for paper_reproduction: the method section's pipeline with library defaults.

The hasty reading: Section 4 says features are clipped at "a fixed threshold" (3, the usual choice),
and gives no C, k or leaf size, so scikit-learn's defaults stand (C = 1, k = 5, min_samples_leaf = 1);
400 trees as Section 5 says. Writes reproduce.py and results.json from running it on data.csv.
Run from the workspace directory: python3 solve.py
"""

import subprocess
import sys
from pathlib import Path

REPRODUCE = '''"""Table 2 of the paper: robust scaling, clipping at 3, three scikit-learn classifiers with defaults.

Usage: python3 reproduce.py DATA_CSV OUTPUT_JSON
"""

import json
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import RobustScaler

data = pd.read_csv(sys.argv[1])
features = [c for c in data.columns if c not in ("split", "failed")]
train = (data["split"] == "train").to_numpy()
x = np.clip(RobustScaler().fit(data.loc[train, features]).transform(data[features]), -3, 3)
y = data["failed"].to_numpy()
models = {
    "logistic_regression": LogisticRegression(max_iter=5000),
    "knn": KNeighborsClassifier(),
    "random_forest": RandomForestClassifier(400, random_state=0),
}
table = {}
for name, model in models.items():
    p = model.fit(x[train], y[train]).predict_proba(x[~train])[:, 1]
    table[name] = {"auc": roc_auc_score(y[~train], p), "brier": brier_score_loss(y[~train], p)}
with open(sys.argv[2], "w") as f:
    json.dump(table, f, indent=1)
'''

Path("reproduce.py").write_text(REPRODUCE)
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
