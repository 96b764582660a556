"""Reference solution for water_quality_dataset: read every source as NOTES.md describes it, resolve
the near-duplicates (LIMS over lab export, highest LIMS revision), drop what is not a sample or was
retracted, split whole catchments, and write the Hub layout: sharded Parquet and a card with YAML.

Run from the workspace: `python3 solve.py` writes hf_dataset/.
"""

import json
import re
from pathlib import Path

import pandas as pd
import yaml
from datasets import ClassLabel, Dataset, Features, Value

LABELS = ["good", "moderate", "poor"]
NO3_PER_N = 62.004 / 14.007
UMOL_TO_MG = 62.004 / 1000
LICENCE_IDS = {
    "Creative Commons Attribution 4.0 International": "cc-by-4.0",
    "Creative Commons Attribution-ShareAlike 4.0 International": "cc-by-sa-4.0",
    "Creative Commons Attribution-NonCommercial 4.0 International": "cc-by-nc-4.0",
    "CC0 1.0 Universal public domain dedication": "cc0-1.0",
    "Open Data Commons Attribution License v1.0": "odc-by",
    "Open Database License (ODbL) v1.0": "odbl",
}
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
COLUMNS = list(FEATURES)
ZUSTAND = {"gut": "good", "mäßig": "moderate", "schlecht": "poor"}  # Bergstrom's status words
TRAIN_SHARDS = 2


def canonical_id(text: str) -> str:
    """WQ- and five digits, from any spelling of the same number."""
    number = int(re.search(r"(\d+)\s*$", text.strip()).group(1))
    return f"WQ-{number:05d}"


def read_notes() -> tuple[set[str], str, str]:
    """The retracted IDs, Riverside's retracted batch day and the licence, as NOTES.md states them."""
    notes = Path("NOTES.md").read_text()
    line = next(line for line in notes.splitlines() if "leave them out:" in line)
    retracted = {canonical_id(m) for m in re.findall(r"WQ[ -]?\d+", line.split(":", 1)[1], re.I)}
    batch_day = re.search(r"miscalibrated on (\d{4}-\d{2}-\d{2})", notes).group(1)
    licence = re.search(r"published under the (.+?)\.\s*$", notes, re.M).group(1)
    return retracted, batch_day, LICENCE_IDS[licence]


def read_sites() -> tuple[dict[str, str], dict[str, str]]:
    """Every code a site goes by (canonical and former) -> canonical code; canonical -> catchment."""
    sites = pd.read_csv("sites.tsv", sep="\t", dtype=str)
    codes = {code: code for code in sites["site_code"]}
    for code, former in zip(sites["site_code"], sites["former_codes"]):
        codes.update({old.strip(): code for old in former.split(",")})
    return codes, dict(zip(sites["site_code"], sites["catchment"]))


def read_labs(batch_day: str) -> pd.DataFrame:
    """The three lab exports in one frame, each converted to the canonical units, codes and labels."""
    north = pd.read_csv("exports/northfield.csv", dtype=str, encoding="utf-8")
    north = pd.DataFrame(
        {
            "sample_id": north["Sample ID"],
            "site": north["Site"],
            "sampled_on": pd.to_datetime(north["Date"], format="%d/%m/%Y").dt.strftime("%Y-%m-%d"),
            "temperature_c": north["Temp (°C)"].astype(float),
            "ph": north["pH"].astype(float),
            "nitrate_mg_l": north["Nitrate (mg/L)"].astype(float),
            "label": north["Status"].str.strip().str.lower(),
        }
    )
    river = pd.read_csv("exports/riverside.csv", dtype=str, encoding="utf-8")
    river = river[river["collected"] != batch_day]  # the miscalibrated probe's day (NOTES.md)
    river = pd.DataFrame(
        {
            "sample_id": river["sample"],
            "site": river["site_code"],
            "sampled_on": river["collected"],
            "temperature_c": (river["temperature_f"].astype(float) - 32) * 5 / 9,
            "ph": river["ph"].astype(float),
            "nitrate_mg_l": river["nitrate_mg_l"].astype(float) * NO3_PER_N,  # reported as N
            "label": river["class"].map({"1": "poor", "2": "moderate", "3": "good"}),
        }
    )
    berg = pd.read_csv("exports/bergstrom.csv", dtype=str, sep=";", encoding="latin-1")
    number = lambda column: berg[column].str.replace(",", ".").astype(float)  # noqa: E731
    berg = pd.DataFrame(
        {
            "sample_id": berg["Proben-Nr."],
            "site": berg["Messstelle"],
            "sampled_on": pd.to_datetime(berg["Datum"], format="%d.%m.%Y").dt.strftime("%Y-%m-%d"),
            "temperature_c": number("Temperatur (°C)"),
            "ph": number("pH-Wert"),
            "nitrate_mg_l": number("Nitrat (µmol/l)") * UMOL_TO_MG,
            "label": berg["Zustand"].str.strip().str.lower().map(ZUSTAND),
        }
    )
    labs = pd.concat([north, river, berg], ignore_index=True)
    labs["site"] = labs["site"].str.strip().str.upper()
    return labs[~labs["site"].isin(["BLANK", "BLINDPROBE"])]


def read_lims() -> pd.DataFrame:
    """The LIMS dump flattened: samples only, highest revision, kelvin and nitrogen converted, local date."""
    rows = []
    for line in Path("lims_dump.jsonl").read_text().splitlines():
        record = json.loads(line)
        sample = record["sample"]
        if sample["kind"] == "qc" or sample["id"].strip().upper().startswith("TEST"):
            continue
        results = {r["analyte"]: r for r in record["results"]}
        nitrate = results["nitrate"]
        local = pd.Timestamp(record["collected_utc"]).tz_convert("Etc/GMT-10")  # UTC+10
        rows.append(
            {
                "sample_id": sample["id"],
                "revision": sample["revision"],
                "site": record["site"]["code"].strip().upper(),
                "sampled_on": local.strftime("%Y-%m-%d"),
                "temperature_c": results["water_temperature"]["value"] - 273.15,
                "ph": results["pH"]["value"],
                "nitrate_mg_l": nitrate["value"] * (NO3_PER_N if nitrate["unit"] == "mg N/L" else 1.0),
                "label": {1: "good", 2: "moderate", 3: "poor"}[record["assessment"]["status_code"]],
            }
        )
    lims = pd.DataFrame(rows)
    lims["sample_id"] = lims["sample_id"].map(canonical_id)
    return lims.sort_values("revision").groupby("sample_id").tail(1).drop(columns="revision")


def build_table() -> tuple[pd.DataFrame, str]:
    """One clean row per sample, and the licence identifier."""
    retracted, batch_day, licence = read_notes()
    codes, catchment = read_sites()
    labs, lims = read_labs(batch_day), read_lims()
    labs["sample_id"] = labs["sample_id"].map(canonical_id)
    labs = labs[~labs["sample_id"].isin(lims["sample_id"])]  # the LIMS values stand
    table = pd.concat([lims, labs], ignore_index=True)
    table = table[~table["sample_id"].isin(retracted)].copy()
    table["site"] = table["site"].map(codes)
    table["catchment"] = table["site"].map(catchment)
    table["temperature_c"] = table["temperature_c"].round(1)
    table["ph"] = table["ph"].astype(float).round(2)
    table["nitrate_mg_l"] = table["nitrate_mg_l"].round(2)
    table["label"] = table["label"].map(LABELS.index)
    assert table["sample_id"].is_unique and table.notna().all().all()
    return table[COLUMNS].sort_values("sample_id").reset_index(drop=True), licence


def split_catchments(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Whole catchments to each split, largest first, each to the split furthest below its target share."""
    targets = {"train": 0.7, "validation": 0.15, "test": 0.15}
    rows = {name: 0 for name in targets}
    chosen: dict[str, list[str]] = {name: [] for name in targets}
    for name, size in table["catchment"].value_counts().sort_index().sort_values(ascending=False).items():
        split = max(targets, key=lambda s: targets[s] - rows[s] / len(table))
        chosen[split].append(name)
        rows[split] += size
    return {split: table[table["catchment"].isin(names)] for split, names in chosen.items()}


def write_hub_layout(splits: dict[str, pd.DataFrame], licence: str, root: Path) -> None:
    """data/<split>-NNNNN-of-MMMMM.parquet shards and README.md with the YAML the Hub reads."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    data_files = []
    for split, frame in splits.items():
        dataset = Dataset.from_pandas(frame, features=FEATURES, preserve_index=False)
        shards = TRAIN_SHARDS if split == "train" else 1
        for index in range(shards):
            shard = dataset.shard(shards, index, contiguous=True)
            shard.to_parquet(str(root / "data" / f"{split}-{index:05d}-of-{shards:05d}.parquet"))
        data_files.append({"split": split, "path": f"data/{split}-*.parquet"})
    total = sum(len(frame) for frame in splits.values())
    metadata = {
        "license": licence,
        "task_categories": ["tabular-classification"],
        "size_categories": ["n<1K" if total < 1000 else "1K<n<10K"],
        "pretty_name": "River water quality samples",
        "configs": [{"config_name": "default", "data_files": data_files}],
        "dataset_info": {
            "features": FEATURES._to_yaml_list(),
            "splits": [{"name": split, "num_examples": len(frame)} for split, frame in splits.items()],
        },
    }
    body = "# River water quality samples\n\nOne row per sample; splits keep whole catchments apart.\n"
    (root / "README.md").write_text(f"---\n{yaml.safe_dump(metadata, sort_keys=False)}---\n\n{body}")


def main() -> None:
    table, licence = build_table()
    splits = split_catchments(table)
    write_hub_layout(splits, licence, Path("hf_dataset"))
    print({split: len(frame) for split, frame in splits.items()}, licence)


if __name__ == "__main__":
    main()
