"""The obvious first attempt at clinic_visits_dataset (pre-rework probe)."""
import pandas as pd
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value
from sklearn.model_selection import GroupShuffleSplit

LABELS = ["cold", "covid", "flu"]
patients = pd.read_csv("raw/patients.csv").drop_duplicates()
visits = pd.read_csv("raw/visits.csv").drop_duplicates()
for t in (patients, visits):
    t["patient_id"] = t["patient_id"].str.strip().str.upper()
patients = patients.drop_duplicates()
patients["sex"] = patients["sex"].str.strip().str[0].str.upper()
visits = visits.drop_duplicates("visit_id")
unit = visits["weight_unit"].str.strip().str.lower()
visits["weight_kg"] = visits["weight"].where(unit == "kg", visits["weight"] * 0.45359237).round(1)
d = visits["diagnosis"].str.strip().str.lower()
visits["label"] = [("covid" if ("cov" in x or "sars" in x) else "flu" if ("flu" in x) else "cold") for x in d]
t = visits.merge(patients, on="patient_id")
t["age"] = pd.to_datetime(t["visit_date"]).dt.year - t["birth_year"]
t["label"] = t["label"].map(LABELS.index)
t = t[["visit_id", "patient_id", "sex", "age", "weight_kg", "label"]]
tr, te = next(GroupShuffleSplit(test_size=0.2, random_state=0).split(t, groups=t["patient_id"]))
f = Features({"visit_id": Value("string"), "patient_id": Value("string"), "sex": Value("string"),
              "age": Value("int64"), "weight_kg": Value("float64"), "label": ClassLabel(names=LABELS)})
DatasetDict({"train": Dataset.from_pandas(t.iloc[tr], features=f, preserve_index=False),
             "test": Dataset.from_pandas(t.iloc[te], features=f, preserve_index=False)}).save_to_disk("dataset")
