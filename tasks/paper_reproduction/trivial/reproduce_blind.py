"""A blind guess at the configuration: the method section's pipeline without reading the settings.

Clip at 3, scikit-learn's defaults, and a guessed "moderate" leaf size of 35 for the forest ("leaves
are kept from becoming too small"): its forest cells land within tolerance because leaf size barely
matters inside 20-49, which is why the grader does not count cells a blind configuration matches.
Run from the workspace directory: writes reproduce.py and results.json.
"""

import subprocess
import sys
from pathlib import Path

REPRODUCE = """import json
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
    "random_forest": RandomForestClassifier(400, min_samples_leaf=35, random_state=0),
}
table = {}
for name, model in models.items():
    p = model.fit(x[train], y[train]).predict_proba(x[~train])[:, 1]
    table[name] = {"auc": float(roc_auc_score(y[~train], p)), "brier": float(brier_score_loss(y[~train], p))}
with open(sys.argv[2], "w") as out:
    json.dump(table, out, indent=1)
"""

Path("reproduce.py").write_text(REPRODUCE)
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
