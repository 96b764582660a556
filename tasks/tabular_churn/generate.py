"""Instance generator for tabular_churn: customers with a hidden churn mechanism.

`customers(rng, n)` draws a table from the hidden process; build() writes a labelled training set
and the starter predictor; the grader draws fresh customers from the same process at scoring time.
"""

from pathlib import Path

import numpy as np
import pandas as pd

PLANS = ["basic", "plus", "pro"]
REGIONS = ["north", "south", "east", "west"]


def customers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """n customers with features and a churn label from the hidden mechanism."""
    plan = rng.choice(PLANS, n, p=[0.5, 0.3, 0.2])
    tenure = rng.gamma(2.0, 12.0, n).round(1)  # months
    monthly_fee = np.select([plan == "basic", plan == "plus"], [20, 45], 80) + rng.normal(0, 3, n).round(2)
    support_calls = rng.poisson(1.5, n)
    usage_gb = rng.lognormal(2.5, 0.8, n).round(2)
    region = rng.choice(REGIONS, n)
    autopay = rng.random(n) < 0.55
    # Hidden mechanism: new customers on expensive plans leave; repeated support calls past a
    # threshold push anyone out; autopay and heavy use keep customers; the south has a competitor.
    logit = (
        -2.0
        + 3.0 * (tenure < 8) * (plan != "basic")
        + 2.5 * (support_calls >= 4)
        - 1.5 * autopay
        - 1.5 * (usage_gb > 20) * (plan == "pro")
        + 2.5 * (region == "south") * (plan != "basic")
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "plan": plan,
            "tenure_months": tenure,
            "monthly_fee": monthly_fee,
            "support_calls": support_calls,
            "usage_gb": usage_gb,
            "region": region,
            "autopay": autopay.astype(int),
            "churned": churned.astype(int),
        }
    )


STARTER = '''"""Starter predictor: logistic regression on the numeric columns, fitted on train.csv.

Usage: python3 predict.py CUSTOMERS_CSV PREDICTIONS_CSV
"""

import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression

NUMERIC = ["tenure_months", "monthly_fee", "support_calls", "usage_gb", "autopay"]
train = pd.read_csv("train.csv")
model = LogisticRegression(max_iter=1000).fit(train[NUMERIC], train["churned"])
customers = pd.read_csv(sys.argv[1])
pd.DataFrame({"churn_probability": model.predict_proba(customers[NUMERIC])[:, 1]}).to_csv(sys.argv[2], index=False)
'''


def build(seed: int, workspace: Path, hidden: Path) -> None:
    customers(np.random.default_rng([seed, 404]), 3000).to_csv(workspace / "train.csv", index=False)
    (workspace / "predict.py").write_text(STARTER)
    (hidden / "seed.txt").write_text(str(seed))
