"""Grader for hampel_smoother: does the submitted hgbs.py smooth fresh series as specified, and is
the reported RMSE the method's RMSE on the workspace series?"""

import importlib.util
import json
from pathlib import Path

import numpy as np

from tasks.grading import Grade, grade_spec_match


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TASK = Path(__file__).parents[1]
generate = _load("hampel_generate", TASK / "generate.py")
reference = _load("hampel_reference", TASK / "solution" / "hgbs.py")


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    data = generate.series(np.random.default_rng([seed, scoring_seed, 5757]), 500)
    (directory / "inputs").mkdir(parents=True)
    data[["t", "observed"]].to_csv(directory / "inputs" / "series.csv", index=False)
    np.save(directory / "reference.npy", reference.hgbs(data["observed"].to_numpy()))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    expected = np.load(hidden / "test" / "reference.npy")
    return grade_spec_match(
        outputs, "predictions.csv", "smoothed", expected, "rmse", truth["rmse"], 1e-8, 1e-6
    )
