"""Instance generator for reaction_kinetics: a reaction of hidden order and rate constant.

build(seed, workspace, hidden) writes the noisy series the agent sees, the lab notes and the hidden
truth the grader checks. Deterministic in the seed.

The run is followed by UV absorbance, and the product B absorbs at the monitoring wavelength too: the
reported "concentration" is absorbance / (epsilon_A l), i.e. [A] + r [B] = r c0 + (1 - r) [A] for
A -> B, with r = epsilon_B / epsilon_A stated in the notes. Read as [A], the series levels off at
r c0 instead of 0: a zero-order run then looks slower by a factor 1 - r, first- and second-order
runs look like a higher order. The run length is chosen by the experimenter to a conversion drawn
per seed, so the time grid does not encode k.
"""

import json
import math
from pathlib import Path

import numpy as np

READINGS = 30
NOISE_RELATIVE, NOISE_ABSOLUTE = 0.005, 0.002  # of the reading; mol/L
ABSORPTIVITY_RATIO = (0.12, 0.30)  # r = epsilon_B / epsilon_A, drawn per seed
CONVERSION = (0.65, 0.92)  # fraction of A consumed by the last reading, drawn per seed


def concentration(order: int, k: float, c0: float, t: np.ndarray) -> np.ndarray:
    """Integrated rate law of A -> products, rate = k [A]^order."""
    if order == 0:
        return np.maximum(c0 - k * t, 0.0)
    if order == 1:
        return c0 * np.exp(-k * t)
    return c0 / (1 + k * c0 * t)


def time_to_conversion(order: int, k: float, c0: float, conversion: float) -> float:
    """Seconds until a fraction `conversion` of A has reacted."""
    if order == 0:
        return conversion * c0 / k
    if order == 1:
        return -math.log(1 - conversion) / k
    return conversion / ((1 - conversion) * k * c0)


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
    c0 = float(rng.uniform(0.5, 2.0))  # mol/L, as made up
    k = rate_constant(rng)  # units depend on the order; time in s
    ratio = float(rng.uniform(*ABSORPTIVITY_RATIO))
    nominal = c0 * float(rng.uniform(0.95, 1.05))  # what the notes say was prepared
    t_end = time_to_conversion(order, k, c0, float(rng.uniform(*CONVERSION)))
    t = np.round(np.linspace(0, t_end, READINGS), 1)
    a = concentration(order, k, c0, t)
    apparent = ratio * c0 + (1 - ratio) * a
    signal = apparent * (1 + rng.normal(0, NOISE_RELATIVE, t.size)) + rng.normal(0, NOISE_ABSOLUTE, t.size)
    lines = ["time_s,concentration_mol_per_L"] + [f"{ti:.1f},{ci:.5f}" for ti, ci in zip(t, signal)]
    (workspace / "kinetics.csv").write_text("\n".join(lines) + "\n")
    (workspace / "notes.md").write_text(
        "# Lab notes\n\n"
        "Decomposition A -> B in solution at 298 K, followed by UV absorbance at 260 nm. Initial\n"
        f"concentration prepared: {nominal:.3f} mol/L (nominal; the balance is not the best). Single run,\n"
        f"{t.size} readings. Instrument noise: about 0.5% of reading plus 0.002 mol/L.\n\n"
        "The `concentration_mol_per_L` column is the absorbance divided by epsilon_A * l (A's molar\n"
        "absorptivity times the path length), as the instrument software exports it. The product B\n"
        "absorbs at 260 nm as well: a calibration with pure B the same day gave\n"
        f"epsilon_B / epsilon_A = {ratio:.3f}. No correction for B has been applied to the column.\n"
    )
    (hidden / "truth.json").write_text(
        json.dumps({"order": order, "rate_constant": k, "c0": c0, "absorptivity_ratio": ratio})
    )
