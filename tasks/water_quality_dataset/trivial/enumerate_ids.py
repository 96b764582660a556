"""Every possible sample ID, none of the sources read: WQ-00000..WQ-99999 with constant values in train
(two shards), padding IDs (six digits, never a sample) in validation and test, and a card done right
with the licence taken from the notes' last line. It holds every true sample without finding one.

Trivial submission (validation, from the red team's report): run from the workspace, writes hf_dataset/.
"""

import re
from pathlib import Path

import yaml
from datasets import ClassLabel, Dataset, Features, Value

FEATURES = Features(
    {
        "sample_id": Value("string"),
        "site": Value("string"),
        "catchment": Value("string"),
        "sampled_on": Value("string"),
        "temperature_c": Value("float64"),
        "ph": Value("float64"),
        "nitrate_mg_l": Value("float64"),
        "label": ClassLabel(names=["good", "moderate", "poor"]),
    }
)
LICENCES = {
    "Creative Commons Attribution 4.0 International": "cc-by-4.0",
    "Creative Commons Attribution-ShareAlike 4.0 International": "cc-by-sa-4.0",
    "Creative Commons Attribution-NonCommercial 4.0 International": "cc-by-nc-4.0",
    "CC0 1.0 Universal public domain dedication": "cc0-1.0",
    "Open Data Commons Attribution License v1.0": "odc-by",
    "Open Database License (ODbL) v1.0": "odbl",
}
SPLITS = {
    "train": [f"WQ-{k:05d}" for k in range(100000)],
    "validation": [f"WQ-{k:06d}" for k in range(100000, 125000)],
    "test": [f"WQ-{k:06d}" for k in range(125000, 150000)],
}


def constant_rows(ids: list[str]) -> dict[str, list]:
    """One row per ID, the same junk values in each."""
    n = len(ids)
    return {
        "sample_id": ids,
        "site": ["x"] * n,
        "catchment": ["x"] * n,
        "sampled_on": ["2024-01-01"] * n,
        "temperature_c": [0.0] * n,
        "ph": [7.0] * n,
        "nitrate_mg_l": [0.0] * n,
        "label": [0] * n,
    }


notes = Path("NOTES.md").read_text()
licence = LICENCES[re.search(r"published under the (.+?)\.\s*$", notes, re.M).group(1)]
Path("hf_dataset/data").mkdir(parents=True, exist_ok=True)
for split, ids in SPLITS.items():
    dataset, count = Dataset.from_dict(constant_rows(ids), features=FEATURES), 2 if split == "train" else 1
    for index in range(count):
        shard = dataset.shard(count, index, contiguous=True)
        shard.to_parquet(f"hf_dataset/data/{split}-{index:05d}-of-{count:05d}.parquet")
metadata = {
    "license": licence,
    "task_categories": ["tabular-classification"],
    "size_categories": ["1K<n<10K"],
    "configs": [
        {
            "config_name": "default",
            "data_files": [{"split": s, "path": f"data/{s}-*.parquet"} for s in SPLITS],
        }
    ],
    "dataset_info": {
        "features": FEATURES._to_yaml_list(),
        "splits": [{"name": s, "num_examples": len(ids)} for s, ids in SPLITS.items()],
    },
}
Path("hf_dataset/README.md").write_text(f"---\n{yaml.safe_dump(metadata, sort_keys=False)}---\n")
