"""A predictor that looks reviews up in the training texts (their most common label), the most common
training label when none matches.

Trivial submission (validation): run from the workspace, replaces predict.py.
"""

PREDICT = """import sys
import pandas as pd
train = pd.read_csv("train.csv")
memory = train.groupby("text")["label"].agg(lambda labels: labels.mode()[0]).to_dict()
fallback = train["label"].mode()[0]
reviews = pd.read_csv(sys.argv[1])
pd.DataFrame({"label": [memory.get(text, fallback) for text in reviews["text"]]}).to_csv(sys.argv[2], index=False)
"""
open("predict.py", "w").write(PREDICT)
