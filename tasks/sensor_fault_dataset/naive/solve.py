"""The obvious first attempt at sensor_fault_dataset: the prompt's spec applied in the plainest way.

Run from the workspace directory: `python3 .naive/solve.py` writes dataset/. It concatenates the
three exports, converts Fahrenheit, maps the status spellings by what they look like (the new
gateway's bare numbers by analogy with E1/E7: 1 overheat, 2 sensor error), parses every timestamp
with pandas as ISO 8601 in UTC, drops duplicate (device, time) readings, joins the registry on the
device ID and assigns whole sites to the splits. It does not act on the gateway notes
(raw/README.md): the old gateway's local time, the new firmware's status numbering, and the
registry's one row per installation of a moved device.
"""

import glob

import pandas as pd
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

LABELS = ["ok", "overheat", "sensor_error"]


def status(code: str) -> str:
    code = code.strip().lower()
    if code in ("0", "ok", "normal"):
        return "ok"
    if "1" in code or "overheat" in code:
        return "overheat"
    return "sensor_error"


readings = pd.concat([pd.read_csv(path) for path in sorted(glob.glob("raw/export_*.csv"))])
readings["temperature_c"] = (
    readings["temperature"].where(readings["unit"] == "C", (readings["temperature"] - 32) * 5 / 9).round(2)
)
readings["label"] = readings["status"].astype(str).map(status).map(LABELS.index)
when = pd.to_datetime(readings["timestamp"], format="ISO8601", utc=True)
readings["timestamp"] = when.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
readings = readings.drop_duplicates(["device_id", "timestamp"])
devices = pd.read_csv("raw/devices.csv")
table = readings.merge(devices[["device_id", "site"]], on="device_id")
table["reading_id"] = table["device_id"] + "@" + table["timestamp"]
table = table[["reading_id", "device_id", "site", "timestamp", "temperature_c", "label"]]

# Whole sites per split: the first 60% of the sites to train, the next 20% to validation, the rest test.
sites = sorted(table["site"].unique())
cut_1, cut_2 = round(0.6 * len(sites)), round(0.8 * len(sites))
split_of = {
    site: "train" if i < cut_1 else "validation" if i < cut_2 else "test" for i, site in enumerate(sites)
}
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
DatasetDict(
    {
        name: Dataset.from_pandas(
            table[table["site"].map(split_of) == name], features=features, preserve_index=False
        )
        for name in ["train", "validation", "test"]
    }
).save_to_disk("dataset")
