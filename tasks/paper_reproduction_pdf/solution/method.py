"""The paper's method (robust-scaled, label-smoothed, L2-penalised logistic model and shallow tanh
network, fitted by full-batch L-BFGS) and its results table on one data file.

Used three ways: the oracle writes it out as the workspace's reproduce.py (settings filled in from
the PDF), the generator computes the seed's true table on the workspace data with it, and the grader
computes the true table on each fresh draw with it.

Usage as a script: python3 reproduce.py DATA_CSV TABLE_JSON
"""

import json
import sys

import numpy as np
import pandas as pd
from scipy.optimize import minimize

SIZES = (300, 800, 2000)  # training rows per condition: the first n rows of the train split
HIDDEN = 8
INITIALISATIONS = 5  # the network's cells are means over these many initialisations (seeds 0-4)
SETTINGS = {"label_smoothing": None, "weight_decay": None, "clip": None}  # filled in from the paper


def robust_scaler(train: np.ndarray, clip: float):
    """Centre by the training median, divide by 1.4826 x MAD, clip to [-clip, clip]."""
    median = np.median(train, axis=0)
    spread = 1.4826 * np.median(np.abs(train - median), axis=0)
    return lambda x: np.clip((x - median) / spread, -clip, clip)


def _initial(rng: np.random.Generator, d: int, hidden: int) -> np.ndarray:
    """PyTorch's default nn.Linear initialisation (uniform within 1/sqrt(fan_in)); zeros for the
    logistic model, whose optimum is unique."""
    if hidden == 0:
        return np.zeros(d + 1)
    a, b = 1 / np.sqrt(d), 1 / np.sqrt(hidden)
    return np.concatenate(
        [
            rng.uniform(-a, a, d * hidden),
            rng.uniform(-a, a, hidden),
            rng.uniform(-b, b, hidden),
            rng.uniform(-b, b, 1),
        ]
    )


def _logits(theta: np.ndarray, x: np.ndarray, hidden: int):
    """Logits and the hidden activations (None for the logistic model)."""
    d = x.shape[1]
    if hidden == 0:
        return x @ theta[:d] + theta[d], None
    w1 = theta[: d * hidden].reshape(d, hidden)
    b1 = theta[d * hidden : d * hidden + hidden]
    w2 = theta[d * hidden + hidden : d * hidden + 2 * hidden]
    h = np.tanh(x @ w1 + b1)
    return h @ w2 + theta[-1], h


def fit(
    x: np.ndarray, y: np.ndarray, hidden: int, weight_decay: float, smoothing: float, seed: int
) -> np.ndarray:
    """Minimise mean binary cross-entropy against smoothed targets (1 - eps) y + eps / 2 plus
    (weight_decay / 2) x the squared norm of every parameter, biases included."""
    n, d = x.shape
    target = y * (1 - smoothing) + smoothing / 2

    def objective(theta: np.ndarray):
        z, h = _logits(theta, x, hidden)
        residual = (1 / (1 + np.exp(-z)) - target) / n
        if hidden == 0:
            grad = np.concatenate([x.T @ residual, [residual.sum()]])
        else:
            w2 = theta[d * hidden + hidden : d * hidden + 2 * hidden]
            dh = np.outer(residual, w2) * (1 - h**2)
            grad = np.concatenate([(x.T @ dh).ravel(), dh.sum(0), h.T @ residual, [residual.sum()]])
        loss = np.mean(np.logaddexp(0, z) - target * z) + weight_decay / 2 * theta @ theta
        return loss, grad + weight_decay * theta

    start = _initial(np.random.default_rng(seed), d, hidden)
    return minimize(objective, start, jac=True, method="L-BFGS-B", options={"maxiter": 2000}).x


def test_nll(theta: np.ndarray, x: np.ndarray, y: np.ndarray, hidden: int) -> float:
    """Mean negative log-likelihood (nats) of the hard test labels."""
    z, _ = _logits(theta, x, hidden)
    return float(np.mean(np.logaddexp(0, z) - y * z))


def results_table(data: pd.DataFrame, settings: dict) -> dict:
    """{"logistic": {"n300": nll, ...}, "mlp": {...}}: test NLL per model and training size."""
    features = [c for c in data.columns if c.startswith("band_")]
    train, test = data[data["split"] == "train"], data[data["split"] == "test"]
    table: dict = {"logistic": {}, "mlp": {}}
    for n in SIZES:
        x, y = train[features].to_numpy()[:n], train["fault"].to_numpy(dtype=float)[:n]
        scale = robust_scaler(x, settings["clip"])
        x_test, y_test = scale(test[features].to_numpy()), test["fault"].to_numpy(dtype=float)
        for model, hidden, seeds in (("logistic", 0, [0]), ("mlp", HIDDEN, range(INITIALISATIONS))):
            values = [
                test_nll(
                    fit(scale(x), y, hidden, settings["weight_decay"], settings["label_smoothing"], seed),
                    x_test,
                    y_test,
                    hidden,
                )
                for seed in seeds
            ]
            table[model][f"n{n}"] = float(np.mean(values))
    return table


if __name__ == "__main__":
    result = results_table(pd.read_csv(sys.argv[1]), SETTINGS)
    with open(sys.argv[2], "w") as handle:
        json.dump(result, handle, indent=2)
