"""A predictor that looks images up in the training rows, the most common label when none matches.

Trivial submission (validation): run from the workspace, replaces predict.py.
"""

PREDICT = """import sys
import pandas as pd
train = pd.read_csv("train.csv")
pixels = [c for c in train.columns if c != "label"]
memory = dict(zip(map(tuple, train[pixels].to_numpy()), train["label"]))
fallback = train["label"].mode()[0]
images = pd.read_csv(sys.argv[1])[pixels].to_numpy()
pd.DataFrame({"label": [memory.get(tuple(row), fallback) for row in images]}).to_csv(sys.argv[2], index=False)
"""
open("predict.py", "w").write(PREDICT)
