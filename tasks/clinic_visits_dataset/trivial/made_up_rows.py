"""A DatasetDict with the spec's splits and schema and one made-up row per split.

Trivial submission (validation): run from the workspace, writes dataset/.
"""

from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

FEATURES = Features(
    {
        "visit_id": Value("string"),
        "patient_id": Value("string"),
        "sex": Value("string"),
        "age": Value("int64"),
        "weight_kg": Value("float64"),
        "label": ClassLabel(names=["cold", "covid", "flu"]),
    }
)
ROWS = {
    "train": {
        "visit_id": "V00001",
        "patient_id": "P1234",
        "sex": "F",
        "age": 40,
        "weight_kg": 70.0,
        "label": 0,
    },
    "test": {
        "visit_id": "V00002",
        "patient_id": "P5678",
        "sex": "M",
        "age": 50,
        "weight_kg": 80.0,
        "label": 2,
    },
}
DatasetDict(
    {
        split: Dataset.from_dict({k: [v] for k, v in row.items()}, features=FEATURES)
        for split, row in ROWS.items()
    }
).save_to_disk("dataset")
