"""Reference solution for allometric_scaling: find the gross errors, then fit a line in log-log space.

On a log-log plot a few species sit three decades outside the mass range of the rest, or three
decades below the line: unit slips. They are high-leverage points, so a regression robust only to
outlying responses (Huber) is dragged by them. Theil-Sen (the median of pairwise slopes) is not,
and its residuals expose them; least squares on the remaining species, repeated until the set of
kept species stops changing, estimates the exponent.
"""

import json

import numpy as np
import pandas as pd
from scipy.stats import theilslopes

data = pd.read_csv("metabolism.csv")
x, y = np.log10(data["body_mass_g"]).to_numpy(), np.log10(data["metabolic_rate_mW"]).to_numpy()
slope, intercept, _, _ = theilslopes(y, x)
keep = np.ones(x.size, bool)
for _ in range(10):
    residuals = y - (intercept + slope * x)
    centre = np.median(residuals[keep])
    scale = 1.4826 * np.median(np.abs(residuals[keep] - centre))
    new_keep = np.abs(residuals - centre) < 4 * scale
    if (new_keep == keep).all():
        break
    keep = new_keep
    slope, intercept = np.polyfit(x[keep], y[keep], 1)
json.dump({"exponent": float(slope), "coefficient": float(10**intercept)}, open("results.json", "w"))
print(f"exponent {slope:.4f} from {keep.sum()} species; dropped {list(data['species'][~keep])}")
