"""The obvious first attempt at stackloss_lad: statsmodels' median regression (QuantReg) with its
defaults, an iteratively reweighted least-squares approximation of the L1 fit.

On stackloss it lands on the LP's vertex to the digits the grader asks for: the naive attempt succeeds,
which is why this task is in the `sanity` tier.
"""

import json

import numpy as np
import pandas as pd
import statsmodels.api as sm

data = pd.read_csv("stackloss.csv")
names = ["AIRFLOW", "WATERTEMP", "ACIDCONC"]
X = sm.add_constant(data[names])
fit = sm.QuantReg(data["STACKLOSS"], X).fit(q=0.5)
residuals = data["STACKLOSS"].to_numpy(float) - X.to_numpy(float) @ fit.params.to_numpy()
results = {
    "coefficients": fit.params.to_dict(),
    "sum_abs_residuals": float(np.abs(residuals).sum()),
}
json.dump(results, open("results.json", "w"), indent=2)
print(json.dumps(results, indent=2))
