"""Instance generator for demand_forecast: hourly electricity demand of many feeders.

Each feeder's hourly load is multiplicative: a level (300 to 6000 kW, log-uniform), a daily profile
with a weekend drop, a slow trend, a heating load proportional to heating degrees of the building
temperature (an exponential smoothing of the outdoor temperature: thermal inertia) with a feeder's
own sensitivity, a step change where the feeder was reconfigured (switching log), and AR(1) noise.
Each feeder has its own weather station. The agent gets 4 weeks of history for 30 feeders plus the
following 2 days; at scoring time the grader draws 40 new feeders from the same process, shows 4
weeks of load, the temperature up to the end of the 48 hours to forecast and the switching log,
and asks for the next 48 h.

The grader also keeps the true process's expected load for the 48 hours given everything shown (the
noise decays from its last value): its MASE on the test feeders is score 1.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.signal import lfilter

HISTORY, HORIZON, PERIOD = 24 * 28, 48, 24
BURN_IN = 96  # hours of weather before the first shown hour, so the smoothed temperature is settled
THRESHOLD = 16.0  # degC: heating starts below this building temperature
INERTIA = 0.1  # exponential smoothing weight per hour of the building temperature
PHI, SHOCK = 0.9, 0.02  # AR(1) noise (relative)
SWITCHED = 0.6  # share of feeders reconfigured in the last week of their history


def weather(rng: np.random.Generator, length: int) -> np.ndarray:
    """Hourly outdoor temperature (degC), BURN_IN hours before the shown ones included: a regional
    mean, day-to-day weather (AR(1) on daily means, interpolated) and a diurnal cycle."""
    days = (length + BURN_IN) // 24 + 3
    anomaly = np.empty(days)
    anomaly[0] = rng.normal(0, 4.9)
    for day in range(1, days):
        anomaly[day] = 0.7 * anomaly[day - 1] + rng.normal(0, 3.5)
    t = np.arange(length + BURN_IN)
    mean = rng.uniform(-2, 12)
    amplitude = rng.uniform(2, 5)
    return (
        mean
        + np.interp(t, np.arange(days) * 24 + 12, anomaly)
        + amplitude * np.cos(2 * np.pi * ((t % 24) - 15) / 24)
        + rng.normal(0, 0.3, t.size)
    )


def feeders(rng: np.random.Generator, n: int, length: int) -> dict[str, np.ndarray]:
    """n feeders of `length` hours from the hidden process.

    Returns load and temperature (rows are feeders), the hour of each feeder's switching (-1: none)
    and `expected`: the expected load given the first HISTORY hours and the whole temperature.
    """
    t = np.arange(length)
    hour, day = t % 24, (t // 24) % 7
    switched = rng.permutation(n) < round(SWITCHED * n)
    load, temperature, expected = np.empty((n, length)), np.empty((n, length)), np.empty((n, length))
    switch = np.full(n, -1)
    for i in range(n):
        level = np.exp(rng.uniform(np.log(300), np.log(6000)))
        peak = rng.uniform(16, 20)  # evening peak hour
        daily = 0.25 * np.exp(-0.5 * ((hour - peak) / 2.5) ** 2) + 0.12 * np.exp(
            -0.5 * ((hour - 8) / 2.0) ** 2
        )
        weekend = np.where(day >= 5, rng.uniform(-0.25, -0.1), 0.0)
        trend = rng.normal(0, 0.0004) * t
        sensitivity = np.exp(rng.uniform(np.log(0.004), np.log(0.06)))  # per heating degree
        outdoor = weather(rng, length)
        building = lfilter([INERTIA], [1, INERTIA - 1], outdoor, zi=[outdoor[0] * (1 - INERTIA)])[0]
        heating = np.maximum(0.0, THRESHOLD - building[BURN_IN:])
        step = np.ones(length)
        if switched[i]:
            switch[i] = rng.integers(HISTORY - 168, HISTORY - 12)
            step[switch[i] :] = np.exp(rng.choice([-1, 1]) * rng.uniform(0.15, 0.4))
        noise = lfilter([1.0], [1, -PHI], rng.normal(0, SHOCK, length))
        base = level * (1 + daily + weekend + trend) * (1 + sensitivity * heating) * step
        load[i] = base * (1 + noise)
        temperature[i] = outdoor[BURN_IN:]
        expected[i] = load[i]
        ahead = np.arange(1, length - HISTORY + 1)
        expected[i, HISTORY:] = base[HISTORY:] * (1 + PHI**ahead * noise[HISTORY - 1])
    return {
        "load": load.round(2),
        "temperature": temperature.round(1),
        "switch": switch,
        "expected": expected,
    }


def names(n: int) -> list[str]:
    return [f"f{i:03d}" for i in range(n)]


def to_long(series: np.ndarray, column: str = "load") -> pd.DataFrame:
    n, length = series.shape
    return pd.DataFrame(
        {
            "feeder": np.repeat(names(n), length),
            "hour": np.tile(np.arange(length), n),
            column: series.ravel(),
        }
    )


def switches(switch: np.ndarray) -> pd.DataFrame:
    """The switching log: one row per reconfigured feeder, the first hour of its new configuration."""
    rows = [(name, int(hour)) for name, hour in zip(names(len(switch)), switch) if hour >= 0]
    return pd.DataFrame(rows, columns=["feeder", "hour"])


STARTER = '''"""Starter forecaster: seasonal naive, tomorrow repeats the last day.

Usage: python3 predict.py HISTORY_CSV FORECAST_CSV
HISTORY_CSV has columns feeder, hour, load (672 hours per feeder); weather.csv and switches.csv lie
in the same folder. FORECAST_CSV gets feeder, step (1..48), load.
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
    drawn = feeders(np.random.default_rng([seed, 2025]), 30, HISTORY + HORIZON)
    to_long(drawn["load"]).to_csv(workspace / "demand.csv", index=False)
    to_long(drawn["temperature"], "temperature").to_csv(workspace / "weather.csv", index=False)
    switches(drawn["switch"]).to_csv(workspace / "switches.csv", index=False)
    (workspace / "predict.py").write_text(STARTER)
    (hidden / "seed.txt").write_text(str(seed))
