"""Reference solution for sensor_fault_dataset: read each export as its gateway wrote it (local time
or UTC, old or new status codes), deduplicate on UTC time, take each reading's site from the
installation it fell in, split by site."""

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

NEW_GATEWAY = {"0": "ok", "1": "sensor_error", "2": "overheat"}  # export 3's firmware (raw/README.md)
SUMMER = pd.Timestamp("2026-03-29 02:00")  # local: CET (UTC+1) before, CEST (UTC+2) from here


def read_export(path: str) -> pd.DataFrame:
    """One export with UTC times and labels, read the way its gateway wrote it."""
    part = pd.read_csv(path, dtype={"status": str})
    status = part["status"].str.strip().str.lower()
    if path.endswith("export_3.csv"):  # the new gateway: UTC, numbered status codes
        part["utc"] = pd.to_datetime(part["timestamp"].str.rstrip("Z"), format="%Y-%m-%dT%H:%M:%S")
        part["label"] = status.map(NEW_GATEWAY)
    else:  # the old gateway: local time without an offset
        local = pd.to_datetime(part["timestamp"], format="%Y-%m-%d %H:%M:%S")
        part["utc"] = local - pd.to_timedelta((local >= SUMMER).map({True: 2, False: 1}), unit="h")
        part["label"] = status.map(STATUS)
    return part


readings = pd.concat([read_export(path) for path in sorted(glob.glob("raw/export_*.csv"))])
readings["temperature_c"] = (
    readings["temperature"].where(readings["unit"] == "C", (readings["temperature"] - 32) * 5 / 9).round(2)
)
readings["label"] = readings["label"].map(LABELS.index)
readings["timestamp"] = readings["utc"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
readings = readings.drop_duplicates(["device_id", "timestamp"])

# The registry holds one row per installation: a reading belongs to the site of the installation
# whose interval holds its time.
devices = pd.read_csv("raw/devices.csv")
devices["start"] = pd.to_datetime(devices["installed_from"])
devices["end"] = pd.to_datetime(devices["installed_until"]).fillna(pd.Timestamp.max)
readings = readings.merge(devices[["device_id", "site", "start", "end"]], on="device_id")
readings = readings[(readings["utc"] >= readings["start"]) & (readings["utc"] < readings["end"])]
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
