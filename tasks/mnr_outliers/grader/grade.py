"""Grader for mnr_outliers: does the submitted mnr.py compute the specified scores on fresh data,
and is the reported AUC the AUC of the submitted code's own scores on the workspace sample?"""

from pathlib import Path

import numpy as np

from tasks.grading import Grade, grade_spec_match, load_task_module, read_predictions

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "mnr_outliers_generate")
reference = load_task_module(TASK / "solution" / "mnr.py", "mnr_outliers_reference")


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    cloud = generate.points(np.random.default_rng([seed, scoring_seed, 7070]), 500)
    (directory / "inputs").mkdir(parents=True)
    cloud[generate.FEATURES].to_csv(directory / "inputs" / "points.csv", index=False)
    np.save(directory / "reference_scores.npy", reference.mnr_scores(cloud[generate.FEATURES].to_numpy()))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    labels = np.load(hidden / "workspace_labels.npy")

    def own_auc(path: Path) -> float:
        return reference.roc_auc(labels, read_predictions(path, "score", len(labels), "workspace points"))

    expected = np.load(hidden / "test" / "reference_scores.npy")
    return grade_spec_match(outputs, "predictions.csv", "score", expected, "auc", own_auc)
