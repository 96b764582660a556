"""Instance generator for clinic_visits_dataset: messy clinic records, their export notes, the truth.

Raw files have inconsistent ID casing and padding, sex and diagnosis spelled many ways, weights in
kg or lb, exact duplicate rows and visits of unregistered patients, and three details that only the
export notes (`raw/README.md`) explain: patients registered twice and later merged (visits booked
under the duplicate ID belong to the surviving patient), records corrected after entry (re-entered
under the same visit ID; the latest entry stands) and weights of 999 meaning "not weighed" (such
visits are left out). The hidden truth is the clean table the spec asks for, one row per valid visit.
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
NOT_WEIGHED = 999
NOTES = """# Export notes (records team)

`patients.csv`: one row per patient registration: `patient_id`, `sex`, `birth_year`, `merged_into`.
`visits.csv`: one row per entry of a visit: `visit_id`, `patient_id`, `visit_date` (YYYY-MM-DD),
`weight` with its `weight_unit`, `diagnosis`, `entered_at` (when the entry was typed in).

Things to know about this export:

- Patients registered twice by mistake were merged: the duplicate registration stays in
  `patients.csv` with `merged_into` set to the surviving patient ID (blank for every other patient).
  Visits booked under a duplicate ID are visits of the surviving patient.
- A visit record corrected after entry is entered again with the same `visit_id`; the entry with the
  latest `entered_at` is the one that stands, earlier entries are superseded.
- A weight of 999 (in either unit) means the patient was not weighed; visits without a weight are not
  usable for the weight-adjusted models and are left out of every dataset built from this export.
- The export was run twice over some days, so some rows are repeated exactly.
"""


def _messy_id(rng, pid: str) -> str:
    return str(rng.choice([pid, pid.lower(), f" {pid}", f"{pid} "], p=[0.7, 0.1, 0.1, 0.1]))


def _stamp(day: str, rng, days_later: int) -> str:
    when = pd.Timestamp(day) + pd.Timedelta(days=days_later, minutes=int(rng.integers(8 * 60, 18 * 60)))
    return when.strftime("%Y-%m-%d %H:%M")


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 8080])
    n_patients = int(rng.integers(120, 160))
    ids = [f"P{i:04d}" for i in rng.choice(8000, n_patients, replace=False) + 1000]
    patients = pd.DataFrame(
        {
            "patient_id": ids,
            "sex": rng.choice(["F", "M"], n_patients),
            "birth_year": rng.integers(1940, 2015, n_patients),
        }
    )
    # 8-12% of patients were registered a second time; the duplicate is merged into the original.
    merged = patients.sample(frac=float(rng.uniform(0.08, 0.12)), random_state=int(rng.integers(1 << 30)))
    duplicate_of = dict(
        zip([f"P{9000 + i:04d}" for i in rng.permutation(900)[: len(merged)]], merged["patient_id"])
    )
    by_id = patients.set_index("patient_id")

    visits = []
    for number in range(int(rng.integers(450, 600))):
        patient = patients.iloc[int(rng.integers(n_patients))]
        weight = (
            float(np.clip(rng.normal(75, 15), 35, 150))
            if patient.birth_year < 2005
            else float(rng.uniform(15, 60))
        )
        day = f"{int(rng.integers(2019, 2025))}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
        visits.append(
            {
                "visit_id": f"V{number:05d}",
                "patient_id": patient.patient_id,
                "visit_date": day,
                "weight_kg": round(weight, 1),
                "label": str(rng.choice(LABELS)),
            }
        )
    visits = pd.DataFrame(visits)
    truth = visits.merge(patients, on="patient_id")
    truth["age"] = truth["visit_date"].str[:4].astype(int) - truth["birth_year"]

    # Visits of merged patients: about half were booked under the duplicate registration.
    booked = visits["patient_id"].copy()
    for duplicate, original in duplicate_of.items():
        mine = visits.index[visits["patient_id"] == original]
        booked[mine[rng.random(len(mine)) < 0.5]] = duplicate
    raw_patients = pd.concat(
        [
            patients.assign(merged_into=""),
            pd.DataFrame(
                {
                    "patient_id": list(duplicate_of),
                    "sex": [by_id.loc[o, "sex"] for o in duplicate_of.values()],
                    "birth_year": [by_id.loc[o, "birth_year"] for o in duplicate_of.values()],
                    "merged_into": list(duplicate_of.values()),
                }
            ),
        ]
    )
    raw_patients["sex"] = [str(rng.choice(SEXES[s])) for s in raw_patients["sex"]]
    repeats = raw_patients.sample(frac=0.1, random_state=int(rng.integers(1 << 30)))
    raw_patients = pd.concat([raw_patients, repeats]).sample(
        frac=1.0, random_state=int(rng.integers(1 << 30))
    )
    raw_patients["patient_id"] = [_messy_id(rng, p) for p in raw_patients["patient_id"]]

    raw_visits = visits.assign(patient_id=booked)
    raw_visits["entered_at"] = [_stamp(d, rng, int(rng.integers(0, 2))) for d in raw_visits["visit_date"]]
    # 5-8% of visits were corrected: the first entry had a wrong diagnosis or a mistyped weight.
    corrected = raw_visits.sample(
        frac=float(rng.uniform(0.05, 0.08)), random_state=int(rng.integers(1 << 30))
    )
    first_entries = corrected.copy()
    for i, (index, row) in enumerate(corrected.iterrows()):
        if i % 2:
            first_entries.loc[index, "label"] = str(rng.choice([x for x in LABELS if x != row.label]))
        else:
            first_entries.loc[index, "weight_kg"] = round(
                row.weight_kg * float(rng.choice([0.1, 10, 1.5])), 1
            )
        corrected.loc[index, "entered_at"] = _stamp(row.visit_date, rng, int(rng.integers(3, 60)))
    # 3-5% of visits have no weight (999) and are not in the truth.
    unweighed = raw_visits.drop(corrected.index).sample(
        frac=float(rng.uniform(0.03, 0.05)), random_state=int(rng.integers(1 << 30))
    )
    truth = truth[~truth["visit_id"].isin(unweighed["visit_id"])]
    raw_visits = pd.concat([raw_visits.drop(corrected.index), first_entries, corrected])

    in_lb = rng.random(len(raw_visits)) < 0.3
    raw_visits["weight"] = np.where(
        in_lb, (raw_visits["weight_kg"] * LB_PER_KG).round(1), raw_visits["weight_kg"]
    )
    raw_visits.loc[raw_visits["visit_id"].isin(unweighed["visit_id"]), "weight"] = NOT_WEIGHED
    raw_visits["weight_unit"] = [
        str(rng.choice(["lb", "lbs", "LB"])) if lb else str(rng.choice(["kg", "KG", "kg "])) for lb in in_lb
    ]
    raw_visits["diagnosis"] = [str(rng.choice(SPELLINGS[label])) for label in raw_visits["label"]]
    raw_visits["patient_id"] = [_messy_id(rng, p) for p in raw_visits["patient_id"]]
    raw_visits = raw_visits[
        ["visit_id", "patient_id", "visit_date", "weight", "weight_unit", "diagnosis", "entered_at"]
    ]
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
    (workspace / "raw" / "README.md").write_text(NOTES)
    columns = ["visit_id", "patient_id", "sex", "age", "weight_kg", "label"]
    (hidden / "truth.json").write_text(
        json.dumps(truth.sort_values("visit_id")[columns].to_dict(orient="records"))
    )
