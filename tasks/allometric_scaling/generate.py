"""Instance generator for allometric_scaling: metabolic rate = a * mass^b with a hidden exponent b.

60 species over five orders of magnitude of body mass, log-normal scatter, and three gross
recording errors (a rate entered in the wrong unit, 1000x too large) that a careful analyst spots.
"""

import json
from pathlib import Path

import numpy as np

# The exponent is drawn from one of two bands chosen at random: never near Kleiber's 3/4, the surface
# law's 2/3, isometry's 1 or the middle of the range (0.69), so a textbook or mid-range guess is
# always more than the scoring scale (0.06) off.
EXPONENT_BANDS = ((0.45, 0.60), (0.82, 0.93))


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 31415])
    low, high = EXPONENT_BANDS[int(rng.integers(0, len(EXPONENT_BANDS)))]
    b = float(rng.uniform(low, high))
    a = float(10 ** rng.uniform(0.3, 0.8))
    mass = 10 ** rng.uniform(0, 5, 60)  # grams
    rate = a * mass**b * 10 ** rng.normal(0, 0.08, mass.size)  # mW
    # Mis-entered rates among the heaviest species, where they pull an ordinary fit hardest.
    bad = rng.choice(np.argsort(mass)[-15:], 3, replace=False)
    rate[bad] *= 1000
    names = [f"species_{i:02d}" for i in range(mass.size)]
    lines = ["species,body_mass_g,metabolic_rate_mW"] + [
        f"{n},{m:.4g},{r:.4g}" for n, m, r in zip(names, mass, rate)
    ]
    (workspace / "metabolism.csv").write_text("\n".join(lines) + "\n")
    (hidden / "truth.json").write_text(
        json.dumps({"exponent": b, "coefficient": a, "bad_rows": sorted(map(int, bad))})
    )
