"""The regression gate's statistics (evals/regress.py): a one-sided permutation test stratified by
sample, exact where the relabellings can be counted and sampled (seeded) beyond, and Holm's step-down
correction. Checked against Fisher's exact test, scipy's permutation test, brute-force enumeration and
statsmodels' Holm (tests/evals/test_regress.py)."""

from collections import Counter

import numpy as np

__all__ = ["SCALE", "drop_p_value", "holm"]

# Values on an integer grid of 1e-6 (every measure is in [0, 1]), so that equal totals compare equal and
# neither float noise nor a baseline stored with rounded values (older files kept 10 decimals) reads as a drop.
SCALE = 10**6
_MAX_EXACT = 2_000_000  # distinct totals beyond which the relabellings are sampled instead
_DRAWS = 20_000


def _subset_totals(values: list[int], k: int) -> Counter:
    """How many of the ways to choose k of `values` give each total (values as integers)."""
    ways = [Counter({0: 1})] + [Counter() for _ in range(k)]
    for value in values:
        for size in range(k, 0, -1):  # downwards, so each value is chosen at most once
            for total, count in ways[size - 1].items():
                ways[size][total + value] += count
    return ways[k]


def drop_p_value(strata: list[tuple[list[float], list[float]]], higher_is_better: bool) -> float | None:
    """One-sided p-value for "the new values are worse", by stratified permutation.

    Args:
        strata: Per sample, (baseline values, new values), NaNs already dropped.
        higher_is_better: False for errors and limit hits: a drop is then a rise.

    Returns None when no relabelling can change the total (every value the same within each
    sample): such a measure cannot show a drop.
    """
    sign = 1 if higher_is_better else -1
    observed, totals, pooled = 0, Counter({0: 1}), []
    for then, now in strata:
        ints = [round(sign * v * SCALE) for v in [*then, *now]]
        observed += sum(ints[len(then) :])
        pooled.append((ints, len(now)))
    for ints, k in pooled:
        ways = _subset_totals(ints, k)
        if len(totals) * len(ways) > _MAX_EXACT:
            return _sampled_p_value(pooled, observed)
        combined = Counter()
        for a, ca in totals.items():
            for b, cb in ways.items():
                combined[a + b] += ca * cb
        totals = combined
    if len(totals) == 1:
        return None
    return sum(count for total, count in totals.items() if total <= observed) / sum(totals.values())


def _sampled_p_value(pooled: list[tuple[list[int], int]], observed: int) -> float | None:
    """The same p-value from random relabellings (seeded: the gate gives the same answer twice)."""
    rng = np.random.default_rng(0)
    draws = np.zeros(_DRAWS, dtype=np.int64)
    for ints, k in pooled:
        shuffled = rng.permuted(np.tile(np.array(ints, dtype=np.int64), (_DRAWS, 1)), axis=1)
        draws += shuffled[:, :k].sum(axis=1)
    if np.all(draws == draws[0]):
        return None
    return float((1 + np.sum(draws <= observed)) / (1 + _DRAWS))


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted, running = [0.0] * len(p_values), 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted
