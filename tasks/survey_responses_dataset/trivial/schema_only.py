"""A DatasetDict with the spec's splits and schema and no rows.

Trivial submission (validation): run from the workspace, writes dataset/.
"""

from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

LABELS = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
FEATURES = Features(
    {
        "respondent_id": Value("string"),
        "school": Value("string"),
        "submitted_at": Value("string"),
        "comment": Value("string"),
        "label": ClassLabel(names=LABELS),
    }
)
empty = {name: [] for name in FEATURES}
DatasetDict({split: Dataset.from_dict(empty, features=FEATURES) for split in ("train", "test")}).save_to_disk(
    "dataset"
)
