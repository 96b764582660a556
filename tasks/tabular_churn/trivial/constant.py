"""A predictor that answers the training churn rate for every customer.

Trivial submission (validation): run from the workspace, replaces predict.py.
"""

PREDICT = """import sys
import pandas as pd
rate = pd.read_csv("train.csv")["churned"].mean()
customers = pd.read_csv(sys.argv[1])
pd.DataFrame({"churn_probability": [rate] * len(customers)}).to_csv(sys.argv[2], index=False)
"""
open("predict.py", "w").write(PREDICT)
