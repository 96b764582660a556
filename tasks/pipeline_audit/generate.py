"""Instance generator for pipeline_audit: a small readmission-model repository whose claimed result
rests on leakage and evaluation bugs drawn per seed.

`admissions(effects, rng, n_patients, at_discharge)` draws a table from the hidden process;
`repository(planted)` writes the repository's Python files with the planted bugs (a clean file
where a bug is not planted); build() writes both, runs the buggy pipeline once to put its number
in the repository's README as the claim, and keeps the planted list for the grader. The grader draws
fresh patients from the same process at scoring time, read on the day of discharge.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import load_task_module

LABEL = "readmitted_30d"
N_PRACTICES = 400
N_PATIENTS = 2000
EXTRACTED_ON = pd.Timestamp("2024-09-30")

# The planted pool: kind -> (variants, files an auditor may name for it).
POOL = {
    "label_derived_feature": (["followup"], {"data.py", "features.py", "pipeline.py"}),
    "target_encoding_before_split": (["all_rows"], {"features.py", "pipeline.py"}),
    "preprocessing_fit_on_all_data": (["all_rows", "test_own"], {"features.py", "pipeline.py"}),
    "entity_across_splits": (["row_split"], {"split.py", "pipeline.py"}),
    "oversampling_before_split": (["early"], {"split.py", "pipeline.py"}),
    "evaluated_on_training_rows": (["refit_all"], {"pipeline.py", "train.py", "evaluate.py"}),
}
# Kinds the prompt's vocabulary offers that no instance plants: listing every kind must not pay.
NEVER_PLANTED = ["feature_selection_before_split", "hyperparameters_tuned_on_test", "id_column_as_feature"]
VOCABULARY = sorted([*POOL, *NEVER_PLANTED])


def process(seed: int) -> dict:
    """The seed's hidden readmission mechanism: coefficients and the effect of each GP practice."""
    rng = np.random.default_rng([seed, 1201])
    return {
        "intercept": -2.6 + rng.normal(0, 0.1),
        "age": 0.02 + rng.uniform(0, 0.01),
        "emergency": rng.uniform(0.4, 0.8),
        "diagnoses": rng.uniform(0.05, 0.12),
        "stay": rng.uniform(0.2, 0.4),
        "hba1c": rng.uniform(0.3, 0.6),
        "frailty_sd": rng.uniform(1.3, 1.6),
        "practice": rng.normal(0, 0.6, N_PRACTICES),
        # How strongly the recorded and unrecorded risk factors drive the outcome (its own stream): the
        # honest ROC AUC ranges from about 0.67 to 0.80 across seeds, so no one number is a safe guess.
        "signal": np.random.default_rng([seed, 1375]).uniform(0.5, 1.7),
    }


def admissions(effects: dict, rng: np.random.Generator, n_patients: int, at_discharge: bool) -> pd.DataFrame:
    """Admissions of n_patients new patients (1-8 each) with the 30-day readmission outcome.

    A patient's frailty (never recorded) raises every one of their admissions' risk, so admissions of
    one patient share outcomes. `at_discharge`: read on the day of discharge (scoring time), when the
    latest contact is the discharge itself; otherwise read from the extract of 2024-09-30, when a
    readmitted patient's latest contact is at least the readmission.
    """
    frailty = rng.normal(0, effects["frailty_sd"], n_patients)
    per_patient = np.minimum(1 + rng.poisson(2.2, n_patients), 8)
    patient = np.repeat(np.arange(n_patients), per_patient)
    n = len(patient)
    u = frailty[patient]
    age = np.repeat(rng.integers(25, 90, n_patients), per_patient) + rng.integers(0, 2, n)
    chronic = np.repeat(rng.poisson(1.5 * np.exp(0.4 * frailty)), per_patient)
    stay = 1 + rng.poisson(np.exp(1.2 + 0.2 * u))
    emergency = (rng.random(n) < 0.5).astype(int)
    diagnoses = 1 + rng.poisson(2 + 0.5 * chronic)
    hba1c = np.round(
        np.repeat(rng.normal(6.5, 1.0, n_patients), per_patient) + 0.4 * u + rng.normal(0, 0.2, n), 1
    )
    practice = np.repeat(rng.integers(0, N_PRACTICES, n_patients), per_patient)
    logit = effects["intercept"] + effects["signal"] * (
        effects["age"] * (age - 60)
        + effects["emergency"] * emergency
        + effects["diagnoses"] * diagnoses
        + effects["stay"] * np.log(stay)
        + effects["hba1c"] * (hba1c > 8)
        + effects["practice"][practice]
        + u
    )
    readmitted = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    admitted = pd.Timestamp("2022-01-03") + pd.to_timedelta(rng.integers(0, 880, n), unit="D")
    discharged = admitted + pd.to_timedelta(stay, unit="D")
    # The latest contact on record: the readmission itself for readmitted patients; otherwise the
    # discharge, or an outpatient visit one to five months later.
    later = np.where(rng.random(n) < 0.3, rng.integers(31, 150, n), 0)
    after = np.where(readmitted == 1, rng.integers(1, 31, n), later)
    contact = discharged if at_discharge else discharged + pd.to_timedelta(after, unit="D")
    bmi = np.repeat(np.round(rng.normal(27, 5, n_patients), 1), per_patient)
    table = pd.DataFrame(
        {
            "patient_id": patient,
            "practice": [f"GP{p:03d}" for p in practice],
            "age": age,
            "male": (np.repeat(rng.random(n_patients), per_patient) < 0.5).astype(int),
            "bmi": bmi,
            "chronic_conditions": chronic,
            "prior_admissions": rng.poisson(0.4 + 0.3 * chronic),
            "admitted_on": admitted.strftime("%Y-%m-%d"),
            "discharged_on": discharged.strftime("%Y-%m-%d"),
            "length_of_stay": stay,
            "emergency": emergency,
            "n_medications": chronic
            + np.repeat(rng.poisson(5, n_patients), per_patient)
            + rng.poisson(0.3, n),
            "n_diagnoses": diagnoses,
            "hba1c": np.where(rng.random(n) < 0.25, np.nan, hba1c),
            "systolic_bp": np.where(rng.random(n) < 0.1, np.nan, np.round(rng.normal(130, 15, n))),
            "last_contact_on": contact.strftime("%Y-%m-%d"),
            LABEL: readmitted,
            "p_true": 1 / (1 + np.exp(-logit)),
        }
    )
    return table.sample(frac=1.0, random_state=int(rng.integers(2**31))).reset_index(drop=True)


def with_ids(table: pd.DataFrame, prefix: str, rng: np.random.Generator) -> pd.DataFrame:
    """Patient and admission identifiers that do not reveal the row order or the generator's index."""
    codes = rng.permutation(900_000)[: table["patient_id"].max() + 1] + 100_000
    out = table.copy()
    out["patient_id"] = [f"{prefix}{codes[p]}" for p in table["patient_id"]]
    out.insert(0, "admission_id", [f"A{c}" for c in rng.permutation(9_000_000)[: len(out)] + 1_000_000])
    return out


def draw_planted(seed: int) -> list[dict]:
    """3 or 4 bug kinds, each with one of its variants and the files it touches."""
    rng = np.random.default_rng([seed, 7118])
    kinds = sorted(rng.choice(sorted(POOL), 3 + int(rng.random() < 0.5), replace=False))
    return [
        {"kind": str(kind), "variant": str(rng.choice(POOL[kind][0])), "files": sorted(POOL[kind][1])}
        for kind in kinds
    ]


REPOSITORY = load_task_module(Path(__file__).parent / "repository.py", "pipeline_audit_repository")

README = """# Predicting 30-day readmission at discharge

A model that scores each patient on the day of discharge with the probability of being readmitted
within 30 days, so that the discharge team can call the riskiest patients first.

**Result: ROC AUC {claim} on held-out data** (a quarter of the extract held out; `python3 pipeline.py`).

## Layout

| file | what it does |
|---|---|
| `data.py` | reads the extract |
| `features.py` | derived columns, the GP practice's readmission rate, imputation and scaling |
| `split.py` | the held-out split and class balancing |
| `train.py` | the gradient-boosted trees |
| `evaluate.py` | held-out ROC AUC |
| `pipeline.py` | runs it all; `python3 pipeline.py ADMISSIONS_CSV PREDICTIONS_CSV` also scores new admissions |

`data/admissions.csv` is the extract ({rows} admissions of {patients} patients); `data/DATA.md` describes it.
"""

DATA_CARD = """# data/admissions.csv

{rows} admissions of {patients} patients discharged between January 2022 and June 2024, one row per
admission, from the hospital's records joined with the regional registry's readmissions. The
extract was taken on 2024-09-30. A patient can have several admissions.

| column | meaning |
|---|---|
| admission_id | the admission |
| patient_id | the patient |
| practice | the patient's GP practice ({practices} practices) |
| age | age at admission, years |
| male | 1 for men |
| bmi | body-mass index, kg/m2 |
| chronic_conditions | chronic conditions on record at admission |
| prior_admissions | admissions in the 12 months before this one |
| admitted_on, discharged_on | dates |
| length_of_stay | days |
| emergency | 1 if admitted as an emergency |
| n_medications | medications at discharge |
| n_diagnoses | diagnoses coded for the stay |
| hba1c | last HbA1c, % (blank: not measured) |
| systolic_bp | systolic blood pressure at discharge, mmHg (blank: not measured) |
| last_contact_on | the patient's latest contact with the hospital (visit, call or admission) on record when the extract was taken |
| readmitted_30d | 1 if the patient was readmitted to any hospital within 30 days of discharge |

The model is used on the day of discharge: admissions to score have the same columns but no
`readmitted_30d`.
"""


def instance(seed: int) -> tuple[pd.DataFrame, list[dict]]:
    """The seed's labelled extract (with the true probabilities, never shown) and planted bugs."""
    rng = np.random.default_rng([seed, 3030])
    table = with_ids(admissions(process(seed), rng, N_PATIENTS, at_discharge=False), "P", rng)
    return table, draw_planted(seed)


def write_repository(directory: Path, table: pd.DataFrame, planted: list[dict]) -> None:
    """The repository's code and data (README aside): `planted` bugs, clean code elsewhere."""
    for name, source in REPOSITORY.files({bug["kind"]: bug["variant"] for bug in planted}).items():
        (directory / name).write_text(source)
    (directory / "data").mkdir(exist_ok=True)
    table.drop(columns="p_true").to_csv(directory / "data" / "admissions.csv", index=False)


def run_pipeline(directory: Path, *args: str) -> float:
    """Run the repository's pipeline.py in `directory`; its held-out ROC AUC (metrics.json)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}  # OpenMP threads crawl on a busy shared machine
    subprocess.run(
        [sys.executable, "pipeline.py", *args], cwd=directory, check=True, capture_output=True, env=env
    )
    return json.loads((directory / "metrics.json").read_text())["held_out_auc"]


def build(seed: int, workspace: Path, hidden: Path) -> None:
    """The seed's repository with its claim (what its own buggy pipeline prints) and data card; the
    planted list for the grader."""
    table, planted = instance(seed)
    write_repository(workspace, table, planted)
    claim = run_pipeline(workspace)
    (workspace / "metrics.json").unlink()
    sizes = {"rows": f"{len(table):,}", "patients": f"{table['patient_id'].nunique():,}"}
    (workspace / "README.md").write_text(README.format(claim=f"{claim:.3f}", **sizes))
    (workspace / "data" / "DATA.md").write_text(DATA_CARD.format(practices=N_PRACTICES, **sizes))
    (hidden / "planted.json").write_text(
        json.dumps({"seed": seed, "claim": claim, "bugs": planted}, indent=1)
    )
