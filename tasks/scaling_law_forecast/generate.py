"""Instance generator for scaling_law_forecast: a solvable model of neural scaling laws, drawn per seed.

The process (Bahri et al. 2021; Maloney, Roberts and Sully 2022): an example has an endless, ordered
list of independent standard-normal features and a target y = sum_k w_k x_k + noise. The teacher's
power beyond feature N is an exact power law, T(N) = sum_{k > N} w_k^2 = C N^-alpha (w_k^2 =
C ((k - 1)^-alpha - k^-alpha), random signs), so a model that fits the first N features by least
squares on D examples has the expected test loss, exactly (the features it leaves out act as
independent Gaussian noise; the inverse-Wishart mean gives the estimation error):

    L(N, D) = (E + C N^-alpha) * (D - 1) / (D - N - 1),   E = the noise variance.

The workspace holds the first WIDTH features of TRAIN training and TEST test examples, so the largest
run an agent can make is width 256 on 8,192 examples; the targets are 8x to 32x beyond it in width
and data, at the same 32 examples per feature. Their true losses are computed here, exactly, into
hidden/truth.json. The irreducible E is a large share of the loss at the targets, so a pure power law
fitted to the small runs forecasts far too low.
"""

import json
import shutil
from pathlib import Path

import numpy as np

WIDTH, TRAIN, TEST = 256, 8192, 65536
STEP = 32  # features are stored as int8 in units of 1/STEP (standard normal, rounded; |x| < 4)
EXAMPLES_PER_FEATURE = 32
TARGET_WIDTHS = (2048, 4096, 8192)


def target_configs() -> list[dict[str, int]]:
    """The hidden runs to forecast: width N on 32 N examples (the workspace's largest run's ratio)."""
    return [{"width": n, "examples": EXAMPLES_PER_FEATURE * n} for n in TARGET_WIDTHS]


def expected_loss(noise: float, tail: float, width: int, examples: int) -> float:
    """Expected test MSE of least squares on `width` features and `examples` examples (see above)."""
    return (noise + tail) * (examples - 1) / (examples - width - 1)


def draw_process(seed: int) -> dict:
    """The seed's law: exponent alpha, irreducible E, scale C, and the teacher's first WIDTH weights.

    Drawn so that E is 10-80% of the loss of the workspace's largest run: forecasting needs the offset.
    """
    rng = np.random.default_rng([seed, 2020, 12])
    alpha = float(rng.uniform(0.5, 1.1))
    noise = float(10 ** rng.uniform(-1.3, 0.3))
    reducible_share = float(rng.uniform(0.2, 0.9))  # T(WIDTH) / (E + T(WIDTH))
    scale = noise * reducible_share / (1 - reducible_share) * WIDTH**alpha
    k = np.arange(1, WIDTH + 1)
    power = scale * np.where(k == 1, 1.0, np.maximum(k - 1, 1.0) ** -alpha - k**-alpha)
    return {
        "alpha": alpha,
        "noise": noise,
        "scale": scale,
        "weights": rng.choice([-1.0, 1.0], WIDTH) * np.sqrt(power),
    }


def tail(process: dict, width: int) -> float:
    """T(N) = C N^-alpha: the teacher's power beyond the first N features (the weights telescope)."""
    return process["scale"] * width ** -process["alpha"]


def sample(process: dict, rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` examples: the first WIDTH features, rounded to multiples of 1/STEP and stored as int8
    (a quarter of the bytes of float32; y is made from the rounded values), and y, whose left-out
    features and noise are drawn together as one Gaussian of variance E + T(WIDTH) (the same law)."""
    steps = np.clip(np.rint(STEP * rng.standard_normal((count, WIDTH))), -127, 127).astype(np.int8)
    rest = np.sqrt(process["noise"] + tail(process, WIDTH))
    y = steps.astype(np.float64) @ (process["weights"][:WIDTH] / STEP) + rest * rng.standard_normal(count)
    return steps, y.astype(np.float32)


def truth(process: dict) -> dict:
    """The targets' true expected losses, the largest workspace run's (for the record), and the law."""
    largest = expected_loss(process["noise"], tail(process, WIDTH), WIDTH, TRAIN)
    targets = []
    for config in target_configs():
        loss = expected_loss(process["noise"], tail(process, config["width"]), **config)
        targets.append({**config, "loss": loss})
    return {
        "targets": targets,
        "largest_run": {"width": WIDTH, "examples": TRAIN, "loss": largest},
        "alpha": process["alpha"],
        "irreducible": process["noise"],
    }


def build(seed: int, workspace: Path, hidden: Path) -> None:
    process = draw_process(seed)
    for name, count, stream in (("train", TRAIN, 1), ("test", TEST, 2)):
        x, y = sample(process, np.random.default_rng([seed, 2020, stream]), count)
        np.savez(workspace / f"{name}.npz", x=x, y=y, x_unit=np.float64(1 / STEP))
    shutil.copy(Path(__file__).parent / "starter" / "train.py", workspace / "train.py")
    (hidden / "truth.json").write_text(json.dumps(truth(process), indent=1))
