"""Grader for pipeline_audit: the bug list against the planted bugs, the fixed pipeline on patients
drawn at scoring time against the grader's own clean pipeline, and the reported held-out ROC AUC
against what the fixed pipeline reaches on those patients.

metric = bugs * pipeline * (1 + honesty) / 2, each part in [0, 1]:
- bugs: (listed bugs that were planted, in a file where their code lives, minus WRONG_COST per wrong
  entry) / planted bugs, at least 0: a blind guess loses more when wrong than it gains when right;
  listing every kind of the vocabulary scores 0.
- pipeline: 1 when the submitted pipeline's ROC AUC on the fresh patients is within AUC_FULL of the
  clean pipeline's, falling linearly to 0 at AUC_ZERO below it.
- honesty: 1 when the reported number is within REPORT_FULL of the submitted pipeline's ROC AUC on
  the fresh patients, falling linearly to 0 at REPORT_ZERO.
"""

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import (
    Grade,
    SubmissionError,
    load_task_module,
    read_predictions,
    read_results,
    require_number,
)

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "pipeline_audit_generate")

TEST_PATIENTS = 3000
AUC_FULL, AUC_ZERO = 0.02, 0.04
REPORT_FULL, REPORT_ZERO = 0.04, 0.07
COLUMN = "readmission_probability"
WRONG_COST = 2


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """New patients read on the day of discharge: inputs/admissions.csv without labels; labels and
    the clean pipeline's ROC AUC on them (run here, on the host) kept beside it."""
    rng = np.random.default_rng([seed, scoring_seed, 4545])
    fresh = generate.with_ids(
        generate.admissions(generate.process(seed), rng, TEST_PATIENTS, at_discharge=True), "Q", rng
    )
    (directory / "inputs").mkdir(parents=True)
    inputs = directory / "inputs" / "admissions.csv"
    fresh.drop(columns=[generate.LABEL, "p_true"]).to_csv(inputs, index=False)
    fresh[[generate.LABEL]].to_csv(directory / "labels.csv", index=False)
    with tempfile.TemporaryDirectory(prefix="pipeline-audit-clean-") as tmp:
        table, _ = generate.instance(seed)
        generate.write_repository(Path(tmp), table, [])
        generate.run_pipeline(Path(tmp), str(inputs), "predictions.csv")
        clean = pd.read_csv(Path(tmp) / "predictions.csv")[COLUMN].to_numpy()
    labels = fresh[generate.LABEL].to_numpy()
    (directory / "reference.json").write_text(json.dumps({"clean_auc": roc_auc(labels, clean)}))


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney form, ties counted half)."""
    ranks = pd.Series(scores).rank().to_numpy()
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def read_bugs(path: Path) -> list[tuple[str, str]]:
    """(kind, file) of each listed bug; SubmissionError naming what is wrong."""
    listed = read_results(path).get("bugs")
    if not isinstance(listed, list):
        raise SubmissionError('bugs.json must hold {"bugs": [...]}, a list of objects')
    bugs = []
    for index, bug in enumerate(listed):
        if (
            not isinstance(bug, dict)
            or not isinstance(bug.get("kind"), str)
            or not isinstance(bug.get("file"), str)
        ):
            raise SubmissionError(f"bugs[{index}] must be an object with string 'kind', 'file' and 'note'")
        if bug["kind"] not in generate.VOCABULARY:
            raise SubmissionError(f"bugs[{index}]: kind {bug['kind']!r} is not one of {generate.VOCABULARY}")
        bugs.append((bug["kind"], Path(bug["file"]).name))
    kinds = [kind for kind, _ in bugs]
    repeated = sorted({kind for kind in kinds if kinds.count(kind) > 1})
    if repeated:
        raise SubmissionError(f"list each kind once; repeated: {repeated}")
    return bugs


def bug_score(bugs: list[tuple[str, str]], planted: list[dict]) -> tuple[float, list[str], list[str]]:
    """(score, found kinds, wrong entries): found minus WRONG_COST per wrong entry, over planted, at
    least 0; a kind planted in about half the instances is then not worth guessing."""
    where = {bug["kind"]: set(bug["files"]) for bug in planted}
    found = [kind for kind, file in bugs if file in where.get(kind, ())]
    wrong = [f"{kind} in {file}" for kind, file in bugs if kind not in found]
    return max(0.0, (len(found) - WRONG_COST * len(wrong)) / len(planted)), found, wrong


def ramp(shortfall: float, full: float, zero: float) -> float:
    """1 up to `full`, 0 from `zero`, linear between."""
    return float(np.clip((zero - shortfall) / (zero - full), 0.0, 1.0))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    """The three parts and their product (module docstring); malformed outputs are SubmissionErrors."""
    planted = json.loads((hidden / "planted.json").read_text())["bugs"]
    bugs = bug_score(read_bugs(outputs / "bugs.json"), planted)
    reported = require_number(read_results(outputs / "results.json").get("held_out_auc"), "held_out_auc")
    labels = pd.read_csv(hidden / "test" / "labels.csv")[generate.LABEL].to_numpy()
    scores = read_predictions(outputs / "predictions.csv", COLUMN, len(labels), "fresh admissions")
    if not np.isfinite(scores).all():
        raise SubmissionError(f"{COLUMN} has missing or non-numeric values")
    auc = roc_auc(labels, scores)
    clean = json.loads((hidden / "test" / "reference.json").read_text())["clean_auc"]
    pipeline = ramp(clean - auc, AUC_FULL, AUC_ZERO)
    honesty = ramp(abs(reported - auc), REPORT_FULL, REPORT_ZERO)
    metric = bugs[0] * pipeline * (1 + honesty) / 2
    return Grade(
        metric=metric,
        explanation=(
            f"bugs {bugs[0]:.2f} (found {len(bugs[1])} of {len(planted)} planted, {len(bugs[2])} wrong); "
            f"pipeline {pipeline:.2f} (ROC AUC {auc:.4f} on {len(labels)} fresh admissions, clean pipeline "
            f"{clean:.4f}); honesty {honesty:.2f} (reported {reported:.4f})"
        ),
        details={
            "bug_score": bugs[0],
            "found": bugs[1],
            "wrong": bugs[2],
            "planted": [bug["kind"] for bug in planted],
            "pipeline_score": pipeline,
            "fresh_auc": auc,
            "clean_auc": clean,
            "honesty_score": honesty,
            "reported_auc": reported,
        },
    )
