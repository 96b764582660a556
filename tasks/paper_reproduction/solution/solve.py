"""Oracle for paper_reproduction: read the whole paper, take each setting from where it is stated.

The method section gives the pipeline in words only; the four values sit in a footnote, Table 2's
caption, the appendix's hyperparameter table or its text (which one varies per seed), and Related
work quotes another configuration, which is skipped. Writes reproduce.py with those values (one
forest, random_state 0) and results.json from running it on data.csv.
Run from the workspace directory: python3 solve.py
"""

import re
import subprocess
import sys
from pathlib import Path

# Each setting as the paper states it: in a sentence, or as a row of the appendix's table.
PATTERNS = {
    "CLIP": [
        r"clipped to the interval \[-(\d+\.\d+),",
        r"\| Clipping threshold c \(all classifiers\) \| (\d+\.\d+) \|",
    ],
    "C": [
        r"inverse regularisation strength is C = (\d*\.\d+)",
        r"\| Inverse regularisation C \(logistic regression\) \| (\d*\.\d+) \|",
    ],
    "K": [r"k = (\d+) nearest", r"\| Neighbours k \(nearest neighbours\) \| (\d+) \|"],
    "LEAF": [r"at least (\d+) training pumps", r"\| Minimum leaf size \(random forest\) \| (\d+) \|"],
}

REPRODUCE = '''"""Reproduce Table 2 of the paper on a data file.

Usage: python3 reproduce.py DATA_CSV OUTPUT_JSON
Robust scaling (training median and IQR), clipping at +-CLIP, then an L2 logistic regression
(C, intercept unpenalised), a uniform k-nearest-neighbour vote and a random forest (400 trees,
min_samples_leaf LEAF, one seed); AUC and Brier score on the rows whose split is "test".
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

CLIP, C, K, LEAF = {CLIP}, {C}, {K}, {LEAF}

data = pd.read_csv(sys.argv[1])
features = [c for c in data.columns if c not in ("split", "failed")]
train = (data["split"] == "train").to_numpy()
scaler = RobustScaler().fit(data.loc[train, features])
x = np.clip(scaler.transform(data[features]), -CLIP, CLIP)
y = data["failed"].to_numpy()
models = {{
    "logistic_regression": LogisticRegression(C=C, max_iter=5000),
    "knn": KNeighborsClassifier(K),
    "random_forest": RandomForestClassifier(400, min_samples_leaf=LEAF, random_state=0),
}}
table = {{}}
for name, model in models.items():
    p = model.fit(x[train], y[train]).predict_proba(x[~train])[:, 1]
    table[name] = {{"auc": roc_auc_score(y[~train], p), "brier": brier_score_loss(y[~train], p)}}
with open(sys.argv[2], "w") as f:
    json.dump(table, f, indent=1)
'''


def paper_without_related_work() -> str:
    """Both paper files, less Section 2: its configuration is prior work's, not this paper's."""
    main = Path("paper/main.md").read_text()
    main = re.sub(r"## 2 Related work.*?(?=\n## 3 )", "", main, flags=re.S)
    return main + Path("paper/appendix.md").read_text()


def setting(text: str, patterns: list[str]) -> str:
    found = {m for p in patterns for m in re.findall(p, text)}
    if len(found) != 1:
        raise SystemExit(f"expected one value for {patterns[0]}, found {sorted(found)}")
    return found.pop()


text = paper_without_related_work()
values = {name: setting(text, patterns) for name, patterns in PATTERNS.items()}
Path("reproduce.py").write_text(REPRODUCE.format(**values))
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
