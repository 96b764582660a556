"""A forecaster that answers the mean training load for every feeder and hour.

Trivial submission (validation): run from the workspace, replaces predict.py.
"""

PREDICT = """import sys
import pandas as pd
mean = pd.read_csv("demand.csv")["load"].mean()
feeders = pd.read_csv(sys.argv[1])["feeder"].unique()
rows = [{"feeder": f, "step": h, "load": mean} for f in feeders for h in range(1, 49)]
pd.DataFrame(rows).to_csv(sys.argv[2], index=False)
"""
open("predict.py", "w").write(PREDICT)
