"""Reference solution for survey_responses_dataset: read each channel as the survey office's notes
describe it (online: month-first times; paper: day-first times, handwritten IDs, a reversed scale),
keep each real respondent's latest submission across both, drop blank comments, split by school."""

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

PAPER_SCALE = {"1": 4, "2": 3, "3": 2, "4": 1, "5": 0}  # printed the other way round (README.md)

online = pd.read_csv("responses_online.csv", dtype=str, keep_default_na=False)
online = online[~online["respondent_id"].str.strip().str.lower().str.startswith("test")]
online["when"] = pd.to_datetime(online["submitted_at"], format="%m/%d/%Y %H:%M")
online["label"] = online["satisfaction"].str.strip().str.lower().map(ANSWERS)

paper = pd.read_csv("responses_paper.csv", sep=";", dtype=str, keep_default_na=False)
digits = paper["respondent_id"].str.extract(r"(\d+)\s*$", expand=False).astype(int)
paper["respondent_id"] = "R" + digits.map("{:04d}".format)
paper["when"] = pd.to_datetime(paper["submitted_at"], format="%d.%m.%Y %H:%M")
paper["label"] = paper["satisfaction"].str.strip().map(PAPER_SCALE)

raw = pd.concat([online, paper])
latest = raw.sort_values("when").groupby("respondent_id").tail(1).copy()
latest["comment"] = latest["comment"].str.strip()
latest = latest[latest["comment"] != ""]
latest["submitted_at"] = latest["when"].dt.strftime("%Y-%m-%dT%H:%M")
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
