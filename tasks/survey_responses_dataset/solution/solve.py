"""Reference solution for survey_responses_dataset: parse both timestamp formats, keep each real
respondent's latest submission, drop blank comments, map the Likert answers, split by school."""

import pandas as pd
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

LABELS = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
ANSWERS = {
    "strongly disagree": 0,
    "sd": 0,
    "1": 0,
    "disagree": 1,
    "d": 1,
    "2": 1,
    "neutral": 2,
    "n": 2,
    "3": 2,
    "neither agree nor disagree": 2,
    "agree": 3,
    "a": 3,
    "4": 3,
    "strongly agree": 4,
    "sa": 4,
    "5": 4,
}

raw = pd.read_csv("responses.csv", dtype=str, keep_default_na=False)
raw = raw[~raw["respondent_id"].str.lower().str.startswith("test")]
iso = pd.to_datetime(raw["submitted_at"], format="%Y-%m-%d %H:%M", errors="coerce")
day_first = pd.to_datetime(raw["submitted_at"], format="%d/%m/%Y %H:%M", errors="coerce")
raw["when"] = iso.fillna(day_first)
latest = raw.sort_values("when").groupby("respondent_id").tail(1).copy()
latest["comment"] = latest["comment"].str.strip()
latest = latest[latest["comment"] != ""]
latest["submitted_at"] = latest["when"].dt.strftime("%Y-%m-%dT%H:%M")
latest["label"] = latest["satisfaction"].str.strip().str.lower().map(ANSWERS)
table = latest[["respondent_id", "school", "submitted_at", "comment", "label"]].sort_values("respondent_id")

schools = sorted(table["school"].unique())
test_schools = set(schools[::4])  # every fourth school, whole
features = Features(
    {
        "respondent_id": Value("string"),
        "school": Value("string"),
        "submitted_at": Value("string"),
        "comment": Value("string"),
        "label": ClassLabel(names=LABELS),
    }
)
in_test = table["school"].isin(test_schools)
DatasetDict(
    {
        "train": Dataset.from_pandas(table[~in_test], features=features, preserve_index=False),
        "test": Dataset.from_pandas(table[in_test], features=features, preserve_index=False),
    }
).save_to_disk("dataset")
print(f"{len(table)} respondents; test schools: {sorted(test_schools)}")
