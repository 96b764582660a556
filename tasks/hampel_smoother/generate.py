"""Instance generator for hampel_smoother: sensor series with spikes, saturation and missing
readings around a known clean signal.

`series(rng, n)` draws a smooth signal and adds what a cheap sensor does to it: Gaussian noise, 4%
spikes, disturbed first and last readings (warm-up and shutdown), a range that ends below the
highest readings (they are recorded as its top value), and isolated missing readings (empty
cells). build() writes one series with its clean signal for the agent and keeps the signal on the
host; the grader draws fresh series at scoring time.
"""

from pathlib import Path

import numpy as np
import pandas as pd

PAPER = Path(__file__).parent / "paper.md"


def series(rng: np.random.Generator, n: int) -> pd.DataFrame:
    t = np.arange(n)
    signal = 10 * np.sin(2 * np.pi * t / rng.uniform(80, 160)) + 0.02 * t + rng.uniform(-5, 5)
    observed = signal + rng.normal(0, 1.0, n)
    spikes = rng.random(n) < 0.04
    spikes[:3] |= rng.random(3) < 0.4  # warm-up: the first readings are often off
    spikes[-3:] |= rng.random(3) < 0.4  # and so are the last, at shutdown
    observed[spikes] += rng.choice([-1, 1], spikes.sum()) * rng.uniform(8, 20, spikes.sum())
    observed = observed.round(4)
    # The sensor's range ends below the highest readings: they are all recorded as its top value.
    observed = np.minimum(observed, np.quantile(observed, rng.uniform(0.88, 0.94)).round(1))
    missing = rng.random(n) < 0.03
    missing[1:] &= ~missing[:-1]  # isolated gaps only: every window keeps most of its values
    observed[missing] = np.nan
    return pd.DataFrame({"t": t, "observed": observed, "signal": signal.round(4)})


def build(seed: int, workspace: Path, hidden: Path) -> None:
    data = series(np.random.default_rng([seed, 4646]), 400)
    data.to_csv(workspace / "series.csv", index=False)
    (workspace / "paper.md").write_text(PAPER.read_text())
    # The grader recomputes the RMSE from the submitted code's own output on this series.
    np.save(hidden / "workspace_signal.npy", data["signal"].to_numpy())
