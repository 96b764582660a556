"""Reference solution for spector_logit: unpenalised maximum-likelihood logit (Newton's method)."""

import json

import pandas as pd
import statsmodels.api as sm

data = pd.read_csv("spector.csv")
X = sm.add_constant(data[["GPA", "TUCE", "PSI"]])
fit = sm.Logit(data["GRADE"], X).fit(disp=0, tol=1e-10)
results = {
    "coefficients": fit.params.to_dict(),
    "std_errors": fit.bse.to_dict(),
    "log_likelihood": float(fit.llf),
}
json.dump(results, open("results.json", "w"), indent=2)
print(json.dumps(results, indent=2))
