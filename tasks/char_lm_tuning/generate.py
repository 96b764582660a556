"""Instance generator for char_lm_tuning: text from a hidden order-3 Markov source.

The source's transition table is drawn per seed (sparse Dirichlet rows), so its entropy rate, the
floor no model can beat, is known exactly. build() writes training text and the fixed model code;
the grader draws fresh text from the same source at scoring time.
"""

import json
import shutil
from pathlib import Path

import numpy as np

ALPHABET = list("abcdefghij .")
ORDER = 3


def source(seed: int) -> np.ndarray:
    """Transition probabilities, shape (V,)*ORDER + (V,): next symbol given the previous three."""
    rng = np.random.default_rng([seed, 9090])
    v = len(ALPHABET)
    return rng.dirichlet(np.full(v, 0.15), size=(v,) * ORDER)


def sample_text(table: np.ndarray, rng: np.random.Generator, length: int) -> str:
    v = len(ALPHABET)
    state = list(rng.integers(0, v, ORDER))
    out = []
    cumulative = table.cumsum(axis=-1)
    draws = rng.random(length)
    for u in draws:
        row = cumulative[tuple(state)]
        symbol = min(int(np.searchsorted(row, u)), v - 1)
        out.append(symbol)
        state = state[1:] + [symbol]
    return "".join(ALPHABET[s] for s in out)


def entropy_rate(table: np.ndarray) -> float:
    """Bits per symbol of the stationary chain over (ORDER)-grams."""
    v = len(ALPHABET)
    flat = table.reshape(v**ORDER, v)
    transition = np.zeros((v**ORDER, v**ORDER))
    for s in range(v**ORDER):
        for x in range(v):
            transition[s, (s * v + x) % v**ORDER] += flat[s, x]
    pi = np.full(v**ORDER, 1 / v**ORDER)
    for _ in range(2000):
        pi = pi @ transition
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.nansum(flat * np.log2(np.where(flat > 0, flat, 1)), axis=1)
    return float(pi @ h)


def build(seed: int, workspace: Path, hidden: Path) -> None:
    table = source(seed)
    (workspace / "train.txt").write_text(sample_text(table, np.random.default_rng([seed, 1]), 200_000))
    (workspace / "valid.txt").write_text(sample_text(table, np.random.default_rng([seed, 2]), 20_000))
    for name in ("model.py", "train.py"):
        shutil.copy(Path(__file__).parent / "starter" / name, workspace / name)
    (hidden / "truth.json").write_text(json.dumps({"entropy_rate_bits": entropy_rate(table)}))
