"""Instance generator for tabular_churn: customers with a hidden churn mechanism.

`customers(rng, n, extracted_after_outcome)` draws a table from the hidden process; build() writes a
labelled training set, its data card and the starter predictor; the grader draws fresh customers
from the same process at scoring time.

The training table is read at the end of the quarter, after the outcome: a churner's last login
precedes its cancellation, so `days_since_login` in train.csv counts the days since the customer
left (target leakage, stated in the data card). Customers to predict for are read on the first day
of a quarter, when all of them are still active: there the column carries no trace of the outcome.
"""

from pathlib import Path

import numpy as np
import pandas as pd

PLANS = ["basic", "plus", "pro"]
REGIONS = ["north", "south", "east", "west"]


def customers(rng: np.random.Generator, n: int, extracted_after_outcome: bool) -> pd.DataFrame:
    """n customers with features, a churn label from the hidden mechanism and its true probability
    (`p_churn`, never shown to the agent). `extracted_after_outcome`: read at the end of the quarter
    (train.csv) rather than at its start (customers to predict for)."""
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
    p_churn = 1 / (1 + np.exp(-logit))
    churned = rng.random(n) < p_churn
    # Days since the last login. An active customer logs in every few days, heavy users more often;
    # a churner read after the quarter stopped logging in on the day it cancelled (uniform over the
    # quarter's 90 days).
    active = rng.exponential(3.0 / (1 + usage_gb / 20), n)
    cancelled_on = rng.uniform(0, 90, n)
    gone = 90 - cancelled_on + rng.exponential(2.0, n)
    days_since_login = np.where(churned & extracted_after_outcome, gone, active).round().astype(int)
    return pd.DataFrame(
        {
            "plan": plan,
            "tenure_months": tenure,
            "monthly_fee": monthly_fee,
            "support_calls": support_calls,
            "usage_gb": usage_gb,
            "region": region,
            "autopay": autopay.astype(int),
            "days_since_login": days_since_login,
            "churned": churned.astype(int),
            "p_churn": p_churn,
        }
    )


STARTER = '''"""Starter predictor: logistic regression on the numeric columns, fitted on train.csv.

Usage: python3 predict.py CUSTOMERS_CSV PREDICTIONS_CSV
"""

import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression

NUMERIC = ["tenure_months", "monthly_fee", "support_calls", "usage_gb", "autopay", "days_since_login"]
train = pd.read_csv("train.csv")
model = LogisticRegression(max_iter=1000).fit(train[NUMERIC], train["churned"])
customers = pd.read_csv(sys.argv[1])
pd.DataFrame({"churn_probability": model.predict_proba(customers[NUMERIC])[:, 1]}).to_csv(sys.argv[2], index=False)
'''


DATA_CARD = """# train.csv: data card

3,000 customers of a subscription service, one row each: every customer who was active on the first
day of last quarter. The table was extracted on the last day of that quarter (day 90).

| column | meaning |
|---|---|
| plan | basic, plus or pro |
| tenure_months | months since sign-up, on the first day of the quarter |
| monthly_fee | fee in the plan's currency |
| support_calls | support calls in the previous quarter |
| usage_gb | mean monthly data use in the previous quarter |
| region | north, south, east or west |
| autopay | 1 if the customer pays by automatic debit |
| days_since_login | days between the customer's last login and the extraction |
| churned | 1 if the customer cancelled during the quarter |

Customers a predictor is asked about are read on the first day of a quarter (same columns, no
`churned`): all of them are active on that day, and none has cancelled yet.
"""


def build(seed: int, workspace: Path, hidden: Path) -> None:
    train = customers(np.random.default_rng([seed, 404]), 3000, extracted_after_outcome=True)
    train.drop(columns="p_churn").to_csv(workspace / "train.csv", index=False)
    (workspace / "DATA.md").write_text(DATA_CARD)
    (workspace / "predict.py").write_text(STARTER)
    (hidden / "seed.txt").write_text(str(seed))
