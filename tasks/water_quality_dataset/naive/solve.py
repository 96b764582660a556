"""The obvious first attempt at water_quality_dataset: every source read with pandas, concatenated.

Run from the workspace directory: `python3 .naive/solve.py` writes hf_dataset/. It reads the three
lab exports (the Latin-1 one with its semicolons and decimal commas) and the LIMS dump
(json_normalize, one column per analyte), renames the columns to the spec, converts the units the
headers show (degrees F, kelvin, micromol/L), parses dates with pandas, maps the status spellings and
numbers (1 = good), brings the sample IDs to WQ-#####, drops exact duplicate rows and IDs that are not
samples' (TEST), splits at random 70/15/15 and writes one Parquet file per split with a minimal card.
It does not act on the data manager's notes (NOTES.md).
"""

import json
from pathlib import Path

import pandas as pd
from datasets import ClassLabel, Dataset, Features, Value
from sklearn.model_selection import train_test_split

LABELS = ["good", "moderate", "poor"]
STATUS = {"good": 0, "gut": 0, "1": 0, "moderate": 1, "mäßig": 1, "2": 1, "poor": 2, "schlecht": 2, "3": 2}
FEATURES = Features(
    {
        "sample_id": Value("string"),
        "site": Value("string"),
        "catchment": Value("string"),
        "sampled_on": Value("string"),
        "temperature_c": Value("float64"),
        "ph": Value("float64"),
        "nitrate_mg_l": Value("float64"),
        "label": ClassLabel(names=LABELS),
    }
)
COLUMNS = ["sample_id", "site", "sampled_on", "temperature_c", "ph", "nitrate_mg_l", "status"]

north = pd.read_csv("exports/northfield.csv", dtype=str)
north.columns = COLUMNS
river = pd.read_csv("exports/riverside.csv", dtype=str)
river.columns = COLUMNS
river["temperature_c"] = (river["temperature_c"].astype(float) - 32) * 5 / 9
berg = pd.read_csv("exports/bergstrom.csv", sep=";", decimal=",", encoding="latin-1", dtype=str)
berg.columns = COLUMNS
berg["nitrate_mg_l"] = berg["nitrate_mg_l"].str.replace(",", ".").astype(float) * 62.004 / 1000
for column in ("temperature_c", "ph"):
    berg[column] = berg[column].str.replace(",", ".")

records = [json.loads(line) for line in Path("lims_dump.jsonl").read_text().splitlines()]
lims = pd.json_normalize(records)
values = [{r["analyte"]: r["value"] for r in record["results"]} for record in records]
lims = pd.DataFrame(
    {
        "sample_id": lims["sample.id"],
        "site": lims["site.code"],
        "sampled_on": lims["collected_utc"],
        "temperature_c": [v["water_temperature"] - 273.15 for v in values],
        "ph": [v["pH"] for v in values],
        "nitrate_mg_l": [v["nitrate"] for v in values],
        "status": lims["assessment.status_code"].astype(str),
    }
)

raw = pd.concat([north, river, berg, lims], ignore_index=True).drop_duplicates()
raw = raw[~raw["sample_id"].str.strip().str.upper().str.startswith("TEST")].copy()
number = raw["sample_id"].str.extract(r"(\d+)\s*$", expand=False).astype(int)
raw["sample_id"] = "WQ-" + number.map("{:05d}".format)
raw["site"] = raw["site"].str.strip().str.upper()
sites = pd.read_csv("sites.tsv", sep="\t", dtype=str)
raw["catchment"] = raw["site"].map(dict(zip(sites["site_code"], sites["catchment"])))
raw["sampled_on"] = pd.to_datetime(raw["sampled_on"], format="mixed", utc=True).dt.strftime("%Y-%m-%d")
raw["temperature_c"] = raw["temperature_c"].astype(float).round(1)
raw["ph"] = raw["ph"].astype(float).round(2)
raw["nitrate_mg_l"] = raw["nitrate_mg_l"].astype(float).round(2)
raw["label"] = raw["status"].str.strip().str.lower().map(STATUS)
table = raw[list(FEATURES)].drop_duplicates()

train, rest = train_test_split(table, test_size=0.3, random_state=0)
validation, test = train_test_split(rest, test_size=0.5, random_state=0)
Path("hf_dataset/data").mkdir(parents=True, exist_ok=True)
for split, frame in {"train": train, "validation": validation, "test": test}.items():
    dataset = Dataset.from_pandas(frame, features=FEATURES, preserve_index=False)
    dataset.to_parquet(f"hf_dataset/data/{split}-00000-of-00001.parquet")
Path("hf_dataset/README.md").write_text(
    "---\nconfigs:\n- config_name: default\n  data_files:\n"
    + "".join(f"  - split: {s}\n    path: data/{s}-*\n" for s in ("train", "validation", "test"))
    + "---\n\n# River water quality samples\n"
)
