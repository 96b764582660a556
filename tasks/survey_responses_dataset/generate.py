"""Instance generator for survey_responses_dataset: a course survey export and the clean truth.

Respondents may submit more than once (only the latest counts); timestamps come in two formats, one
day-first; the Likert answer is written as words, abbreviations or digits; staff test submissions
are mixed in; some comments are blank. The truth keeps each real respondent's latest submission.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

LABELS = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
SPELLINGS = [
    ["Strongly disagree", "SD", "1", "strongly disagree"],
    ["Disagree", "D", "2", "disagree "],
    ["Neutral", "N", "3", "neither agree nor disagree"],
    ["Agree", "A", "4", " agree"],
    ["Strongly agree", "SA", "5", "STRONGLY AGREE"],
]
WORDS = [
    "lectures",
    "labs",
    "feedback",
    "pace",
    "workload",
    "tutor",
    "exams",
    "materials",
    "group work",
    "slides",
]


def _comment(rng: np.random.Generator, label: int) -> str:
    tone = ["hated", "disliked", "had mixed feelings about", "liked", "loved"][label]
    return f"I {tone} the {rng.choice(WORDS)} and the {rng.choice(WORDS)}."


def _stamp(rng: np.random.Generator, when: pd.Timestamp) -> str:
    return when.strftime("%Y-%m-%d %H:%M") if rng.random() < 0.6 else when.strftime("%d/%m/%Y %H:%M")


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 6161])
    schools = [
        f"School of {name}"
        for name in ["Arts", "Biology", "Chemistry", "Design", "Economics", "Physics", "Geography", "History"]
    ]
    rows, truth = [], []
    start = pd.Timestamp("2026-05-01 08:00")
    for number in range(int(rng.integers(250, 350))):
        respondent = f"R{number:04d}"
        school = str(rng.choice(schools))
        submissions = int(rng.choice([1, 1, 1, 2, 3]))
        times = sorted(
            start + pd.Timedelta(minutes=int(m)) for m in rng.choice(60 * 24 * 20, submissions, replace=False)
        )
        for when in times:
            label = int(rng.integers(0, 5))
            comment = _comment(rng, label)
            rows.append(
                {
                    "respondent_id": respondent,
                    "school": school,
                    "submitted_at": _stamp(rng, when),
                    "satisfaction": str(rng.choice(SPELLINGS[label])),
                    "comment": comment if rng.random() > 0.03 else "   ",
                }
            )
        last = rows[-1]
        if last["comment"].strip():
            truth.append(
                {
                    "respondent_id": respondent,
                    "school": school,
                    "submitted_at": times[-1].strftime("%Y-%m-%dT%H:%M"),
                    "comment": last["comment"].strip(),
                    "label": LABELS[label],
                }
            )
    for i in range(10):  # staff checking the form
        when = start + pd.Timedelta(minutes=int(rng.integers(0, 60 * 24)))
        rows.append(
            {
                "respondent_id": f"{rng.choice(['TEST', 'test', 'Test'])}-{i}",
                "school": str(rng.choice(schools)),
                "submitted_at": _stamp(rng, when),
                "satisfaction": "5",
                "comment": "testing the form",
            }
        )
    raw = pd.DataFrame(rows).sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
    raw.to_csv(workspace / "responses.csv", index=False)
    (hidden / "truth.json").write_text(json.dumps(truth))
