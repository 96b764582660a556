"""A predictor that answers the most common training label for every review.

Trivial submission (validation): run from the workspace, replaces predict.py.
"""

PREDICT = """import sys
import pandas as pd
mode = pd.read_csv("train.csv")["label"].mode()[0]
reviews = pd.read_csv(sys.argv[1])
pd.DataFrame({"label": [mode] * len(reviews)}).to_csv(sys.argv[2], index=False)
"""
open("predict.py", "w").write(PREDICT)
