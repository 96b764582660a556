"""A DatasetDict with the spec's splits and schema and one made-up row per split.

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


def row(device: str, site: str, timestamp: str) -> dict:
    return {
        "reading_id": [f"{device}@{timestamp}"],
        "device_id": [device],
        "site": [site],
        "timestamp": [timestamp],
        "temperature_c": [20.0],
        "label": [0],
    }


DatasetDict(
    {
        "train": Dataset.from_dict(row("D001", "site-A", "2026-03-16T00:00:00Z"), features=FEATURES),
        "validation": Dataset.from_dict(row("D002", "site-B", "2026-03-16T01:00:00Z"), features=FEATURES),
        "test": Dataset.from_dict(row("D003", "site-C", "2026-03-16T02:00:00Z"), features=FEATURES),
    }
).save_to_disk("dataset")
