"""The obvious first attempt at demand_forecast: one gradient-boosted model for all feeders.

A HistGradientBoostingRegressor with scikit-learn's defaults, trained on every hour of the 30
feeders, predicts the load from the hour of day, the day of week, the temperature and the loads 48
hours and one week before (both known for the whole 48-hour horizon). It uses the weather but not the
switching log, and models the load in kW, not relative to each feeder's size.
"""

import pickle

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor


def features(load, temperature, hours):
    """Rows for the given hours of one feeder: hour of day, day of week, temperature, lags 48 and 168."""
    return np.column_stack(
        [hours % 24, (hours // 24) % 7, temperature[hours], load[hours - 48], load[hours - 168]]
    )


demand = pd.read_csv("demand.csv").sort_values(["feeder", "hour"])
weather = pd.read_csv("weather.csv").sort_values(["feeder", "hour"])
X, y = [], []
for (_, group), (_, climate) in zip(demand.groupby("feeder"), weather.groupby("feeder")):
    load, temperature = group["load"].to_numpy(), climate["temperature"].to_numpy()
    hours = np.arange(168, len(load))
    X.append(features(load, temperature, hours))
    y.append(load[hours])
model = HistGradientBoostingRegressor().fit(np.vstack(X), np.concatenate(y))
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)

PREDICT = """import os, pickle, sys
import numpy as np
import pandas as pd


def features(load, temperature, hours):
    return np.column_stack([hours % 24, (hours // 24) % 7, temperature[hours], load[hours - 48], load[hours - 168]])


model = pickle.load(open("model.pkl", "rb"))
history = pd.read_csv(sys.argv[1]).sort_values(["feeder", "hour"])
weather = pd.read_csv(os.path.join(os.path.dirname(sys.argv[1]), "weather.csv")).sort_values(["feeder", "hour"])
rows = []
for (feeder, group), (_, climate) in zip(history.groupby("feeder"), weather.groupby("feeder")):
    load = np.concatenate([group["load"].to_numpy(), np.zeros(48)])
    hours = np.arange(len(group), len(group) + 48)
    forecast = model.predict(features(load, climate["temperature"].to_numpy(), hours))
    rows += [{"feeder": feeder, "step": h + 1, "load": forecast[h]} for h in range(48)]
pd.DataFrame(rows).to_csv(sys.argv[2], index=False)
"""
with open("predict.py", "w") as f:
    f.write(PREDICT)
