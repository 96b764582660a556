"""A predictor that looks customers up in the training rows, the training churn rate when none matches.

Trivial submission (validation): run from the workspace, replaces predict.py.
"""

PREDICT = """import sys
import pandas as pd
train = pd.read_csv("train.csv")
features = [c for c in train.columns if c != "churned"]
memory = dict(zip(map(tuple, train[features].itertuples(index=False)), train["churned"]))
fallback = train["churned"].mean()
customers = pd.read_csv(sys.argv[1])[features]
answers = [memory.get(tuple(row), fallback) for row in customers.itertuples(index=False)]
pd.DataFrame({"churn_probability": answers}).to_csv(sys.argv[2], index=False)
"""
open("predict.py", "w").write(PREDICT)
