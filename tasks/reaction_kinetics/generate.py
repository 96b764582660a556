"""Instance generator for reaction_kinetics: a reaction of hidden order and rate constant.

build(seed, workspace, hidden) writes the noisy concentration series the agent sees and the hidden
truth the grader checks. Deterministic in the seed.
"""

import json
import math
from pathlib import Path

import numpy as np


def concentration(order: int, k: float, c0: float, t: np.ndarray) -> np.ndarray:
    """Integrated rate law of A -> products, rate = k [A]^order."""
    if order == 0:
        return c0 - k * t
    if order == 1:
        return c0 * np.exp(-k * t)
    return c0 / (1 + k * c0 * t)


# log10 k is drawn from these two bands, one chosen at random: k spans 1e-3 to 1e-1 but never lies
# within a factor of 1.8 of the range's midpoint 0.01, so a mid-range guess is always far off.
LOG10_K_BANDS = ((-3.0, -2.25), (-1.75, -1.0))


def rate_constant(rng: np.random.Generator) -> float:
    """A rate constant, log-uniform within one of LOG10_K_BANDS."""
    low, high = LOG10_K_BANDS[int(rng.integers(0, len(LOG10_K_BANDS)))]
    return float(10 ** rng.uniform(low, high))


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 2718])
    order = int(rng.integers(0, 3))
    c0 = float(rng.uniform(0.5, 2.0))  # mol/L
    k = rate_constant(rng)  # units depend on the order; time in s
    # Follow the reaction to 80% conversion, as a kineticist would.
    t_end = {0: 0.8 * c0 / k, 1: math.log(5) / k, 2: 4 / (k * c0)}[order]
    t = np.linspace(0, t_end, 30)
    c = concentration(order, k, c0, t) * (1 + rng.normal(0, 0.005, t.size)) + rng.normal(0, 0.002, t.size)
    lines = ["time_s,concentration_mol_per_L"] + [f"{ti:.3f},{ci:.5f}" for ti, ci in zip(t, c)]
    (workspace / "kinetics.csv").write_text("\n".join(lines) + "\n")
    (workspace / "notes.md").write_text(
        "# Lab notes\n\nDecomposition of A in solution at 298 K, followed by UV absorbance converted to\n"
        f"concentration. Initial concentration prepared: {c0:.3f} mol/L (nominal). Single run, {t.size}\n"
        "readings. Instrument noise: about 0.5% of reading plus 0.002 mol/L.\n"
    )
    (hidden / "truth.json").write_text(json.dumps({"order": order, "rate_constant": k, "c0": c0}))
