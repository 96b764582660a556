"""Reference solution for longley_ols: QR-based least squares in float64.

Run from the workspace directory: `python3 solve.py` writes results.json.
Centring and scaling are not needed with a QR (Householder) solve; forming X'X is what loses digits.
"""

import json

import numpy as np
import pandas as pd

data = pd.read_csv("longley.csv")
names = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
y = data["TOTEMP"].to_numpy(dtype=np.float64)
X = np.column_stack([np.ones(len(data))] + [data[c].to_numpy(dtype=np.float64) for c in names])

q, r = np.linalg.qr(X)
beta = np.linalg.solve(r, q.T @ y)
residuals = y - X @ beta
n, p = X.shape
sigma2 = residuals @ residuals / (n - p)
r_inv = np.linalg.inv(r)
std_errors = np.sqrt(sigma2 * np.sum(r_inv**2, axis=1))
r_squared = 1.0 - (residuals @ residuals) / np.sum((y - y.mean()) ** 2)

keys = ["const"] + names
results = {
    "coefficients": dict(zip(keys, beta.tolist())),
    "std_errors": dict(zip(keys, std_errors.tolist())),
    "residual_sd": float(np.sqrt(sigma2)),
    "r_squared": float(r_squared),
}
with open("results.json", "w") as f:
    json.dump(results, f, indent=2)
print(json.dumps(results, indent=2))
