"""Naive attempt for predator_prey: gradient matching for a start, then one ODE fit of the whole record.

The obvious careful-looking first attempt (and this task's reference solution up to 2-A): log-derivatives
are linear in the parameters (d ln x/dt = alpha - beta y, d ln y/dt = delta x - gamma), so regressions
on finite differences give starting values; least squares on the log-populations of the integrated
ODE (initial state included) refines them, over all censuses at once.
"""

import json

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp
from scipy.optimize import least_squares

data = pd.read_csv("census.csv")
t, x, y = data["year"].to_numpy(), data["prey"].to_numpy(), data["predators"].to_numpy()

dlx, dly = np.gradient(np.log(x), t), np.gradient(np.log(y), t)
alpha, minus_beta = np.polyfit(y, dlx, 1)[::-1]
minus_gamma, delta = np.polyfit(x, dly, 1)[::-1]
start = np.log([alpha, -minus_beta, -minus_gamma, delta, x[0], y[0]])


def residuals(log_theta):
    a, b, g, d, x0, y0 = np.exp(log_theta)
    solution = solve_ivp(
        lambda _, z: [a * z[0] - b * z[0] * z[1], d * z[0] * z[1] - g * z[1]],
        (t[0], t[-1]),
        [x0, y0],
        t_eval=t,
        rtol=1e-7,
        atol=1e-7,
    )
    if not solution.success or solution.y.shape[1] != t.size:
        return np.full(2 * t.size, 1e3)
    return np.concatenate([np.log(solution.y[0]) - np.log(x), np.log(solution.y[1]) - np.log(y)])


fit = least_squares(residuals, start)
a, b, g, d, _, _ = np.exp(fit.x)
result = {"alpha": a, "beta": b, "gamma": g, "delta": d}
json.dump(result, open("results.json", "w"))
print({k: round(v, 5) for k, v in result.items()})
