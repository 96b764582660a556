"""Instance generator for allometric_scaling: metabolic rate = a * mass^b with a hidden exponent b.

60 species of terrestrial mammals over five orders of magnitude of body mass, log-normal scatter,
and eleven unit slips made while compiling the table by hand: the four lightest species' masses
copied from a source that gave kilograms (1000x too small), the four heaviest species' masses from
one that gave milligrams (1000x too large), and three rates of heavy species given in watts
(1000x too small). The mass slips put points far outside the range of the rest (high leverage),
where they drag a regression that is robust only to outlying responses (Huber, least absolute
deviations) away from the true exponent; a careful analyst spots them on a log-log plot.
"""

import json
from pathlib import Path

import numpy as np

# The exponent is drawn from one of two bands chosen at random: never near Kleiber's 3/4, the surface
# law's 2/3, isometry's 1 or the middle of the range (0.69), so a textbook or mid-range guess is
# always more than the scoring scale (0.06) off.
EXPONENT_BANDS = ((0.45, 0.60), (0.82, 0.93))
SPECIES = 60
SCATTER_DEX = 0.04  # log10 sd of a species' rate about the law
MASS_IN_KG, MASS_IN_MG, RATE_IN_W = 4, 4, 3  # unit slips, see the module docstring


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 31415, 3])
    low, high = EXPONENT_BANDS[int(rng.integers(0, len(EXPONENT_BANDS)))]
    b = float(rng.uniform(low, high))
    a = float(10 ** rng.uniform(0.3, 0.8))
    mass = 10 ** rng.uniform(0, 5, SPECIES)  # grams
    rate = a * mass**b * 10 ** rng.normal(0, SCATTER_DEX, SPECIES)  # mW
    by_mass = np.argsort(mass)
    in_kg, in_mg = by_mass[:MASS_IN_KG], by_mass[-MASS_IN_MG:]
    in_w = rng.choice(by_mass[-15:-MASS_IN_MG], RATE_IN_W, replace=False)
    mass[in_kg] /= 1000
    mass[in_mg] *= 1000
    rate[in_w] /= 1000
    names = [f"species_{i:02d}" for i in range(SPECIES)]
    lines = ["species,body_mass_g,metabolic_rate_mW"] + [
        f"{n},{m:.4g},{r:.4g}" for n, m, r in zip(names, mass, rate)
    ]
    (workspace / "metabolism.csv").write_text("\n".join(lines) + "\n")
    bad = sorted(map(int, np.concatenate([in_kg, in_mg, in_w])))
    (hidden / "truth.json").write_text(json.dumps({"exponent": b, "coefficient": a, "bad_rows": bad}))
