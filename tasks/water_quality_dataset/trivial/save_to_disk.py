"""Made-up rows in a DatasetDict saved with save_to_disk into hf_dataset/: not the Hub layout.

Trivial submission (validation): run from the workspace, writes hf_dataset/.
"""

from datasets import Dataset, DatasetDict

row = {"sample_id": ["WQ-00001"], "site": ["ST-001"], "label": [0]}
DatasetDict({split: Dataset.from_dict(row) for split in ("train", "validation", "test")}).save_to_disk(
    "hf_dataset"
)
