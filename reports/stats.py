"""Statistics over the tidy sample frame: means with 95% confidence intervals, success rates."""

import math

import pandas as pd
from scipy import stats

__all__ = ["VersionMismatchError", "mean_ci", "summary_table"]

GROUP = ["agent", "model", "task", "task_version"]


class VersionMismatchError(ValueError):
    """Results from task versions that are not comparable were about to be pooled."""


def mean_ci(values: pd.Series, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and a Student-t confidence interval; the interval is the mean itself when n < 2."""
    n = len(values)
    mean = float(values.mean())
    if n < 2:
        return mean, mean, mean
    half = stats.t.ppf((1 + confidence) / 2, n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
    return mean, mean - half, mean + half


def _check_comparable(frame: pd.DataFrame) -> None:
    """Refuse a table that mixes task versions whose results are not comparable (the N of 'N-X')."""
    majors = frame.assign(major=frame["task_version"].astype(str).str.split("-").str[0])
    mixed = majors.groupby("task")["major"].nunique()
    mixed = mixed[mixed > 1]
    if not mixed.empty:
        task = mixed.index[0]
        versions = sorted(frame.loc[frame["task"] == task, "task_version"].astype(str).unique())
        raise VersionMismatchError(
            f"task '{task}' appears in versions {versions} whose results are not comparable; "
            "report each version's logs separately"
        )


def summary_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per agent x model x task: n, mean score with 95% CI, success rate, tokens, time."""
    _check_comparable(frame)
    rows = []
    for key, group in frame.groupby(GROUP, sort=True):
        mean, low, high = mean_ci(group["score"])
        rows.append(
            {
                **dict(zip(GROUP, key)),
                "n": len(group),
                "score": mean,
                "ci_low": low,
                "ci_high": high,
                "success_rate": float(group["success"].mean()),
                "mean_tokens": float(group["total_tokens"].mean()),
                "mean_time_s": float(group["time_s"].mean()),
                "errors": int(group["error"].notna().sum()),
                "limit_hits": int(group["limit"].notna().sum()),
            }
        )
    return pd.DataFrame(rows)
