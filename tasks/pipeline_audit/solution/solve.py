"""Reference solution for pipeline_audit: audit the repository, replace its pipeline with a clean
one, and estimate the held-out ROC AUC by cross-validation grouped by patient.

Each finding is a check a careful reader makes, on the data where it can be measured:
- a model input that alone nearly separates the outcome (ROC AUC above 0.9) is a label-derived
  feature: `followup_days` counts the days to the latest contact, which for a readmitted patient is
  the readmission (DATA.md: the extract was taken months after discharge; at discharge it is 0);
- patients found on both sides of the repository's own split: entity_across_splits;
- in `main`, class balancing or the practice's readmission rate computed before `split_holdout`;
  the preprocessor fitted on anything but the training rows; the model fitted on held-out rows.

The fixed pipeline drops `followup_days` and the other leaks: practice rates out of fold by
patient on the training rows (in-sample rates would teach the model to trust them), imputation
fitted on the training rows, no resampling (ROC AUC does not need balanced classes), the same
gradient-boosted trees. Its honest number: 5-fold cross-validation grouped by patient on data/admissions.csv.

Run from the workspace directory: writes bugs.json, pipeline.py (self-contained) and results.json.
"""

import importlib.util
import json
import os
import re
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: OpenMP threads crawl on a busy shared machine

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

PIPELINE = '''"""30-day readmission model, audited: no post-outcome inputs, practice rates out of fold by patient,
imputation fitted on the training rows, trained on every labelled admission.

    python3 pipeline.py ADMISSIONS_CSV PREDICTIONS_CSV
"""

import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

LABEL = "readmitted_30d"
DATA = "data/admissions.csv"
NUMERIC = [
    "age", "bmi", "length_of_stay", "log_stay", "n_medications", "n_diagnoses", "prior_admissions",
    "chronic_conditions", "hba1c", "systolic_bp",
]
FLAGS = ["emergency", "male", "weekend_discharge"]
SMOOTHING = 20.0


def load(path):
    frame = pd.read_csv(path, parse_dates=["discharged_on"])
    frame["log_stay"] = np.log1p(frame["length_of_stay"])
    frame["weekend_discharge"] = (frame["discharged_on"].dt.dayofweek >= 5).astype(int)
    return frame


def practice_rates(frame):
    counts = frame.groupby("practice")[LABEL].agg(["sum", "count"])
    prior = frame[LABEL].mean()
    return (counts["sum"] + SMOOTHING * prior) / (counts["count"] + SMOOTHING), prior


def encode(frame, rates, prior):
    return frame["practice"].map(rates).fillna(prior).to_numpy()


def out_of_fold_rates(frame):
    encoded = np.empty(len(frame))
    for fit_rows, own_rows in GroupKFold(5).split(frame, groups=frame["patient_id"]):
        encoded[own_rows] = encode(frame.iloc[own_rows], *practice_rates(frame.iloc[fit_rows]))
    return encoded


def matrix(frame, medians, rate):
    out = frame[NUMERIC].fillna(medians)
    out[FLAGS] = frame[FLAGS]
    out["practice_rate"] = rate
    return out


def fit(train):
    medians = train[NUMERIC].median()
    model = HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=20, random_state=0
    )
    model.fit(matrix(train, medians, out_of_fold_rates(train)), train[LABEL])
    return model, medians, practice_rates(train)


def predict(state, frame):
    model, medians, (rates, prior) = state
    return model.predict_proba(matrix(frame, medians, encode(frame, rates, prior)))[:, 1]


if __name__ == "__main__":
    state = fit(load(DATA))
    probability = predict(state, load(sys.argv[1]))
    pd.DataFrame({"readmission_probability": probability}).to_csv(sys.argv[2], index=False)
'''


def import_file(path: str, name: str):
    """Import one of the workspace's Python files by path (the repository's or the fixed pipeline)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measured_findings() -> list[dict]:
    """Label-derived inputs and patients across the split, measured on the data with the repo's code."""
    import sys

    sys.path.insert(0, ".")
    features, split = import_file("features.py", "repo_features"), import_file("split.py", "repo_split")
    frame = features.add_row_features(
        pd.read_csv("data/admissions.csv", parse_dates=["admitted_on", "discharged_on", "last_contact_on"])
    )
    findings = []
    labels = frame["readmitted_30d"]
    for column in features.NUMERIC:
        # Readmission rate per twentieth of the column (missing values their own bin), ranked: an
        # input that alone nearly separates the outcome is no honest predictor of it.
        bins = pd.qcut(frame[column].rank(method="first"), 20, labels=False).fillna(-1)
        auc = roc_auc_score(labels, labels.groupby(bins).transform("mean"))
        if auc > 0.9:
            note = f"{column} alone has ROC AUC {auc:.3f}: days to the latest contact, for a readmitted patient the readmission"
            findings.append(("label_derived_feature", "features.py", note))
    train, test = split.split_holdout(frame)
    shared = set(train["patient_id"]) & set(test["patient_id"])
    if shared:
        findings.append(
            (
                "entity_across_splits",
                "split.py",
                f"{len(shared)} patients on both sides: rows are split, not patients",
            )
        )
    return findings


def read_findings() -> list[tuple[str, str, str]]:
    """Order and arguments of the steps in pipeline.py's main()."""
    main = Path("pipeline.py").read_text().split("def main", 1)[1]
    split_at = main.index("split_holdout(")
    findings = []
    rate_call = main.find("practice_rates(")
    if 0 <= rate_call < split_at:
        findings.append(
            (
                "target_encoding_before_split",
                "pipeline.py",
                "practice readmission rates computed on every row, held-out rows and each row's own label included",
            )
        )
    balance_call = main.find("balance(frame")
    if 0 <= balance_call < split_at:
        findings.append(
            (
                "oversampling_before_split",
                "pipeline.py",
                "readmitted rows upsampled before the split: copies on both sides, and a resampled test set",
            )
        )
    fitted_on = re.findall(r"Preprocessor\(\)\.fit\((\w+)\)", main)
    if any(name != "train" for name in fitted_on[:2]):
        findings.append(
            (
                "preprocessing_fit_on_all_data",
                "pipeline.py",
                f"imputation and scaling fitted on {sorted(set(fitted_on) - {'train'})}",
            )
        )
    if re.search(r"fit_model\([^\n]*X_test", main):
        findings.append(
            (
                "evaluated_on_training_rows",
                "pipeline.py",
                "the evaluated model is refitted on the held-out rows",
            )
        )
    return findings


def honest_auc(pipeline) -> float:
    """Mean ROC AUC over 5 folds grouped by patient, each fold's model fitted the pipeline's way."""
    frame = pipeline.load("data/admissions.csv")
    aucs = []
    for fit_rows, held_rows in GroupKFold(5).split(frame, groups=frame["patient_id"]):
        state = pipeline.fit(frame.iloc[fit_rows].reset_index(drop=True))
        held = frame.iloc[held_rows].reset_index(drop=True)
        aucs.append(roc_auc_score(held["readmitted_30d"], pipeline.predict(state, held)))
    return float(np.mean(aucs))


bugs = [{"kind": k, "file": f, "note": n} for k, f, n in measured_findings() + read_findings()]
Path("bugs.json").write_text(json.dumps({"bugs": bugs}, indent=1))
Path("pipeline.py").write_text(PIPELINE)
Path("results.json").write_text(json.dumps({"held_out_auc": honest_auc(import_file("pipeline.py", "fixed"))}))
