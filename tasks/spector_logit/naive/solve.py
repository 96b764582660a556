"""The obvious first attempt at spector_logit: statsmodels' Logit with its defaults.

Newton's method to statsmodels' default tolerance already gives the published estimates to the
digits the grader asks for: the naive attempt succeeds, which is why this task is in the `sanity` tier.
"""

import json

import pandas as pd
import statsmodels.api as sm

data = pd.read_csv("spector.csv")
fit = sm.Logit(data["GRADE"], sm.add_constant(data[["GPA", "TUCE", "PSI"]])).fit()
results = {
    "coefficients": fit.params.to_dict(),
    "std_errors": fit.bse.to_dict(),
    "log_likelihood": float(fit.llf),
}
json.dump(results, open("results.json", "w"), indent=2)
print(json.dumps(results, indent=2))
