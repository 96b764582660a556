"""The audited repository's files, written with or without each planted bug.

`files(planted)` maps file name -> source, where `planted` maps a bug kind to its variant. The
buggy code reads like ordinary code: no comment marks it.
"""

DATA_PY = '''"""Read the admissions extract."""

import pandas as pd

LABEL = "readmitted_30d"
DATES = ["admitted_on", "discharged_on", "last_contact_on"]


def load_admissions(path: str) -> pd.DataFrame:
    """One row per admission; the label column is absent in admissions still to be scored."""
    return pd.read_csv(path, parse_dates=DATES)
'''

FEATURES_HEAD = '''"""Model features: columns derived from each admission, the GP practice's readmission rate, and
the imputation and scaling of the numeric columns."""

import numpy as np
import pandas as pd
{imports}
from data import LABEL

NUMERIC = [
    "age",
    "bmi",
    "length_of_stay",
    "log_stay",
    "n_medications",
    "n_diagnoses",
    "prior_admissions",
    "chronic_conditions",
    "hba1c",
    "systolic_bp",{extra_numeric}
]
FLAGS = ["emergency", "male", "weekend_discharge"]


def add_row_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns computed from each admission's own record."""
    out = frame.copy()
    out["log_stay"] = np.log1p(out["length_of_stay"])
    out["weekend_discharge"] = (out["discharged_on"].dt.dayofweek >= 5).astype(int)
{extra_row}    return out
'''

FOLLOWUP_ROW = '    out["followup_days"] = (out["last_contact_on"] - out["discharged_on"]).dt.days\n'

ENCODER_CLEAN = '''

class PracticeEncoder:
    """Readmission rate of each GP practice, shrunk towards the overall rate for small practices."""

    def __init__(self, smoothing: float = 20.0, folds: int = 5):
        self.smoothing, self.folds = smoothing, folds

    def fit(self, frame: pd.DataFrame) -> "PracticeEncoder":
        counts = frame.groupby("practice")[LABEL].agg(["sum", "count"])
        self.prior = frame[LABEL].mean()
        self.rates = (counts["sum"] + self.smoothing * self.prior) / (counts["count"] + self.smoothing)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        return frame["practice"].map(self.rates).fillna(self.prior).to_numpy()

    def out_of_fold(self, frame: pd.DataFrame) -> np.ndarray:
        """Rates for the rows the encoder is fitted on, each from the other patients' rows only."""
        encoded = np.empty(len(frame))
        for fit_rows, own_rows in GroupKFold(self.folds).split(frame, groups=frame["patient_id"]):
            part = PracticeEncoder(self.smoothing).fit(frame.iloc[fit_rows])
            encoded[own_rows] = part.transform(frame.iloc[own_rows])
        return encoded
'''

ENCODER_ALL_ROWS = '''

def practice_rates(frame: pd.DataFrame) -> pd.Series:
    """Readmission rate of each GP practice."""
    return frame.groupby("practice")[LABEL].mean()
'''

PREPROCESSOR = '''

class Preprocessor:
    """Median imputation and standard scaling of the numeric columns; flags and the practice rate
    pass through."""

    def fit(self, frame: pd.DataFrame) -> "Preprocessor":
        self.medians = frame[NUMERIC].median()
        filled = frame[NUMERIC].fillna(self.medians)
        self.means, self.scales = filled.mean(), filled.std().replace(0.0, 1.0)
        return self

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        numeric = (frame[NUMERIC].fillna(self.medians) - self.means) / self.scales
        return pd.concat([numeric, frame[FLAGS + ["practice_rate"]]], axis=1)
'''

SPLIT_PY = '''"""The held-out split and class balancing."""

import pandas as pd
from sklearn.model_selection import {splitter}

from data import LABEL

TEST_SHARE = 0.25


def split_holdout(frame: pd.DataFrame, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and held-out admissions."""
{body}

def balance(frame: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Upsample readmitted admissions until there are as many as the others."""
    positives, negatives = frame[frame[LABEL] == 1], frame[frame[LABEL] == 0]
    extra = positives.sample(len(negatives) - len(positives), replace=True, random_state=seed)
    return pd.concat([frame, extra]).reset_index(drop=True)
'''

SPLIT_BY_PATIENT = """    splitter = GroupShuffleSplit(n_splits=1, test_size=TEST_SHARE, random_state=seed)
    train_rows, test_rows = next(splitter.split(frame, groups=frame["patient_id"]))
    return frame.iloc[train_rows].copy(), frame.iloc[test_rows].copy()
"""

SPLIT_BY_ROW = """    train, test = train_test_split(frame, test_size=TEST_SHARE, stratify=frame[LABEL], random_state=seed)
    return train.copy(), test.copy()
"""

TRAIN_PY = '''"""The readmission model."""

import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier


def fit_model(features: pd.DataFrame, labels: pd.Series) -> HistGradientBoostingClassifier:
    """Gradient-boosted trees: strong on tabular data, indifferent to feature scales."""
    model = HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=20, random_state=0
    )
    return model.fit(features, labels)
'''

EVALUATE_PY = '''"""Held-out evaluation."""

from sklearn.metrics import roc_auc_score


def held_out_auc(model, features, labels) -> float:
    """ROC AUC of the predicted readmission probability."""
    return float(roc_auc_score(labels, model.predict_proba(features)[:, 1]))
'''

PIPELINE_PY = '''"""Train the 30-day readmission model, report its held-out ROC AUC, and score new admissions.

    python3 pipeline.py                                  train, evaluate, write metrics.json
    python3 pipeline.py ADMISSIONS_CSV PREDICTIONS_CSV   also score ADMISSIONS_CSV (no label needed)
"""

import json
import sys

import pandas as pd

from data import LABEL, load_admissions
from evaluate import held_out_auc
from features import {imports}
from split import balance, split_holdout
from train import fit_model

DATA = "data/admissions.csv"


def main(argv: list[str]) -> None:
    frame = add_row_features(load_admissions(DATA))
{early}    train, test = split_holdout(frame)
{late}    model = fit_model(X_train, train[LABEL])
{refit}    auc = held_out_auc(model, X_test, test[LABEL])
    print(f"held-out ROC AUC: {{auc:.3f}}")
    with open("metrics.json", "w") as f:
        json.dump({{"held_out_auc": auc}}, f)
    if len(argv) == 3:
        new = add_row_features(load_admissions(argv[1]))
{encode_new}        probability = model.predict_proba({new_x})[:, 1]
        pd.DataFrame({{"readmission_probability": probability}}).to_csv(argv[2], index=False)


if __name__ == "__main__":
    main(sys.argv)
'''

ENCODE_EARLY = """    rates = practice_rates(frame)
    frame["practice_rate"] = frame["practice"].map(rates)
"""
ENCODE_LATE = """    encoder = PracticeEncoder().fit(train)
    train["practice_rate"] = encoder.out_of_fold(train)
    test["practice_rate"] = encoder.transform(test)
"""
PREP = {
    None: """    prep = Preprocessor().fit(train)
    X_train, X_test = prep.transform(train), prep.transform(test)
""",
    "all_rows": """    prep = Preprocessor().fit(frame)
    X_train, X_test = prep.transform(train), prep.transform(test)
""",
    "test_own": """    X_train = Preprocessor().fit(train).transform(train)
    X_test = Preprocessor().fit(test).transform(test)
""",
}
NEW_X = {
    None: "prep.transform(new)",
    "all_rows": "prep.transform(new)",
    "test_own": "Preprocessor().fit(new).transform(new)",
}
REFIT = """    model = fit_model(pd.concat([X_train, X_test]), pd.concat([train[LABEL], test[LABEL]]))
"""


def _features_py(planted: dict[str, str]) -> str:
    followup = "label_derived_feature" in planted
    early_encoding = "target_encoding_before_split" in planted
    head = FEATURES_HEAD.format(
        imports="" if early_encoding else "from sklearn.model_selection import GroupKFold\n",
        extra_numeric='\n    "followup_days",' if followup else "",
        extra_row=FOLLOWUP_ROW if followup else "",
    )
    return head + (ENCODER_ALL_ROWS if early_encoding else ENCODER_CLEAN) + PREPROCESSOR


def _split_py(planted: dict[str, str]) -> str:
    if "entity_across_splits" in planted:
        return SPLIT_PY.format(splitter="train_test_split", body=SPLIT_BY_ROW)
    return SPLIT_PY.format(splitter="GroupShuffleSplit", body=SPLIT_BY_PATIENT)


def _pipeline_py(planted: dict[str, str]) -> str:
    early_encoding = "target_encoding_before_split" in planted
    early_balance = "oversampling_before_split" in planted
    prep = planted.get("preprocessing_fit_on_all_data")
    encoder = "practice_rates" if early_encoding else "PracticeEncoder"
    early = ("    frame = balance(frame)\n" if early_balance else "") + (
        ENCODE_EARLY if early_encoding else ""
    )
    late = ("" if early_encoding else ENCODE_LATE) + ("" if early_balance else "    train = balance(train)\n")
    encode_new = (
        '        new["practice_rate"] = new["practice"].map(rates).fillna(rates.mean())\n'
        if early_encoding
        else '        new["practice_rate"] = encoder.transform(new)\n'
    )
    return PIPELINE_PY.format(
        imports=", ".join(sorted(["Preprocessor", "add_row_features", encoder], key=str.lower)),
        early=early,
        late=late + PREP[prep],
        refit=REFIT if "evaluated_on_training_rows" in planted else "",
        encode_new=encode_new,
        new_x=NEW_X[prep],
    )


def files(planted: dict[str, str]) -> dict[str, str]:
    """The repository's Python files with the planted bugs (kind -> variant) and clean code elsewhere."""
    return {
        "data.py": DATA_PY,
        "features.py": _features_py(planted),
        "split.py": _split_py(planted),
        "train.py": TRAIN_PY,
        "evaluate.py": EVALUATE_PY,
        "pipeline.py": _pipeline_py(planted),
    }
