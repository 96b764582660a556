"""Reference solution for reaction_kinetics: correct the signal for the product, then fit each law.

The notes say the exported column is absorbance / (epsilon_A l) and that B absorbs too, with
r = epsilon_B / epsilon_A given: the column is r c0 + (1 - r) [A], not [A]. Each integrated rate law
(order 0, 1, 2) is fitted to the column as it is, with that model of the signal and c0 and k free,
by weighted nonlinear least squares (weights from the stated noise); the law with the smallest
chi-square (same number of parameters for each) gives the order and k.
"""

import json
import re

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

data = pd.read_csv("kinetics.csv")
t, signal = data["time_s"].to_numpy(), data["concentration_mol_per_L"].to_numpy()
notes = open("notes.md").read()
ratio = float(re.search(r"epsilon_B / epsilon_A = ([0-9]+\.[0-9]+)", notes).group(1))
sigma = np.hypot(0.005 * signal, 0.002)


def law(order, k, c0):
    if order == 0:
        return np.maximum(c0 - k * t, 0.0)
    if order == 1:
        return c0 * np.exp(-k * t)
    return c0 / (1 + k * c0 * t)


def fit(order):
    """Weighted least squares of the signal model over (log k, c0), from a rough start."""
    c0 = signal[0]
    a = (signal - ratio * c0) / (1 - ratio)  # rough [A] for a start
    half = t[np.argmin(np.abs(a - c0 / 2))] or t[-1]
    k = {0: c0 / (2 * half), 1: np.log(2) / half, 2: 1 / (c0 * half)}[order]

    def residuals(p):
        return (ratio * p[1] + (1 - ratio) * law(order, np.exp(p[0]), p[1]) - signal) / sigma

    result = least_squares(residuals, [np.log(k), c0], x_scale=[1.0, 0.1])
    return 2 * result.cost, float(np.exp(result.x[0]))


fits = {order: fit(order) for order in (0, 1, 2)}
order = min(fits, key=lambda o: fits[o][0])
result = {"order": order, "rate_constant": fits[order][1]}
json.dump(result, open("results.json", "w"))
print(result, {o: round(f[0], 1) for o, f in fits.items()})
