"""Instance generator for predator_prey: Lotka-Volterra dynamics with hidden parameters.

dx/dt = alpha x - beta x y (prey), dy/dt = delta x y - gamma y (predators). Two censuses a year
(spring and autumn) for 30 years with 3% multiplicative counting error. The cycles are fast (periods
of about 2 to 3.7 years), so half a year between censuses is coarse: finite-difference derivatives of
the log-counts are flattened by 15-40%, and gradient matching on them is off by as much; the
parameters have to come from fitting the integrated ODE to the counts, from a start that gets the
cycle right (a fit started from rates of 1 per year locks onto a wrong cycle). Deterministic in the seed.
"""

import json
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

# beta and delta set the sizes of the two populations (equilibria alpha/beta predators, gamma/delta
# prey), not the shape of the cycles, so they are drawn over two decades each: a mid-range guess is
# then far off on most instances. The upper ends keep the smallest populations as large as before.
BETA_RANGE = (5e-4, 5e-2)
DELTA_RANGE = (2e-4, 2e-2)
# alpha and gamma set the cycle (angular frequency about sqrt(alpha gamma), 1.7 to 3 per year).
ALPHA_RANGE = (1.8, 3.2)
GAMMA_RANGE = (1.6, 2.8)
YEARS, CENSUSES_PER_YEAR = 30, 2
COUNTING_ERROR = 0.03  # sd of the log of a count


def log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    """A draw uniform in log10 between `low` and `high`."""
    return float(10 ** rng.uniform(np.log10(low), np.log10(high)))


def simulate(params: dict, x0: float, y0: float, t: np.ndarray) -> np.ndarray:
    a, b, g, d = params["alpha"], params["beta"], params["gamma"], params["delta"]

    def rhs(_, z):
        x, y = z
        return [a * x - b * x * y, d * x * y - g * y]

    return solve_ivp(rhs, (t[0], t[-1]), [x0, y0], t_eval=t, rtol=1e-9, atol=1e-9).y


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 1926, 3])
    params = {
        "alpha": float(rng.uniform(*ALPHA_RANGE)),
        "beta": log_uniform(rng, *BETA_RANGE),
        "gamma": float(rng.uniform(*GAMMA_RANGE)),
        "delta": log_uniform(rng, *DELTA_RANGE),
    }
    # Start away from equilibrium (gamma/delta prey, alpha/beta predators) so the cycles are large.
    x0 = params["gamma"] / params["delta"] * rng.uniform(0.4, 0.7)
    y0 = params["alpha"] / params["beta"] * rng.uniform(0.4, 0.7)
    t = np.arange(YEARS * CENSUSES_PER_YEAR + 1) / CENSUSES_PER_YEAR
    x, y = simulate(params, x0, y0, t) * np.exp(rng.normal(0, COUNTING_ERROR, (2, t.size)))
    lines = ["year,prey,predators"] + [f"{ti:.1f},{xi:.1f},{yi:.1f}" for ti, xi, yi in zip(t, x, y)]
    (workspace / "census.csv").write_text("\n".join(lines) + "\n")
    (hidden / "truth.json").write_text(json.dumps({**params, "x0": x0, "y0": y0}))
