"""Reference solution for sensor_fault_dataset: merge exports, normalise, deduplicate, split by site."""

import glob

import pandas as pd
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

LABELS = ["ok", "overheat", "sensor_error"]
STATUS = {
    "ok": "ok",
    "0": "ok",
    "normal": "ok",
    "e1": "overheat",
    "e-01": "overheat",
    "overheat": "overheat",
    "e7": "sensor_error",
    "e-07": "sensor_error",
    "sensor_fail": "sensor_error",
    "sensor fault": "sensor_error",
}

readings = pd.concat([pd.read_csv(path) for path in sorted(glob.glob("raw/export_*.csv"))])
devices = pd.read_csv("raw/devices.csv")
readings["temperature_c"] = readings["temperature"].where(
    readings["unit"] == "C", (readings["temperature"] - 32) * 5 / 9
)
readings["temperature_c"] = readings["temperature_c"].round(2)
readings["label"] = readings["status"].str.strip().str.lower().map(STATUS).map(LABELS.index)
readings = readings.drop_duplicates(["device_id", "timestamp"]).merge(
    devices[["device_id", "site"]], on="device_id"
)
readings["reading_id"] = readings["device_id"] + "@" + readings["timestamp"]
table = readings[["reading_id", "device_id", "site", "timestamp", "temperature_c", "label"]].sort_values(
    "reading_id"
)

# Whole sites per split: the largest sites go to train until it holds about 60% of the readings,
# then validation and test alternate, so no site appears in two splits.
sizes = table["site"].value_counts()
split_of, filled = {}, 0
for i, (site, size) in enumerate(sizes.items()):
    if filled < 0.6 * len(table):
        split_of[site], filled = "train", filled + size
    else:
        split_of[site] = "validation" if i % 2 else "test"
if "test" not in split_of.values():
    split_of[sizes.index[-1]] = "test"
if "validation" not in split_of.values():
    split_of[sizes.index[-2]] = "validation"
features = Features(
    {
        "reading_id": Value("string"),
        "device_id": Value("string"),
        "site": Value("string"),
        "timestamp": Value("string"),
        "temperature_c": Value("float64"),
        "label": ClassLabel(names=LABELS),
    }
)
dataset = DatasetDict(
    {
        name: Dataset.from_pandas(
            table[table["site"].map(split_of) == name], features=features, preserve_index=False
        )
        for name in ["train", "validation", "test"]
    }
)
dataset.save_to_disk("dataset")
print(dataset)
