"""A forecaster that looks each history up in the training feeders and continues the one that matches,
the mean training load when none does.

Trivial submission (validation): run from the workspace, replaces predict.py.
"""

PREDICT = """import sys
import pandas as pd
demand = pd.read_csv("demand.csv").sort_values(["feeder", "hour"])
known = [group["load"].tolist() for _, group in demand.groupby("feeder")]
mean = demand["load"].mean()
rows = []
for feeder, group in pd.read_csv(sys.argv[1]).sort_values(["feeder", "hour"]).groupby("feeder"):
    past = group["load"].tolist()
    match = next((series for series in known if series[: len(past)] == past), None)
    future = match[len(past) : len(past) + 48] if match else []
    future += [mean] * (48 - len(future))
    rows += [{"feeder": feeder, "step": h + 1, "load": future[h]} for h in range(48)]
pd.DataFrame(rows).to_csv(sys.argv[2], index=False)
"""
open("predict.py", "w").write(PREDICT)
