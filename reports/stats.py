"""Statistics over the tidy sample frame.

- Means and success rates with 95% intervals clustered by sample: epochs of one sample are not
  independent draws, so the interval is the cluster-robust one (the sandwich estimator of a mean,
  with the small-sample factor C/(C-1) and a t quantile on C-1 degrees of freedom, C = samples),
  the same standard error statsmodels gives an intercept-only OLS with `cov_type="cluster"`.
- pass@k with the unbiased estimator of Chen et al. (2021): 1 - C(n-c, k) / C(n, k) per sample.
- Paired differences against a baseline agent on the same samples (same model, task version and
  sample), per task and pooled over headline tasks: mean difference, t interval, paired t-test, and
  the number of samples a difference of 0.05 or 0.10 would need (80% power, two-sided 5%).

How samples that did not score are treated, everywhere: an errored sample counts as score 0 and not
a success (an agent does not gain by crashing); the mean over scored samples only, which is what
Inspect's own metrics report, is given beside it. A sample the run never finished counts nowhere and
is shown as unfinished. Limit-stopped samples were scored by the task like any other and count as
scored. Results of different task versions are never pooled, and sanity-tier tasks never enter a
headline score.
"""

import math

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.power import TTestPower

__all__ = [
    "GROUP",
    "clustered_mean_ci",
    "headline_tasks",
    "overall_table",
    "paired_table",
    "pass_at_k",
    "samples_needed",
    "summary_table",
]

GROUP = ["agent", "model", "task", "task_version", "scorer"]
CONFIDENCE = 0.95
EFFECTS = (0.05, 0.10)  # differences in mean score whose required sample counts are reported
NOT_HEADLINE_TIERS = {"sanity"}
# Differences that are equal up to float rounding (oracle 1 - naive 1/3 on every sample) have an sd of
# about 1e-16, not 0: below this they have no spread, for the t-test and the sample counts alike.
SD_FLOOR = 1e-12


def clustered_mean_ci(
    values: np.ndarray, clusters: np.ndarray, confidence: float = CONFIDENCE
) -> tuple[float, float, float, float]:
    """Mean, cluster-robust standard error and interval; NaN error and bounds with fewer than 2 clusters."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean()) if len(values) else math.nan
    codes, _ = pd.factorize(pd.Series(clusters))
    count = codes.max() + 1 if len(codes) else 0
    if count < 2:
        return mean, math.nan, math.nan, math.nan
    sums = np.bincount(codes, weights=values - mean)
    se = math.sqrt(count / (count - 1) * float((sums**2).sum())) / len(values)
    half = stats.t.ppf((1 + confidence) / 2, count - 1) * se
    low, high = mean - half, mean + half
    if values.min() >= 0 and values.max() <= 1:  # a bounded score: the interval cannot leave [0, 1]
        low, high = max(low, 0.0), min(high, 1.0)
    return mean, se, low, high


def pass_at_k(trials: np.ndarray, successes: np.ndarray, k: int) -> float:
    """Mean over samples of the unbiased pass@k; NaN when a sample has fewer than k trials."""
    trials, successes = np.asarray(trials, dtype=int), np.asarray(successes, dtype=int)
    if len(trials) == 0 or (trials < k).any():
        return math.nan
    values = [1.0 - math.comb(n - c, k) / math.comb(n, k) for n, c in zip(trials, successes)]
    return float(np.mean(values))


def samples_needed(sd: float, effect: float, power: float = 0.8, alpha: float = 0.05) -> float:
    """Paired samples a true mean difference of `effect` needs to be detected (two-sided t-test)."""
    if not sd or math.isnan(sd) or sd < SD_FLOOR:
        return math.nan
    needed = TTestPower().solve_power(effect_size=effect / sd, alpha=alpha, power=power)
    return math.nan if math.isnan(needed) else float(math.ceil(needed))


def _finished(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that count: scored or errored samples (errors as 0, not a success); unfinished left out."""
    kept = frame[~frame["unfinished"]].copy()
    kept["counted_score"] = kept["score"].fillna(0.0)
    kept["counted_success"] = kept["success"].fillna(0.0)
    return kept


def _per_sample(group: pd.DataFrame) -> pd.DataFrame:
    return group.groupby("sample_id").agg(
        trials=("counted_success", "size"),
        successes=("counted_success", "sum"),
        score=("counted_score", "mean"),
    )


# Epoch reducers Inspect applies before its metric, that pandas can apply the same way.
_REDUCERS = {"mean": "mean", "max": "max", "min": "min", "median": "median"}


def _inspect_mean(group: pd.DataFrame) -> float:
    """What Inspect's own mean metric reports: errored samples left out, each sample's epochs reduced
    as the log says (mean, max, min, median), then the mean over samples; NaN for another reducer."""
    reducer = _REDUCERS.get(str(group["reducer"].iloc[0]))
    scored = group.dropna(subset=["score"])
    if reducer is None or scored.empty:
        return math.nan
    return float(scored.groupby("sample_id")["score"].agg(reducer).mean())


def _safe_ratio(total: float, count: float) -> float:
    return total / count if count else math.nan


def summary_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per agent x model x task x version x scorer: counts, clustered intervals, pass@k, cost."""
    rows = []
    for key, group in frame.groupby(GROUP, sort=True, dropna=False):
        counted = _finished(group)
        samples = _per_sample(counted)
        mean, se, low, high = clustered_mean_ci(counted["counted_score"], counted["sample_id"])
        rate, rate_se, rate_low, rate_high = clustered_mean_ci(
            counted["counted_success"], counted["sample_id"]
        )
        epochs = int(samples["trials"].min()) if len(samples) else 0
        solved = float(counted["counted_success"].sum())
        rows.append(
            {
                **dict(zip(GROUP, key)),
                "primary": bool(group["primary"].iloc[0]),
                "tier": group["tier"].iloc[0],
                "task_hash": group["task_hash"].iloc[0],
                "samples": len(samples),
                "epochs": epochs,
                "n": len(counted),
                "errors": int(counted["error"].notna().sum()),
                "limit_hits": int(counted["limit"].notna().sum()),
                "unfinished": int(group["unfinished"].sum()),
                "score": mean,
                "score_se": se,
                "ci_low": low,
                "ci_high": high,
                "scored_mean": _inspect_mean(group),
                "success_rate": rate,
                "success_ci_low": rate_low,
                "success_ci_high": rate_high,
                "pass_at_1": pass_at_k(samples["trials"], samples["successes"], 1),
                "pass_at_k": pass_at_k(samples["trials"], samples["successes"], epochs)
                if epochs > 1
                else math.nan,
                "k": epochs,
                "mean_tokens": float(counted["total_tokens"].mean()),
                "mean_cost": float(counted["cost"].mean()),
                "mean_time_s": float(counted["time_s"].mean()),
                "mean_working_s": float(counted["working_time_s"].mean()),
                "tokens_per_solved": _safe_ratio(float(counted["total_tokens"].sum()), solved),
                "cost_per_solved": _safe_ratio(float(counted["cost"].sum(min_count=len(counted))), solved),
                "time_per_solved_s": _safe_ratio(float(counted["time_s"].sum()), solved),
            }
        )
    return pd.DataFrame(rows)


def headline_tasks(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """(task, version) pairs every agent x model ran, outside the sanity tier: what a headline averages."""
    primary = summary[summary["primary"] & ~summary["tier"].isin(NOT_HEADLINE_TIERS)]
    if primary.empty:
        return []
    per_runner = [
        set(zip(rows["task"], rows["task_version"])) for _, rows in primary.groupby(["agent", "model"])
    ]
    return sorted(set.intersection(*per_runner))


def overall_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Per agent x model, over the headline tasks: the mean of task means (each task weighs the same),
    its interval from the per-task clustered errors, and the mean success rate and cost."""
    tasks = headline_tasks(summary)
    primary = summary[summary["primary"]]
    chosen = primary[[pair in set(tasks) for pair in zip(primary["task"], primary["task_version"])]]
    rows = []
    for (agent, model), group in chosen.groupby(["agent", "model"], sort=True):
        count = len(group)
        # A task of one sample has no interval, and then neither has the headline.
        se = math.sqrt(float((group["score_se"] ** 2).sum(min_count=count))) / count
        half = stats.norm.ppf((1 + CONFIDENCE) / 2) * se
        mean = float(group["score"].mean())
        rows.append(
            {
                "agent": agent,
                "model": model,
                "tasks": count,
                "samples": int(group["samples"].sum()),
                "score": mean,
                "ci_low": mean - half if not math.isnan(se) else math.nan,
                "ci_high": mean + half if not math.isnan(se) else math.nan,
                "success_rate": float(group["success_rate"].mean()),
                "mean_tokens": float(group["mean_tokens"].mean()),
                "mean_cost": float(group["mean_cost"].mean()),
                "mean_time_s": float(group["mean_time_s"].mean()),
                "errors": int(group["errors"].sum()),
                "limit_hits": int(group["limit_hits"].sum()),
            }
        )
    return pd.DataFrame(rows)


def _sample_means(frame: pd.DataFrame) -> pd.DataFrame:
    """Per agent x model x task x version x sample: mean counted score over its epochs (primary only)."""
    counted = _finished(frame[frame["primary"]])
    keys = ["agent", "model", "task", "task_version", "task_hash", "tier", "sample_id"]
    return counted.groupby(keys, dropna=False)["counted_score"].mean().reset_index()


def _paired_row(label: dict, differences: np.ndarray, agent: np.ndarray, base: np.ndarray) -> dict:
    count = len(differences)
    mean = float(differences.mean()) if count else math.nan
    sd = float(differences.std(ddof=1)) if count > 1 else math.nan
    if count > 1 and sd > SD_FLOOR:
        half = stats.t.ppf((1 + CONFIDENCE) / 2, count - 1) * sd / math.sqrt(count)
        p_value = float(stats.ttest_rel(agent, base).pvalue)
    elif count > 1:  # every pair differs by the same amount: no spread to test against
        half, p_value = 0.0, (1.0 if mean == 0 else 0.0)
    else:
        half, p_value = math.nan, math.nan
    return {
        **label,
        "pairs": count,
        "difference": mean,
        "ci_low": mean - half,
        "ci_high": mean + half,
        "p_value": p_value,
        "sd": sd,
        **{f"needed_{round(effect * 100):02d}": samples_needed(sd, effect) for effect in EFFECTS},
    }


def paired_table(frame: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Every other agent against `baseline` on the samples both ran (same model, task version, hash
    and sample): per task, and pooled over the headline tasks ("all headline tasks")."""
    means = _sample_means(frame)
    if baseline not in set(means["agent"]):
        raise ValueError(
            f"baseline agent '{baseline}' is not in these logs; agents: {sorted(set(means['agent']))}"
        )
    on = ["model", "task", "task_version", "task_hash", "sample_id"]
    base = means[means["agent"] == baseline][on + ["counted_score"]].rename(columns={"counted_score": "base"})
    others = means[means["agent"] != baseline]
    pairs = others.merge(base, on=on, how="inner")
    rows = []
    for (agent, model, task, version), group in pairs.groupby(
        ["agent", "model", "task", "task_version"], sort=True
    ):
        label = {"agent": agent, "baseline": baseline, "model": model, "task": task, "task_version": version}
        rows.append(
            _paired_row(
                label,
                (group["counted_score"] - group["base"]).to_numpy(),
                group["counted_score"],
                group["base"],
            )
        )
    headline = pairs[~pairs["tier"].isin(NOT_HEADLINE_TIERS)]
    for (agent, model), group in headline.groupby(["agent", "model"], sort=True):
        label = {
            "agent": agent,
            "baseline": baseline,
            "model": model,
            "task": "all headline tasks",
            "task_version": "",
        }
        rows.append(
            _paired_row(
                label,
                (group["counted_score"] - group["base"]).to_numpy(),
                group["counted_score"],
                group["base"],
            )
        )
    return pd.DataFrame(rows)


def check_comparable(frame: pd.DataFrame) -> list[str]:
    """Lines naming tasks present in more than one version: their results stay in separate rows."""
    versions = frame.groupby("task")["task_version"].unique()
    return [
        f"task '{task}' appears in versions {sorted(map(str, found))}: each version is reported in its own "
        "rows and never pooled; comparisons across versions are not made"
        for task, found in versions.items()
        if len(found) > 1
    ]
