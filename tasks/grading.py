"""The contract between a task's hidden grader and the harness.

A grader module (`tasks/<id>/grader/grade.py`) defines

    def grade(outputs: Path, hidden: Path, seed: int) -> Grade

where `outputs` is a host directory holding the files the agent wrote (those that task.yaml lists
under `outputs`, copied out of the sandbox), `hidden` is the task's hidden data directory and
`seed` the instance seed. The grader returns the raw metric; the harness turns it into the shared
score shape (score in [0, 1], success in {0, 1}) using the task's `scoring` block, so every task
normalises the same way.

A submission that is malformed (wrong format, wrong keys, non-numbers) raises `SubmissionError`
with a reason the agent's author can act on; it scores 0 with that reason as the explanation.
Any other exception is a bug in the grader and is not hidden.
"""

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Grade",
    "SubmissionError",
    "grade_digits",
    "grade_spec_match",
    "load_checkpoint",
    "load_task_module",
    "read_predictions",
    "log_relative_error",
    "lookup",
    "read_results",
    "require_number",
]


class SubmissionError(Exception):
    """The agent's outputs cannot be graded (missing, malformed); scores 0 with this message."""


@dataclass(frozen=True)
class Grade:
    """What a grader found.

    Attributes:
        metric: The raw task metric (task.yaml `scoring.metric`), in its own units.
        explanation: One line a reader of the log understands without the grader's source.
        details: Per-item breakdown kept in the log's score metadata.
        best: The best achievable metric on this very test set where the grader can compute it (the
            Bayes-optimal predictor's, the true parameters'): score 1 then means that value instead of
            task.yaml's `scoring.reference`.
    """

    metric: float
    explanation: str
    details: dict[str, Any] = field(default_factory=dict)
    best: float | None = None


def read_results(path: Path) -> dict[str, Any]:
    """The JSON object in `path` (an agent's results file); SubmissionError if it is not one."""
    try:
        results = json.loads(path.read_text())
    except (FileNotFoundError, IsADirectoryError) as error:
        raise SubmissionError(f"{path.name} cannot be read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise SubmissionError(f"{path.name} is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise SubmissionError(f"{path.name} is not valid JSON: {error}") from error
    if not isinstance(results, dict):
        raise SubmissionError(f"{path.name} must hold a JSON object, got {type(results).__name__}")
    return results


def require_number(value: Any, name: str) -> float:
    """`value` as a float if it is a finite JSON number; SubmissionError naming the field if not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SubmissionError(f"'{name}' must be a finite number, got {value!r}")
    return float(value)


def log_relative_error(value: float, reference: float, cap: float = 10.0) -> float:
    """Correct significant digits of `value` against `reference` (NIST's LRE), in [0, cap]."""
    if value == reference:
        return cap
    return max(0.0, min(cap, -math.log10(abs(value - reference) / abs(reference))))


def lookup(results: dict[str, Any], dotted: str) -> Any:
    """results['a']['b'] for 'a.b'; None where the path does not exist."""
    value: Any = results
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def grade_digits(results: dict[str, Any], reference: dict[str, float], cap: float = 10.0) -> Grade:
    """Grade reported numbers by correct significant digits: the metric is the smallest LRE.

    Args:
        results: The agent's results object.
        reference: Dotted path in results (e.g. 'coefficients.GNP') -> reference value.
        cap: Digits beyond which agreement counts as exact.
    """
    lre = {
        key: log_relative_error(require_number(lookup(results, key), key), value, cap)
        for key, value in reference.items()
    }
    worst = min(lre, key=lre.get)
    return Grade(
        metric=lre[worst],
        explanation=f"min LRE {lre[worst]:.2f} digits over {len(lre)} reference values (worst: {worst})",
        details={"lre": lre},
    )


def grade_spec_match(
    outputs: Path,
    predictions: str,
    column: str,
    expected: Any,
    reported_key: str,
    own_metric: Callable[[Any], float],
    relative_tolerance: float = 1e-6,
    report_tolerance: float = 1e-4,
) -> Grade:
    """Grade an implementation task: does the submitted code reproduce the specification's outputs
    on fresh data, and is the number the agent reported what its own code produces?

    Args:
        outputs: Host folder with the submitted code's outputs on the fresh data (`predictions`), its
            outputs on the workspace data (`own_<predictions>`) and results.json.
        predictions: File name of the code's output CSV.
        column: The column it writes.
        expected: The specification's values on the fresh data.
        reported_key: The number in results.json the agent computed on the workspace data.
        own_metric: Turns the code's own workspace outputs into that number.

    The metric is the share of fresh outputs within `relative_tolerance` of `expected`, net of the
    share the best constant output would match (so code that writes one value everywhere scores 0),
    halved when the reported number is not within `report_tolerance` of what the code itself produces.
    """
    import numpy as np

    expected = np.asarray(expected, dtype=float)
    tolerance = relative_tolerance * np.maximum(1.0, np.abs(expected))
    values = read_predictions(outputs / predictions, column, len(expected), "fresh data points")
    matched = float(np.mean(np.abs(values - expected) <= tolerance))
    # Column i: the points that the constant expected[i] matches. The best constant matches at least
    # one point, and more where the specification gives many points one value (MNR's exact 1.0).
    matches_of_each_constant = np.abs(expected[:, None] - expected[None, :]) <= tolerance[:, None]
    constant = float(matches_of_each_constant.mean(axis=0).max())
    if constant == 1.0:  # a task bug: such a test set cannot tell code from a constant
        raise ValueError("every expected value of the fresh test set is the same")
    net = max(0.0, (matched - constant) / (1.0 - constant))
    produced = own_metric(outputs / f"own_{predictions}")
    reported = require_number(read_results(outputs / "results.json").get(reported_key), reported_key)
    report_ok = abs(reported - produced) <= report_tolerance
    verdict = "matches" if report_ok else f"({reported:.6g}) does not match"
    return Grade(
        metric=net * (1.0 if report_ok else 0.5),
        explanation=f"{matched:.1%} of outputs on fresh data as specified (a constant would match "
        f"{constant:.1%}); the reported {reported_key} {verdict} what the submitted code produces on the "
        f"workspace data ({produced:.6g})",
        details={
            "matched": matched,
            "constant_share": constant,
            "report_ok": report_ok,
            "reported": reported,
            "produced": produced,
        },
    )


def load_task_module(path: Path, name: str):
    """Import one of a task's own files (generate.py, solution code) from the grader, by path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_predictions(path: Path, column: str, rows: int, what: str):
    """Column `column` of the predictor's CSV as a float array of `rows` values; SubmissionError if not."""
    import pandas as pd

    if not path.is_file():
        raise SubmissionError(f"{path.name} is missing or not a file")
    try:
        predictions = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise SubmissionError(f"{path.name} is not a readable CSV: {error}") from error
    if column not in predictions.columns:
        raise SubmissionError(f"{path.name} needs a '{column}' column, has {list(predictions.columns)}")
    if len(predictions) != rows:
        raise SubmissionError(f"{path.name} has {len(predictions)} rows for {rows} {what}")
    return pd.to_numeric(predictions[column], errors="coerce").to_numpy(dtype=float)


def load_checkpoint(loader: Callable[[str], Any], path: Path) -> Any:
    """`loader(path)` (a task's own load_checkpoint); any failure to load is the submission's fault."""
    import pickle

    try:
        return loader(str(path))
    # torch.load and load_state_dict signal a bad file in many ways, and a file of the wrong shape (a
    # bare tensor: IndexError; a list as config: AttributeError) fails in the loader: each is the
    # submission's fault.
    except (
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        RuntimeError,
        EOFError,
        OSError,
        pickle.UnpicklingError,
    ) as error:
        # type(error) too: an empty or truncated file raises EOFError with no message of its own
        raise SubmissionError(
            f"{path.name} cannot be loaded by model.py: {type(error).__name__}: {error}"
        ) from error
