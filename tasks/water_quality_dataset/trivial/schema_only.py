"""The Hub layout with the spec's schema and card, and shards without a row.

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
SPLITS = ["train", "validation", "test"]

Path("hf_dataset/data").mkdir(parents=True, exist_ok=True)
empty = Dataset.from_dict({name: [] for name in FEATURES}, features=FEATURES)
for split in SPLITS:
    empty.to_parquet(f"hf_dataset/data/{split}-00000-of-00001.parquet")
metadata = {
    "license": "cc-by-4.0",
    "task_categories": ["tabular-classification"],
    "configs": [
        {"config_name": "default", "data_files": [{"split": s, "path": f"data/{s}-*"} for s in SPLITS]}
    ],
    "dataset_info": {"features": FEATURES._to_yaml_list()},
}
Path("hf_dataset/README.md").write_text(f"---\n{yaml.safe_dump(metadata, sort_keys=False)}---\n")
