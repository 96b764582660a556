"""A DatasetDict with the spec's splits and schema and no rows.

Trivial submission (validation): run from the workspace, writes dataset/.
"""

from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

FEATURES = Features(
    {
        "reading_id": Value("string"),
        "device_id": Value("string"),
        "site": Value("string"),
        "timestamp": Value("string"),
        "temperature_c": Value("float64"),
        "label": ClassLabel(names=["ok", "overheat", "sensor_error"]),
    }
)
empty = {name: [] for name in FEATURES}
DatasetDict(
    {split: Dataset.from_dict(empty, features=FEATURES) for split in ("train", "validation", "test")}
).save_to_disk("dataset")
