"""A card whose data_files point outside hf_dataset/ (at where the grader's hidden truth might lie),
around made-up shards: the grader must read nothing outside the submitted folder.

Trivial submission (validation): run from the workspace, writes hf_dataset/.
"""

from pathlib import Path

import pandas as pd

Path("hf_dataset/data").mkdir(parents=True, exist_ok=True)
row = pd.DataFrame({"sample_id": ["WQ-00001"], "label": [0]})
for split in ("train", "validation", "test"):
    row.to_parquet(f"hf_dataset/data/{split}-00000-of-00001.parquet", index=False)
entries = "".join(
    f"  - split: {split}\n    path: ../../hidden/truth.json\n" for split in ("train", "validation", "test")
)
Path("hf_dataset/README.md").write_text(
    f"---\nlicense: cc-by-4.0\nconfigs:\n- config_name: default\n  data_files:\n{entries}---\n"
)
