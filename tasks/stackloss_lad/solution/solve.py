"""Reference solution for stackloss_lad: the L1 fit as a linear programme.

min sum |y - X b| is the LP  min 1'u + 1'v  s.t.  X b + u - v = y, u, v >= 0, whose optimum is a
vertex: exact, unlike iteratively reweighted approximations.
"""

import json

import numpy as np
import pandas as pd
from scipy.optimize import linprog

data = pd.read_csv("stackloss.csv")
names = ["AIRFLOW", "WATERTEMP", "ACIDCONC"]
X = np.column_stack([np.ones(len(data))] + [data[c].to_numpy(float) for c in names])
y = data["STACKLOSS"].to_numpy(float)
n, p = X.shape
cost = np.r_[np.zeros(p), np.ones(2 * n)]
fit = linprog(
    cost,
    A_eq=np.c_[X, np.eye(n), -np.eye(n)],
    b_eq=y,
    bounds=[(None, None)] * p + [(0, None)] * (2 * n),
    method="highs",
)
beta = fit.x[:p]
results = {
    "coefficients": dict(zip(["const"] + names, beta.tolist())),
    "sum_abs_residuals": float(np.abs(y - X @ beta).sum()),
}
json.dump(results, open("results.json", "w"), indent=2)
print(json.dumps(results, indent=2))
