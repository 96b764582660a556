"""Reference solution for scaling_law_forecast: a grid of small runs, a law with an irreducible term,
and a bootstrap for the interval (Kaplan et al. 2020; Hoffmann et al. 2022, approach 3).

1. Runs at 32 examples per feature (the targets' ratio) for widths 16 to 256, each repeated on
   disjoint blocks of the training data where it fits more than once; the test residuals are kept.
   (The first few features are left out: a scaling law is a large-N law.)
2. Fit L(N) = E + A N^-alpha to the mean loss per width (least squares in log L, so every width
   counts alike).
3. Bootstrap: resample the test examples and each width's training blocks, refit, forecast; the
   central 80% of the forecasts, widened by the spread between fits that start at width 16 or 32
   (how much the law's form is in doubt), is the interval.

Run from the workspace: writes forecast.json. Uses the same least squares as train.py, in-process.
"""

import json

import numpy as np
from scipy.optimize import least_squares

TARGET_WIDTHS = (2048, 4096, 8192)
PER_FEATURE = 32
WIDTHS = (16, 24, 32, 48, 64, 96, 128, 192, 256)
MAX_REPEATS = 16
BOOTSTRAP = 300

train, test = np.load("train.npz"), np.load("test.npz")
x, y = train["x"] * train["x_unit"], train["y"].astype(np.float64)
test_x, test_y = test["x"] * test["x_unit"], test["y"].astype(np.float64)


def runs(width: int) -> np.ndarray:
    """Squared test residuals (repeats x test examples) of least squares at this width, one row for
    each disjoint block of 32 * width training examples."""
    examples = PER_FEATURE * width
    repeats = min(MAX_REPEATS, len(y) // examples)
    rows = []
    for block in range(repeats):
        part = slice(block * examples, (block + 1) * examples)
        weights = np.linalg.lstsq(x[part, :width], y[part], rcond=None)[0]
        rows.append(((test_y - test_x[:, :width] @ weights) ** 2).astype(np.float32))
    return np.array(rows)


def fit(widths: np.ndarray, losses: np.ndarray) -> np.ndarray:
    """(E, A, alpha) of L = E + A N^-alpha, least squares on log L; E >= 0, alpha in (0.05, 3)."""

    def residuals(theta: np.ndarray) -> np.ndarray:
        return np.log(theta[0] + theta[1] * widths ** -theta[2]) - np.log(losses)

    start = np.array([losses.min() / 2, (losses.max() - losses.min() / 2) * widths.min() ** 0.5, 0.5])
    bounds = ([0.0, 1e-12, 0.05], [np.inf, np.inf, 3.0])
    return least_squares(residuals, start, bounds=bounds).x


def forecast(theta: np.ndarray) -> np.ndarray:
    """The fitted law at the target widths."""
    return theta[0] + theta[1] * np.array(TARGET_WIDTHS, float) ** -theta[2]


squared = {width: runs(width) for width in WIDTHS}
rows = np.concatenate([squared[w] for w in WIDTHS])  # every run's squared test residuals
row_width = np.concatenate([np.full(len(squared[w]), i) for i, w in enumerate(WIDTHS)])
widths = np.array(WIDTHS, float)
rng = np.random.default_rng(0)
first = {start: widths >= start for start in (16, 32)}


def forecasts(
    test_weights: np.ndarray, run_weights: np.ndarray, starts: tuple[int, ...] = (16,)
) -> dict[int, np.ndarray]:
    """Forecasts of the fits starting at each width in `starts`, on one (re)weighting of the test
    examples and of each width's runs (bootstrap counts)."""
    run_losses = rows @ test_weights / test_weights.sum()
    losses = np.bincount(row_width, run_weights * run_losses) / np.bincount(row_width, run_weights)
    return {start: forecast(fit(widths[first[start]], losses[first[start]])) for start in starts}


point = forecasts(np.ones(len(test_y), np.float32), np.ones(len(rows)), starts=(16, 32))
draws = []
for _ in range(BOOTSTRAP):
    test_weights = np.bincount(rng.integers(0, len(test_y), len(test_y)), minlength=len(test_y))
    run_weights = np.concatenate(
        [
            np.bincount(rng.integers(0, len(squared[w]), len(squared[w])), minlength=len(squared[w]))
            for w in WIDTHS
        ]
    )
    draws.append(forecasts(test_weights.astype(np.float32), run_weights.astype(float))[16])
low, high = np.percentile(np.array(draws), [10, 90], axis=0)
form_doubt = np.abs(point[16] - point[32])
result = {}
for i, width in enumerate(TARGET_WIDTHS):
    lower, upper = min(low[i], point[16][i]) - form_doubt[i], max(high[i], point[16][i]) + form_doubt[i]
    lower = max(lower, point[16][i] / 10)  # losses are positive: never a lower bound at or below 0
    result[f"width_{width}"] = {"prediction": point[16][i], "lower": lower, "upper": upper}
json.dump(result, open("forecast.json", "w"), indent=1)
print(json.dumps(result, indent=1))
