"""Instance generator for clinic_visits_dataset: messy clinic records and the clean truth.

Raw files have inconsistent ID casing and padding, sex and diagnosis spelled many ways, weights in
kg or lb, duplicated rows, re-entered visits and visits of unregistered patients. The hidden truth
is the clean table the spec asks for, one row per valid visit.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

LABELS = ["cold", "covid", "flu"]
SPELLINGS = {
    "cold": ["cold", "Common cold", "COLD", "common-cold", "Cold "],
    "covid": ["covid", "COVID-19", "Covid19", "sars-cov-2", "covid-19 "],
    "flu": ["flu", "Influenza", "FLU", "influenza A", " flu"],
}
SEXES = {"F": ["F", "f", "female", "Female", "FEMALE"], "M": ["M", "m", "male", "Male", "MALE"]}
LB_PER_KG = 1 / 0.45359237


def _messy_id(rng, pid: str) -> str:
    return str(rng.choice([pid, pid.lower(), f" {pid}", f"{pid} "], p=[0.7, 0.1, 0.1, 0.1]))


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 8080])
    n_patients = int(rng.integers(120, 160))
    patients = pd.DataFrame(
        {
            "patient_id": [f"P{i:04d}" for i in rng.choice(9000, n_patients, replace=False) + 1000],
            "sex": rng.choice(["F", "M"], n_patients),
            "birth_year": rng.integers(1940, 2015, n_patients),
        }
    )
    visits = []
    for number in range(int(rng.integers(450, 600))):
        patient = patients.iloc[int(rng.integers(n_patients))]
        weight = (
            float(np.clip(rng.normal(75, 15), 35, 150))
            if patient.birth_year < 2005
            else float(rng.uniform(15, 60))
        )
        visits.append(
            {
                "visit_id": f"V{number:05d}",
                "patient_id": patient.patient_id,
                "visit_date": f"{int(rng.integers(2019, 2025))}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}",
                "weight_kg": round(weight, 1),
                "label": str(rng.choice(LABELS)),
            }
        )
    truth = pd.DataFrame(visits).merge(patients, on="patient_id")
    truth["age"] = truth["visit_date"].str[:4].astype(int) - truth["birth_year"]

    raw_patients = patients.copy()
    raw_patients["sex"] = [str(rng.choice(SEXES[s])) for s in patients["sex"]]
    repeats = raw_patients.sample(frac=0.1, random_state=int(rng.integers(1 << 30)))
    raw_patients = pd.concat([raw_patients, repeats]).sample(
        frac=1.0, random_state=int(rng.integers(1 << 30))
    )
    raw_patients["patient_id"] = [_messy_id(rng, p) for p in raw_patients["patient_id"]]

    raw_visits = pd.DataFrame(visits)
    in_lb = rng.random(len(raw_visits)) < 0.3
    raw_visits["weight"] = np.where(
        in_lb, (raw_visits["weight_kg"] * LB_PER_KG).round(1), raw_visits["weight_kg"]
    )
    raw_visits["weight_unit"] = [
        str(rng.choice(["lb", "lbs", "LB"])) if lb else str(rng.choice(["kg", "KG", "kg "])) for lb in in_lb
    ]
    raw_visits["diagnosis"] = [str(rng.choice(SPELLINGS[label])) for label in raw_visits["label"]]
    raw_visits["patient_id"] = [_messy_id(rng, p) for p in raw_visits["patient_id"]]
    raw_visits = raw_visits.drop(columns=["weight_kg", "label"])
    orphans = raw_visits.sample(12, random_state=int(rng.integers(1 << 30))).assign(
        visit_id=[f"V{9000 + i:05d}" for i in range(12)], patient_id=[f"P{9990 + i:04d}" for i in range(12)]
    )
    duplicates = raw_visits.sample(frac=0.08, random_state=int(rng.integers(1 << 30)))
    raw_visits = pd.concat([raw_visits, orphans, duplicates]).sample(
        frac=1.0, random_state=int(rng.integers(1 << 30))
    )

    (workspace / "raw").mkdir()
    raw_patients.to_csv(workspace / "raw" / "patients.csv", index=False)
    raw_visits.to_csv(workspace / "raw" / "visits.csv", index=False)
    columns = ["visit_id", "patient_id", "sex", "age", "weight_kg", "label"]
    (hidden / "truth.json").write_text(json.dumps(truth[columns].to_dict(orient="records")))
