"""Grader for mnr_outliers: does the submitted mnr.py compute the specified scores on fresh data,
and does the reported AUC match what the method gives on the workspace data?"""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, SubmissionError, read_results, require_number


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TASK = Path(__file__).parents[1]
generate = _load("mnr_outliers_generate", TASK / "generate.py")
reference = _load("mnr_outliers_reference", TASK / "solution" / "mnr.py")
TOLERANCE = 1e-6


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    cloud = generate.points(np.random.default_rng([seed, scoring_seed, 7070]), 500)
    (directory / "inputs").mkdir(parents=True)
    cloud[generate.FEATURES].to_csv(directory / "inputs" / "points.csv", index=False)
    np.save(directory / "reference_scores.npy", reference.mnr_scores(cloud[generate.FEATURES].to_numpy()))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    expected = np.load(hidden / "test" / "reference_scores.npy")
    try:
        submitted = pd.read_csv(outputs / "predictions.csv")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise SubmissionError(f"scores file is not a readable CSV: {error}") from error
    if "score" not in submitted.columns or len(submitted) != len(expected):
        raise SubmissionError(f"mnr.py must write one column 'score' with {len(expected)} rows")
    scores = pd.to_numeric(submitted["score"], errors="coerce").to_numpy()
    matched = float(np.mean(np.abs(scores - expected) <= TOLERANCE * np.maximum(1.0, np.abs(expected))))
    truth = json.loads((hidden / "truth.json").read_text())
    reported = require_number(read_results(outputs / "results.json").get("auc"), "auc")
    report_ok = abs(reported - truth["auc"]) <= 1e-4
    metric = matched * (1.0 if report_ok else 0.5)
    return Grade(
        metric=metric,
        explanation=f"{matched:.1%} of fresh points scored as specified; reported AUC "
        + ("matches the method's" if report_ok else f"{reported:.4f} does not match the method's"),
        details={"matched": matched, "report_ok": report_ok},
    )
