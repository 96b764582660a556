"""The obvious first attempt at longley_ols: statsmodels' OLS with its defaults.

Run from the workspace directory: `python3 solve.py` writes results.json. statsmodels solves least
squares through a pseudo-inverse (an SVD), which keeps about 10 correct digits on Longley: the naive
attempt succeeds, which is why this task is in the `sanity` tier.
"""

import json

import pandas as pd
import statsmodels.api as sm

data = pd.read_csv("longley.csv")
names = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
fit = sm.OLS(data["TOTEMP"], sm.add_constant(data[names])).fit()
results = {
    "coefficients": fit.params.to_dict(),
    "std_errors": fit.bse.to_dict(),
    "residual_sd": float(fit.mse_resid**0.5),
    "r_squared": float(fit.rsquared),
}
with open("results.json", "w") as f:
    json.dump(results, f, indent=2)
print(json.dumps(results, indent=2))
