"""Naive attempt for allometric_scaling: a robust regression with library defaults on log-log axes.

The obvious first attempt of an analyst who knows comparative data carry outliers: scikit-learn's
HuberRegressor, defaults untouched, of log10 rate on log10 mass; the slope is the exponent.
"""

import json

import numpy as np
import pandas as pd
from sklearn.linear_model import HuberRegressor

data = pd.read_csv("metabolism.csv")
x = np.log10(data["body_mass_g"].to_numpy()).reshape(-1, 1)
y = np.log10(data["metabolic_rate_mW"].to_numpy())
fit = HuberRegressor().fit(x, y)
result = {"exponent": float(fit.coef_[0]), "coefficient": float(10**fit.intercept_)}
json.dump(result, open("results.json", "w"))
print(result)
