"""Parquet shards of the lab exports as they are, and a dataset card that is prose only (no YAML).

Trivial submission (validation): run from the workspace, writes hf_dataset/.
"""

from pathlib import Path

import pandas as pd

Path("hf_dataset/data").mkdir(parents=True, exist_ok=True)
exports = pd.concat(
    [pd.read_csv(path, dtype=str) for path in ["exports/northfield.csv", "exports/riverside.csv"]]
)
for split, part in zip(["train", "validation", "test"], [exports[::3], exports[1::3], exports[2::3]]):
    part.to_parquet(f"hf_dataset/data/{split}-00000-of-00001.parquet", index=False)
Path("hf_dataset/README.md").write_text("# River water quality samples\n\nSamples from three labs.\n")
