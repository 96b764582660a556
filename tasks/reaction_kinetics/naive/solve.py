"""Naive attempt for reaction_kinetics: the textbook linearisations, the straightest one wins.

[A] vs t is straight for order 0, ln[A] for order 1, 1/[A] for order 2; the slope gives k. This is
what every physical chemistry text teaches and what an analyst tries first, reading the column as [A].
"""

import json

import numpy as np
import pandas as pd

data = pd.read_csv("kinetics.csv")
t, c = data["time_s"].to_numpy(), data["concentration_mol_per_L"].to_numpy()
transforms = {0: (c, -1.0), 1: (np.log(c), -1.0), 2: (1.0 / c, 1.0)}
fits = {}
for order, (y, sign) in transforms.items():
    slope, intercept = np.polyfit(t, y, 1)
    residuals = y - (slope * t + intercept)
    # Compare on a common scale: R^2 of each linearisation.
    fits[order] = (1 - residuals.var() / y.var(), sign * slope)
order = max(fits, key=lambda o: fits[o][0])
result = {"order": order, "rate_constant": float(fits[order][1])}
json.dump(result, open("results.json", "w"))
print(result, {o: round(f[0], 6) for o, f in fits.items()})
