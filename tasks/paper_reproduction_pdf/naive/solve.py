"""Naive attempt for paper_reproduction_pdf: implement Section 3 as written and take the values it does
not give from the configuration it builds on, that of [4] in related work (inputs clipped at +/-3,
label smoothing 0.1, weight decay 1e-4), never reading the footnote, the table caption or Appendix B.

Run from the workspace: python3 .naive/solve.py
"""

import subprocess
import sys
from pathlib import Path

REPRODUCE = '''"""Table 1 of the paper on a data file: python3 reproduce.py DATA_CSV TABLE_JSON"""
import json
import sys

import numpy as np
import pandas as pd
from scipy.optimize import minimize

CLIP, SMOOTHING, DECAY, HIDDEN = 3.0, 0.1, 1e-4, 8  # the values of [4]


def network(params, x, hidden):
    if hidden == 0:
        return x @ params[:-1] + params[-1]
    d = x.shape[1]
    w1, b1 = params[: d * hidden].reshape(d, hidden), params[d * hidden : (d + 1) * hidden]
    w2, b2 = params[(d + 1) * hidden : (d + 2) * hidden], params[-1]
    return np.tanh(x @ w1 + b1) @ w2 + b2


def train(x, y, hidden, seed):
    target = (1 - SMOOTHING) * y + SMOOTHING / 2
    size = x.shape[1] + 1 if hidden == 0 else (x.shape[1] + 2) * hidden + 1
    start = np.random.default_rng(seed).uniform(-0.3, 0.3, size) if hidden else np.zeros(size)

    def loss(params):
        z = network(params, x, hidden)
        return np.mean(np.logaddexp(0, z) - target * z) + DECAY / 2 * params @ params

    return minimize(loss, start, method="L-BFGS-B").x


def main():
    data = pd.read_csv(sys.argv[1])
    bands = [c for c in data.columns if c.startswith("band_")]
    train_rows, test_rows = data[data.split == "train"], data[data.split == "test"]
    table = {"logistic": {}, "mlp": {}}
    for n in (300, 800, 2000):
        x, y = train_rows[bands].to_numpy()[:n], train_rows.fault.to_numpy(float)[:n]
        median = np.median(x, axis=0)
        mad = 1.4826 * np.median(np.abs(x - median), axis=0)
        scale = lambda a: np.clip((a - median) / mad, -CLIP, CLIP)
        x_test, y_test = scale(test_rows[bands].to_numpy()), test_rows.fault.to_numpy(float)
        for model, hidden, seeds in (("logistic", 0, [0]), ("mlp", HIDDEN, range(5))):
            scores = []
            for seed in seeds:
                z = network(train(scale(x), y, hidden, seed), x_test, hidden)
                scores.append(np.mean(np.logaddexp(0, z) - y_test * z))
            table[model][f"n{n}"] = float(np.mean(scores))
    json.dump(table, open(sys.argv[2], "w"), indent=2)


main()
'''

Path("reproduce.py").write_text(REPRODUCE)
subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
