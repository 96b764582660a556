"""The obvious first attempt at clinic_visits_dataset: the prompt's spec applied in the plainest way.

Run from the workspace directory: `python3 .naive/solve.py` writes dataset/. It normalises what the
spec names and a first look at the columns shows (ID case and spaces, sex and diagnosis spellings,
pounds), drops exact duplicate rows, keeps the first row of each visit ID, drops rows with a missing
weight, joins on patient ID and splits with scikit-learn's GroupShuffleSplit by patient ID. It does
not act on the export notes (raw/README.md): merged duplicate registrations, corrected re-entries
(the latest entry stands) and the 999 "not weighed" code.
"""

import pandas as pd
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value
from sklearn.model_selection import GroupShuffleSplit

LABELS = ["cold", "covid", "flu"]


def diagnosis(text: str) -> str:
    text = text.strip().lower()
    if "cov" in text or "sars" in text:
        return "covid"
    return "flu" if "flu" in text else "cold"


patients = pd.read_csv("raw/patients.csv")
visits = pd.read_csv("raw/visits.csv").drop_duplicates()
for table in (patients, visits):
    table["patient_id"] = table["patient_id"].str.strip().str.upper()
patients = patients.drop_duplicates("patient_id")
patients["sex"] = patients["sex"].str.strip().str[0].str.upper()
visits = visits.drop_duplicates("visit_id").dropna(subset=["weight"])
pounds = visits["weight_unit"].str.strip().str.lower().str.startswith("lb")
visits["weight_kg"] = visits["weight"].where(~pounds, visits["weight"] * 0.45359237).round(1)
visits["label"] = visits["diagnosis"].map(diagnosis).map(LABELS.index)
table = visits.merge(patients, on="patient_id")
table["age"] = pd.to_datetime(table["visit_date"]).dt.year - table["birth_year"]
table = table[["visit_id", "patient_id", "sex", "age", "weight_kg", "label"]]

train, test = next(GroupShuffleSplit(test_size=0.2, random_state=0).split(table, groups=table["patient_id"]))
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
DatasetDict(
    {
        "train": Dataset.from_pandas(table.iloc[train], features=features, preserve_index=False),
        "test": Dataset.from_pandas(table.iloc[test], features=features, preserve_index=False),
    }
).save_to_disk("dataset")
