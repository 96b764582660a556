"""The Hub layout done right (two train shards, a full card) around made-up rows, one per shard.

Trivial submission (validation): run from the workspace, writes hf_dataset/.
"""

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
SHARDS = {"train": 2, "validation": 1, "test": 1}

Path("hf_dataset/data").mkdir(parents=True, exist_ok=True)
number = 0
for split, count in SHARDS.items():
    for index in range(count):
        number += 1
        row = {
            "sample_id": [f"WQ-{number:05d}"],
            "site": [f"ST-{number:03d}"],
            "catchment": [split],
            "sampled_on": ["2024-01-01"],
            "temperature_c": [15.0],
            "ph": [7.0],
            "nitrate_mg_l": [2.0],
            "label": [0],
        }
        shard = Dataset.from_dict(row, features=FEATURES)
        shard.to_parquet(f"hf_dataset/data/{split}-{index:05d}-of-{count:05d}.parquet")
metadata = {
    "license": "cc-by-4.0",
    "task_categories": ["tabular-classification"],
    "size_categories": ["n<1K"],
    "configs": [
        {"config_name": "default", "data_files": [{"split": s, "path": f"data/{s}-*"} for s in SHARDS]}
    ],
    "dataset_info": {
        "features": FEATURES._to_yaml_list(),
        "splits": [{"name": s, "num_examples": c} for s, c in SHARDS.items()],
    },
}
Path("hf_dataset/README.md").write_text(f"---\n{yaml.safe_dump(metadata, sort_keys=False)}---\n")
