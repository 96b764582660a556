"""Reference solution for clinic_visits_dataset: clean, resolve merged patients, keep each visit's
latest entry, drop unweighed visits, join, split by patient, save (as raw/README.md asks)."""

import hashlib

import pandas as pd
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

LABELS = ["cold", "covid", "flu"]
DIAGNOSIS = {
    "cold": "cold",
    "common cold": "cold",
    "common-cold": "cold",
    "covid": "covid",
    "covid-19": "covid",
    "covid19": "covid",
    "sars-cov-2": "covid",
    "flu": "flu",
    "influenza": "flu",
    "influenza a": "flu",
}

patients = pd.read_csv("raw/patients.csv")
patients["patient_id"] = patients["patient_id"].str.strip().str.upper()
patients["sex"] = patients["sex"].str.strip().str.upper().str[0]
patients = patients.drop_duplicates("patient_id")
# A duplicate registration's visits belong to the patient it was merged into.
surviving = patients["merged_into"].str.strip().str.upper().dropna()
surviving = dict(zip(patients.loc[surviving.index, "patient_id"], surviving))

visits = pd.read_csv("raw/visits.csv")
visits["patient_id"] = visits["patient_id"].str.strip().str.upper()
visits["patient_id"] = visits["patient_id"].replace(surviving)
# The latest entry of a visit stands; 999 means not weighed, and such visits are left out.
visits = visits.sort_values("entered_at").drop_duplicates("visit_id", keep="last")
visits = visits[visits["weight"] != 999]
unit = visits["weight_unit"].str.strip().str.lower()
visits["weight_kg"] = (visits["weight"] * unit.map({"kg": 1.0, "lb": 0.45359237, "lbs": 0.45359237})).round(1)
visits["label"] = visits["diagnosis"].str.strip().str.lower().map(DIAGNOSIS).map(LABELS.index)
table = visits.merge(patients[patients["merged_into"].isna()], on="patient_id", how="inner")
table["age"] = table["visit_date"].str[:4].astype(int) - table["birth_year"]
table = table[["visit_id", "patient_id", "sex", "age", "weight_kg", "label"]].sort_values("visit_id")

# All visits of a patient go to one split: the 20% of patients first in a stable hash order form test.
order = sorted(table["patient_id"].unique(), key=lambda p: hashlib.sha256(p.encode()).hexdigest())
in_test = table["patient_id"].isin(order[: round(0.2 * len(order))])
features = Features(
    {
        "visit_id": Value("string"),
        "patient_id": Value("string"),
        "sex": Value("string"),
        "age": Value("int64"),
        "weight_kg": Value("float64"),
        "label": ClassLabel(names=LABELS),
    }
)
dataset = DatasetDict(
    {
        "train": Dataset.from_pandas(table[~in_test], features=features, preserve_index=False),
        "test": Dataset.from_pandas(table[in_test], features=features, preserve_index=False),
    }
)
dataset.save_to_disk("dataset")
print(dataset, f"test patients: {table[in_test]['patient_id'].nunique()} of {table['patient_id'].nunique()}")
