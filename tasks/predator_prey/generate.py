"""Instance generator for predator_prey: Lotka-Volterra dynamics with hidden parameters.

dx/dt = alpha x - beta x y (prey), dy/dt = delta x y - gamma y (predators). Censuses are taken
yearly-ish with 4% multiplicative counting error. Deterministic in the seed.
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
    rng = np.random.default_rng([seed, 1926])
    params = {
        "alpha": float(rng.uniform(0.4, 1.2)),
        "beta": log_uniform(rng, *BETA_RANGE),
        "gamma": float(rng.uniform(0.3, 1.0)),
        "delta": log_uniform(rng, *DELTA_RANGE),
    }
    # Start away from equilibrium (gamma/delta prey, alpha/beta predators) so the cycles are large.
    x0 = params["gamma"] / params["delta"] * rng.uniform(0.4, 0.7)
    y0 = params["alpha"] / params["beta"] * rng.uniform(0.4, 0.7)
    t = np.linspace(0, 40, 61)
    x, y = simulate(params, x0, y0, t) * np.exp(rng.normal(0, 0.04, (2, t.size)))
    lines = ["year,prey,predators"] + [f"{ti:.2f},{xi:.1f},{yi:.1f}" for ti, xi, yi in zip(t, x, y)]
    (workspace / "census.csv").write_text("\n".join(lines) + "\n")
    (hidden / "truth.json").write_text(json.dumps({**params, "x0": x0, "y0": y0}))
