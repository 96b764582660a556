"""Grader for paper_reproduction: the reproduced table, cell by cell, on the workspace data and on a
fresh draw that the submitted reproduce.py meets only at scoring time.

A cell counts when it lies within TOLERANCE of the paper's configuration applied to the same data
(the forest's truth is a mean over seeds; its tolerance is four of its seed standard deviations). On
the workspace a cell counts only if results.json holds what reproduce.py itself wrote for data.csv.
On the fresh draw, the share is net of what hard-coded numbers would match there by chance (the
workspace truth or the paper's Table 2, whichever matches more), so only code that computes scores.
The metric is the smaller of the two shares.
"""

import json
from pathlib import Path

import numpy as np

from tasks.grading import Grade, SubmissionError, load_task_module, read_results, require_number

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "paper_reproduction_generate")

CONSISTENT = 1e-6  # results.json against reproduce.py's own output on data.csv


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """A fresh draw from the seed's process, its true table, and the share of its cells that the
    workspace truth or the paper's table would match by chance (redrawn in the vanishing case where
    one of them matches every cell: net of chance is then undefined)."""
    process = generate.study(seed)
    anchors = [json.loads((hidden / name).read_text()) for name in ("truth.json", "reported.json")]
    for attempt in range(100):
        data = generate.draw(process, np.random.default_rng([seed, scoring_seed, 4407, attempt]))
        truth = generate.results_table(data, process.settings)
        chance = max(generate.share_within(anchor, truth) for anchor in anchors)
        if chance < 1:
            break
    (directory / "inputs").mkdir(parents=True)
    data.to_csv(directory / "inputs" / "data.csv", index=False, float_format="%.6f")
    (directory / "truth.json").write_text(json.dumps({"table": truth, "chance": chance}))


def read_table(path: Path) -> dict[str, dict[str, float]]:
    """The method -> metric -> number table in `path`; SubmissionError naming what is missing."""
    results = read_results(path)
    table = {}
    for method in generate.METHODS:
        cells = results.get(method)
        if not isinstance(cells, dict):
            raise SubmissionError(
                f"{path.name} needs an object under '{method}' with {generate.METRICS}, got {cells!r}"
            )
        table[method] = {
            m: require_number(cells.get(m), f"{path.name}: {method}.{m}") for m in generate.METRICS
        }
    return table


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    claimed = read_table(outputs / "results.json")
    own = read_table(outputs / "own_reproduced.json")
    fresh = read_table(outputs / "reproduced.json")
    truth = json.loads((hidden / "truth.json").read_text())
    test = json.loads((hidden / "test" / "truth.json").read_text())
    cells = [(m, k) for m in generate.METHODS for k in generate.METRICS]
    consistent = all(abs(claimed[m][k] - own[m][k]) <= CONSISTENT for m, k in cells)
    workspace = generate.share_within(claimed, truth) if consistent else 0.0
    matched = generate.share_within(fresh, test["table"])
    net = max(0.0, (matched - test["chance"]) / (1 - test["chance"]))
    verdict = "" if consistent else " (0: results.json is not what reproduce.py writes for data.csv)"
    return Grade(
        metric=min(workspace, net),
        explanation=f"workspace: {workspace:.0%} of {len(cells)} cells within tolerance{verdict}; fresh draw: "
        f"{matched:.0%}, {net:.0%} net of the {test['chance']:.0%} hard-coded numbers would match",
        details={
            "workspace_share": workspace,
            "consistent": consistent,
            "fresh_share": matched,
            "fresh_chance": test["chance"],
            "fresh_net": net,
        },
    )
