"""A DatasetDict with the spec's splits and schema and no rows.

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
empty = {name: [] for name in FEATURES}
DatasetDict({split: Dataset.from_dict(empty, features=FEATURES) for split in ("train", "test")}).save_to_disk(
    "dataset"
)
