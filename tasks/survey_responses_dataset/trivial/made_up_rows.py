"""A DatasetDict with the spec's splits and schema and one made-up row per split.

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


def row(respondent: str, school: str) -> dict:
    return {
        "respondent_id": [respondent],
        "school": [school],
        "submitted_at": ["2026-05-01T09:00"],
        "comment": ["fine"],
        "label": [3],
    }


DatasetDict(
    {
        "train": Dataset.from_dict(row("R0001", "School of Arts"), features=FEATURES),
        "test": Dataset.from_dict(row("R0002", "School of Physics"), features=FEATURES),
    }
).save_to_disk("dataset")
