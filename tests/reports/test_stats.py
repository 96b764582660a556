"""The report's statistics against independent computations on the same real logs: the clustered
interval against statsmodels' cluster-robust OLS, pass@k against enumerating every subset of epochs,
paired differences against scipy's paired t-test, sample counts against the noncentral t."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from inspect_ai.log import read_eval_log
from scipy import optimize, stats

from reports import load_logs, make_report, samples_frame, summary_table
from reports.stats import clustered_mean_ci, headline_tasks, overall_table, pass_at_k, samples_needed


def _scores(log) -> pd.DataFrame:
    """Per sample x epoch, read with Inspect's full reader (not the report's): 1 for C, 0 for I."""
    full = read_eval_log(log.location)
    return pd.DataFrame(
        [
            {"sample": s.id, "epoch": s.epoch, "y": float(s.scores["includes"].value == "C")}
            for s in full.samples
        ]
    )


def test_clustered_interval_is_statsmodels_cluster_robust_mean(paired_logs, tmp_path):
    log_dir, logs = paired_logs
    summary = make_report(log_dir, tmp_path).summary.set_index("agent")
    for agent, log in logs.items():
        data = _scores(log)
        fit = sm.OLS(data["y"], np.ones(len(data))).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(data["sample"])[0]}, use_t=True
        )
        low, high = fit.conf_int().iloc[0]
        row = summary.loc[agent]
        assert row["score"] == pytest.approx(fit.params.iloc[0])
        assert row["score_se"] == pytest.approx(fit.bse.iloc[0])
        assert row["ci_low"] == pytest.approx(max(low, 0.0)) and row["ci_high"] == pytest.approx(
            min(high, 1.0)
        )


def test_pass_at_k_equals_enumerating_every_subset_of_epochs(paired_logs, tmp_path):
    log_dir, logs = paired_logs
    summary = make_report(log_dir, tmp_path).summary.set_index("agent")
    for agent, log in logs.items():
        data = _scores(log)
        per_sample = data.groupby("sample")["y"].apply(list)
        for k in (1, 2, 3):
            brute = np.mean(
                [np.mean([max(combo) for combo in itertools.combinations(ys, k)]) for ys in per_sample]
            )
            trials = per_sample.apply(len).to_numpy()
            successes = per_sample.apply(sum).to_numpy()
            assert pass_at_k(trials, successes, k) == pytest.approx(brute)
        assert summary.loc[agent, "pass_at_k"] == pytest.approx(pass_at_k(trials, successes, 3))
        assert summary.loc[agent, "k"] == 3
    assert math.isnan(pass_at_k(np.array([2, 3]), np.array([1, 1]), 3))  # too few epochs: not defined


def test_paired_difference_is_scipys_paired_t_test(paired_logs, tmp_path):
    log_dir, logs = paired_logs
    report = make_report(log_dir, tmp_path, baseline="alpha")
    [row] = report.paired[report.paired["task"] == "paired_qa"].itertuples()
    alpha = _scores(logs["alpha"]).groupby("sample")["y"].mean()
    beta = _scores(logs["beta"]).groupby("sample")["y"].mean()
    differences = (beta - alpha).to_numpy()
    test = stats.ttest_rel(beta, alpha)
    interval = test.confidence_interval(0.95)
    assert (row.agent, row.baseline, row.pairs) == ("beta", "alpha", 6)
    assert row.difference == pytest.approx(differences.mean())
    assert (row.ci_low, row.ci_high) == (pytest.approx(interval.low), pytest.approx(interval.high))
    assert row.p_value == pytest.approx(test.pvalue)
    # Samples needed for a difference of 0.10: the smallest n whose noncentral-t power reaches 80%.
    sd = differences.std(ddof=1)

    def power(n: float) -> float:
        critical = stats.t.ppf(0.975, n - 1)
        shift = 0.10 / sd * math.sqrt(n)
        lower = np.nan_to_num(stats.nct.cdf(-critical, n - 1, shift))  # the far tail; NaN where it is ~0
        return stats.nct.sf(critical, n - 1, shift) + lower - 0.8

    assert row.needed_10 == math.ceil(optimize.brentq(power, 2.0, 1000.0))
    assert samples_needed(sd, 0.05) > row.needed_10


def test_the_headline_leaves_out_sanity_tasks_and_weighs_tasks_equally(paired_logs):
    log_dir, _ = paired_logs
    frame = samples_frame(load_logs(log_dir))
    sanity = frame.assign(task="easy_task", tier="sanity", score=1.0, success=1.0)
    other = frame.assign(task="second_task", sample_id=frame["sample_id"] + "-2")
    summary = summary_table(pd.concat([frame, other, sanity], ignore_index=True))
    assert headline_tasks(summary) == [("paired_qa", "0"), ("second_task", "0")]
    overall = overall_table(summary).set_index("agent")
    per_task = summary[summary["tier"] != "sanity"].groupby("agent")["score"].mean()
    assert overall["score"].to_dict() == pytest.approx(per_task.to_dict())
    assert (overall["tasks"] == 2).all()


def test_clustered_interval_with_one_sample_is_undefined_not_zero():
    mean, se, low, high = clustered_mean_ci(np.array([0.2, 0.4, 0.9]), np.array(["a", "a", "a"]))
    assert mean == pytest.approx(0.5) and math.isnan(se) and math.isnan(low) and math.isnan(high)
