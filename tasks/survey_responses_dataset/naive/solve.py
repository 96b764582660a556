"""The obvious first attempt at survey_responses_dataset: the prompt's spec applied in the plainest way.

Run from the workspace directory: `python3 .naive/solve.py` writes dataset/. It reads both channels
(the paper file with its semicolons), concatenates them, drops the staff test submissions, parses
the times with pandas (`format="mixed"`, as pandas' own error message suggests for mixed formats),
keeps each respondent's latest submission, strips comments and drops blank ones, maps the Likert
answers (text, abbreviations, digits 1-5) with one table, and splits whole schools with
scikit-learn's GroupShuffleSplit. It does not act on the survey office's notes (README.md): the
paper forms' day-first dates, handwritten respondent IDs and reversed scale.
"""

import pandas as pd
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value
from sklearn.model_selection import GroupShuffleSplit

LABELS = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
ANSWERS = {
    "strongly disagree": 0, "sd": 0, "1": 0,
    "disagree": 1, "d": 1, "2": 1,
    "neutral": 2, "neither agree nor disagree": 2, "n": 2, "3": 2,
    "agree": 3, "a": 3, "4": 3,
    "strongly agree": 4, "sa": 4, "5": 4,
}  # fmt: skip

online = pd.read_csv("responses_online.csv", dtype=str)
paper = pd.read_csv("responses_paper.csv", sep=";", dtype=str)
raw = pd.concat([online, paper])
raw["respondent_id"] = raw["respondent_id"].str.strip()
raw = raw[~raw["respondent_id"].str.lower().str.startswith("test")]
raw["when"] = pd.to_datetime(raw["submitted_at"], format="mixed")
latest = raw.sort_values("when").groupby("respondent_id").tail(1).copy()
latest["comment"] = latest["comment"].fillna("").str.strip()
latest = latest[latest["comment"] != ""]
latest["submitted_at"] = latest["when"].dt.strftime("%Y-%m-%dT%H:%M")
latest["label"] = latest["satisfaction"].str.strip().str.lower().map(ANSWERS)
table = latest[["respondent_id", "school", "submitted_at", "comment", "label"]]

train, test = next(GroupShuffleSplit(test_size=0.25, random_state=0).split(table, groups=table["school"]))
features = Features(
    {
        "respondent_id": Value("string"),
        "school": Value("string"),
        "submitted_at": Value("string"),
        "comment": Value("string"),
        "label": ClassLabel(names=LABELS),
    }
)
DatasetDict(
    {
        "train": Dataset.from_pandas(table.iloc[train], features=features, preserve_index=False),
        "test": Dataset.from_pandas(table.iloc[test], features=features, preserve_index=False),
    }
).save_to_disk("dataset")
