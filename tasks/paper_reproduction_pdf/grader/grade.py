"""Grader for paper_reproduction_pdf: is the reported table the paper's configuration applied to the
workspace data, and does the submitted reproduce.py give the paper's configuration's table on a fresh
data file too?

Three tables come back: results.json (the agent's claim), reproduce.py's output on a data file drawn
now (table.json) and its output on the untouched workspace data (own_table.json). A cell matches when
it lies within TOLERANCE of the true value: the paper's exact configuration (solution/method.py) on
that data. The metric is the smaller of the two shares of matching cells (claim and fresh run),
halved when the claim is not what reproduce.py itself produces on the workspace data.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import Grade, SubmissionError, load_task_module, read_results, require_number

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "paper_reproduction_pdf_generate")
method = load_task_module(TASK / "solution" / "method.py", "paper_reproduction_pdf_reference")

MODELS = ("logistic", "mlp")
SIZES = tuple(f"n{n}" for n in method.SIZES)
# Nats. Independent implementations (L-BFGS in float64, Adam in float32 for 500-2000 steps, L-BFGS in
# torch; biases penalised or not) agree with the reference within 0.001 on every cell of 12 draws, and
# the network's five initialisations within 0.0004; a decisive setting read wrong moves a cell by 0.004
# or more (README, "Reference scores").
TOLERANCE = 0.0025
MAX_DRAWS = 20


def _flat(table: dict) -> dict[str, float]:
    return {f"{model}.{size}": float(table[model][size]) for model in MODELS for size in SIZES}


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """A fresh data file from the same process (a new fleet) and the true table on it.

    Files are drawn until every true cell differs from the workspace's true cell by more than twice the
    tolerance (one draw in most cases): a table that ignores its input can then match no fresh cell.
    """
    settings = json.loads((hidden / "decisive.json").read_text())["settings"]
    workspace_truth = _flat(json.loads((hidden / "expected.json").read_text()))
    (directory / "inputs").mkdir(parents=True)
    path = directory / "inputs" / "data.csv"
    for attempt in range(MAX_DRAWS):
        rng = np.random.default_rng([seed, scoring_seed, 3131, attempt])
        generate.write_data(generate.draw_dataset(rng), path)
        expected = method.results_table(pd.read_csv(path), settings)
        if all(abs(value - workspace_truth[key]) > 2 * TOLERANCE for key, value in _flat(expected).items()):
            break
    (directory / "expected.json").write_text(json.dumps(expected))


def read_table(path: Path, what: str) -> dict[str, float]:
    """{"logistic.n300": value, ...} from a table file; SubmissionError naming the missing cell."""
    if not path.is_file():
        raise SubmissionError(f"{what} ({path.name}) is missing")
    try:
        table = read_results(path)
    except SubmissionError as error:
        raise SubmissionError(f"{what}: {error}") from error
    cells = {}
    for model in MODELS:
        row = table.get(model)
        if not isinstance(row, dict):
            raise SubmissionError(f"{what}: needs an object under '{model}' with keys {list(SIZES)}")
        for size in SIZES:
            cells[f"{model}.{size}"] = require_number(row.get(size), f"{what}: {model}.{size}")
    return cells


def _matches(cells: dict[str, float], truth: dict[str, float]) -> dict[str, bool]:
    return {key: abs(cells[key] - truth[key]) <= TOLERANCE for key in truth}


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    claimed = read_table(outputs / "results.json", "results.json")
    fresh = read_table(outputs / "table.json", "reproduce.py's table on a fresh data file")
    own = read_table(outputs / "own_table.json", "reproduce.py's table on data.csv")
    truth = _flat(json.loads((hidden / "expected.json").read_text()))
    fresh_truth = _flat(json.loads((hidden / "test" / "expected.json").read_text()))
    claimed_ok, fresh_ok = _matches(claimed, truth), _matches(fresh, fresh_truth)
    consistent = all(_matches(own, claimed).values())
    claimed_share = float(np.mean(list(claimed_ok.values())))
    fresh_share = float(np.mean(list(fresh_ok.values())))
    metric = min(claimed_share, fresh_share) * (1.0 if consistent else 0.5)
    verdict = "matches" if consistent else "does NOT match"
    return Grade(
        metric=metric,
        explanation=(
            f"{sum(claimed_ok.values())}/{len(truth)} reported cells and {sum(fresh_ok.values())}/{len(truth)} "
            f"cells of reproduce.py on a fresh data file within {TOLERANCE} nats of the paper's configuration; "
            f"results.json {verdict} what reproduce.py produces on data.csv"
        ),
        details={
            "claimed_ok": claimed_ok,
            "fresh_ok": fresh_ok,
            "consistent": consistent,
            "claimed": claimed,
            "fresh": fresh,
            "own": own,
            "truth": truth,
            "fresh_truth": fresh_truth,
        },
        best=1.0,
    )
