"""Instance generator for demand_forecast: hourly electricity demand of many feeders.

Each feeder's hourly load has a level, a daily profile, a weekday/weekend effect, a slow trend and
AR(1) noise. The agent gets 4 weeks of history for 30 feeders plus the following 2 days; at scoring
time the grader draws new feeders from the same process, shows 4 weeks, and asks for the next 48 h.
"""

from pathlib import Path

import numpy as np
import pandas as pd

HISTORY, HORIZON, PERIOD = 24 * 28, 48, 24


def feeders(rng: np.random.Generator, n: int, length: int) -> np.ndarray:
    """n hourly series of `length` points from the hidden process (rows are feeders)."""
    t = np.arange(length)
    hour, day = t % 24, (t // 24) % 7
    out = np.empty((n, length))
    for i in range(n):
        level = rng.uniform(50, 200)
        peak = rng.uniform(16, 20)  # evening peak hour
        daily = 0.25 * np.exp(-0.5 * ((hour - peak) / 2.5) ** 2) + 0.12 * np.exp(
            -0.5 * ((hour - 8) / 2.0) ** 2
        )
        weekend = np.where(day >= 5, rng.uniform(-0.25, -0.1), 0.0)
        trend = rng.normal(0, 0.0004) * t
        noise = np.zeros(length)
        shocks = rng.normal(0, 0.03, length)
        for k in range(1, length):
            noise[k] = 0.8 * noise[k - 1] + shocks[k]
        out[i] = level * (1 + daily + weekend + trend + noise)
    return out.round(2)


def to_long(series: np.ndarray) -> pd.DataFrame:
    n, length = series.shape
    return pd.DataFrame(
        {
            "feeder": np.repeat([f"f{i:03d}" for i in range(n)], length),
            "hour": np.tile(np.arange(length), n),
            "load": series.ravel(),
        }
    )


STARTER = '''"""Starter forecaster: seasonal naive, tomorrow repeats the last day.

Usage: python3 predict.py HISTORY_CSV FORECAST_CSV
HISTORY_CSV has columns feeder, hour, load (672 hours per feeder); FORECAST_CSV gets
feeder, step (1..48), load.
"""

import sys

import pandas as pd

history = pd.read_csv(sys.argv[1]).sort_values(["feeder", "hour"])
rows = []
for feeder, group in history.groupby("feeder"):
    last_day = group["load"].to_numpy()[-24:]
    rows += [{"feeder": feeder, "step": h + 1, "load": last_day[h % 24]} for h in range(48)]
pd.DataFrame(rows).to_csv(sys.argv[2], index=False)
'''


def build(seed: int, workspace: Path, hidden: Path) -> None:
    series = feeders(np.random.default_rng([seed, 2024]), 30, HISTORY + HORIZON)
    to_long(series).to_csv(workspace / "demand.csv", index=False)
    (workspace / "predict.py").write_text(STARTER)
    (hidden / "seed.txt").write_text(str(seed))
