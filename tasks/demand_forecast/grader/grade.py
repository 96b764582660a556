"""Grader for demand_forecast: MASE of 48-hour forecasts for feeders drawn at scoring time.

MASE scales each feeder's mean absolute error by the in-sample error of the seasonal naive forecast
(period 24) on that feeder's history, then averages over feeders (Hyndman and Koehler, 2006).
Score 1 is the MASE of the true process's expected load given what the forecaster was shown
(Grade.best), on the same feeders.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, SubmissionError, load_task_module

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "demand_forecast_generate")

FEEDERS = 40


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """New feeders: 4 weeks of load, the temperature up to the end of the 48 hours to forecast and
    the switching log into inputs/; the whole load and its expected value kept beside them."""
    drawn = generate.feeders(
        np.random.default_rng([seed, scoring_seed, 4243]), FEEDERS, generate.HISTORY + generate.HORIZON
    )
    inputs = directory / "inputs"
    inputs.mkdir(parents=True)
    generate.to_long(drawn["load"][:, : generate.HISTORY]).to_csv(inputs / "history.csv", index=False)
    generate.to_long(drawn["temperature"], "temperature").to_csv(inputs / "weather.csv", index=False)
    generate.switches(drawn["switch"]).to_csv(inputs / "switches.csv", index=False)
    np.save(directory / "series.npy", drawn["load"])
    np.save(directory / "expected.npy", drawn["expected"][:, generate.HISTORY :])


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    series = np.load(hidden / "test" / "series.npy")
    history, future = series[:, : generate.HISTORY], series[:, generate.HISTORY :]
    names = [f"f{i:03d}" for i in range(len(series))]
    if not (outputs / "predictions.csv").is_file():
        raise SubmissionError("predictions.csv is missing or not a file")
    try:
        forecast = pd.read_csv(outputs / "predictions.csv")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise SubmissionError(f"forecast is not a readable CSV: {error}") from error
    if not {"feeder", "step", "load"} <= set(forecast.columns):
        raise SubmissionError(f"forecast needs columns feeder, step, load; has {list(forecast.columns)}")
    # Loads that are not numbers become NaN here and are rejected below, by name.
    forecast["load"] = pd.to_numeric(forecast["load"], errors="coerce")
    table = forecast.pivot_table(index="feeder", columns="step", values="load", aggfunc="first", dropna=False)
    expected_steps = list(range(1, generate.HORIZON + 1))
    if sorted(table.index) != names or list(table.columns) != expected_steps:
        raise SubmissionError(
            f"forecast must give steps 1..{generate.HORIZON} for each of the {len(names)} feeders"
        )
    predicted = table.loc[names, expected_steps].to_numpy(dtype=float)
    if not np.isfinite(predicted).all():
        raise SubmissionError("forecast has missing or non-numeric loads")
    scale = np.abs(history[:, generate.PERIOD :] - history[:, : -generate.PERIOD]).mean(axis=1)
    mase = float(np.mean(np.abs(predicted - future).mean(axis=1) / scale))
    expected = np.load(hidden / "test" / "expected.npy")
    best = float(np.mean(np.abs(expected - future).mean(axis=1) / scale))
    return Grade(
        metric=mase,
        explanation=f"MASE {mase:.3f} over {len(names)} feeders x {generate.HORIZON} h "
        f"(true expected load: {best:.3f})",
        best=best,
    )
