"""Grader for hampel_smoother: does the submitted hgbs.py smooth fresh series as specified, and is
the reported RMSE the RMSE of the submitted code's own output on the workspace series?"""

from pathlib import Path

import numpy as np

from tasks.grading import Grade, grade_spec_match, load_task_module, read_predictions

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "hampel_generate")
reference = load_task_module(TASK / "solution" / "hgbs.py", "hampel_reference")


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    data = generate.series(np.random.default_rng([seed, scoring_seed, 5757]), 500)
    (directory / "inputs").mkdir(parents=True)
    data[["t", "observed"]].to_csv(directory / "inputs" / "series.csv", index=False)
    np.save(directory / "reference.npy", reference.hgbs(data["observed"].to_numpy()))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    signal = np.load(hidden / "workspace_signal.npy")

    def own_rmse(path: Path) -> float:
        smoothed = read_predictions(path, "smoothed", len(signal), "workspace points")
        return float(np.sqrt(np.mean((smoothed - signal) ** 2)))

    expected = np.load(hidden / "test" / "reference.npy")
    return grade_spec_match(outputs, "predictions.csv", "smoothed", expected, "rmse", own_rmse, 1e-8, 1e-6)
