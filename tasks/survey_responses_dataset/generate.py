"""Instance generator for survey_responses_dataset: a course survey in two channels, the survey
office's notes and the clean truth.

Respondents answer online or on a paper form, some more than once (only the latest submission
counts, across both channels). The online export (`responses_online.csv`) writes US month-first
times and the Likert answer as words, abbreviations or digits; staff test submissions are mixed in;
some comments are blank. What only the notes (`README.md`) explain: the paper forms
(`responses_paper.csv`, transcribed, semicolon-separated) carry day-first dates with dots, respondent
IDs as written by hand (`r12`, `R-0012`), and a printed scale that runs the other way (1 = strongly
agree). The truth keeps each real respondent's latest submission.
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
START = pd.Timestamp("2026-04-20 08:00")  # a month: day and month both run to 12 and beyond
NOTES = """# Course survey: notes from the survey office

The survey ran in two channels; a student could answer in either, and more than once.

- `responses_online.csv`: the online form. `submitted_at` is written by the form platform as
  month/day/year (`MM/DD/YYYY HH:MM`). `satisfaction` is the answer to "I was satisfied with the
  course": the option's text, its abbreviation (SD, D, N, A, SA) or its number on the form's scale,
  1 = strongly disagree ... 5 = strongly agree.
- `responses_paper.csv`: paper forms handed in at the end of a lecture, typed in by student
  assistants (semicolon-separated). `submitted_at` is when the form was handed in, written
  day.month.year (`DD.MM.YYYY HH:MM`). `respondent_id` is typed as the student wrote it; every ID is
  `R` followed by four digits, though students write `r12`, `R-0012` or `R 0012` for R0012.
  `satisfaction` is the number ticked on the printed scale, which runs the other way:
  1 = strongly agree, 2 = agree, 3 = neutral, 4 = disagree, 5 = strongly disagree.
- Staff tested the online form before it opened; their submissions have respondent IDs starting
  with "test".
"""


def _comment(rng: np.random.Generator, label: int) -> str:
    tone = ["hated", "disliked", "had mixed feelings about", "liked", "loved"][label]
    return f"I {tone} the {rng.choice(WORDS)} and the {rng.choice(WORDS)}."


def _handwritten(rng: np.random.Generator, number: int) -> str:
    forms = [
        f"R{number:04d}",
        f"r{number}",
        f"R-{number:04d}",
        f"R {number:04d}",
        f"r{number:04d}",
        f"R{number}",
    ]
    return str(rng.choice(forms, p=[0.4, 0.12, 0.12, 0.12, 0.12, 0.12]))


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 6161])
    schools = [
        f"School of {name}"
        for name in ["Arts", "Biology", "Chemistry", "Design", "Economics", "Physics", "Geography", "History"]
    ]
    online, paper, truth = [], [], []
    for number in range(1, int(rng.integers(250, 350))):
        respondent = f"R{number:04d}"
        school = str(rng.choice(schools))
        submissions = int(rng.choice([1, 1, 1, 2, 3]))
        minutes = rng.choice(60 * 24 * 30, submissions, replace=False)
        for when in sorted(START + pd.Timedelta(minutes=int(m)) for m in minutes):
            label = int(rng.integers(0, 5))
            comment = _comment(rng, label) if rng.random() > 0.03 else "   "
            if rng.random() < 0.35:
                paper.append(
                    {
                        "respondent_id": _handwritten(rng, number),
                        "school": school,
                        "submitted_at": when.strftime("%d.%m.%Y %H:%M"),
                        "satisfaction": str(5 - label),
                        "comment": comment,
                    }
                )
            else:
                online.append(
                    {
                        "respondent_id": respondent,
                        "school": school,
                        "submitted_at": when.strftime("%m/%d/%Y %H:%M"),
                        "satisfaction": str(rng.choice(SPELLINGS[label])),
                        "comment": comment,
                    }
                )
        if comment.strip():
            truth.append(
                {
                    "respondent_id": respondent,
                    "school": school,
                    "submitted_at": when.strftime("%Y-%m-%dT%H:%M"),
                    "comment": comment.strip(),
                    "label": LABELS[label],
                }
            )
    for i in range(10):  # staff checking the form
        when = START - pd.Timedelta(minutes=int(rng.integers(60, 60 * 24 * 3)))
        online.append(
            {
                "respondent_id": f"{rng.choice(['TEST', 'test', 'Test'])}-{i}",
                "school": str(rng.choice(schools)),
                "submitted_at": when.strftime("%m/%d/%Y %H:%M"),
                "satisfaction": "5",
                "comment": "testing the form",
            }
        )
    shuffle = int(rng.integers(1 << 30))
    pd.DataFrame(online).sample(frac=1.0, random_state=shuffle).to_csv(
        workspace / "responses_online.csv", index=False
    )
    pd.DataFrame(paper).sample(frac=1.0, random_state=shuffle).to_csv(
        workspace / "responses_paper.csv", index=False, sep=";"
    )
    (workspace / "README.md").write_text(NOTES)
    (hidden / "truth.json").write_text(json.dumps(truth))
