"""Grader for paper_reproduction: the reproduced table, cell by cell, on the workspace data and on a
fresh draw that the submitted reproduce.py meets only at scoring time.

A cell counts when it lies within TOLERANCE of the paper's configuration applied to the same data
(the forest's truth is a mean over seeds; its tolerance is four of its seed standard deviations). On
the workspace a cell counts only if results.json holds what reproduce.py itself wrote for data.csv.
A cell that a blind configuration also matches on that data set does not count, on either data set:
configurations guessed without reading the settings (scikit-learn's defaults, the range midpoints,
the related-work distractor, clipping at none, 3 or the distractor's threshold), run on the same data
(their forests' cells: within twice the tolerance, as one seed of an agent's forest may sit further
from the truth than the mean). On the fresh draw the workspace truth and the paper's Table 2 (hard-coded
numbers) are blind configurations too. Each share is over the cells that count; the metric is the
smaller of the two shares.
"""

import json
from pathlib import Path

import numpy as np

from tasks.grading import Grade, SubmissionError, load_task_module, read_results, require_number

generate = load_task_module(Path(__file__).parents[1] / "generate.py", "paper_reproduction_generate")

CONSISTENT = 1e-6  # results.json against reproduce.py's own output on data.csv
WORKSPACE_DRAW = 3301  # generate.build's stream for data.csv
BLIND_FOREST_SEEDS = (0, 1)  # a blind forest's cells: mean over these seeds, compared at 2 x TOLERANCE


def blind_tables(data, process: "generate.Study") -> list[dict]:
    """Tables from configurations an agent could run without reading the settings: every blind value
    of each method's own parameter under every blind clipping threshold (the forest ignores clipping
    but for ties, so its blind leaf sizes run once, at the midpoint threshold; the others skip it)."""
    d = process.distractor
    clips = [None, 3.0, 1.65, d.clip_threshold]
    regularisations = [1.0, 0.053, 0.032, d.inverse_regularisation]  # default, arithmetic, geometric mid
    neighbours = [5, 35, d.neighbours]
    linear = [
        generate.results_table(data, generate.Settings(clip, c, neighbours[min(i, 2)], 1), forest_seeds=())
        for clip in clips
        for i, c in enumerate(regularisations)
    ]
    forests = [
        generate.results_table(data, generate.Settings(1.65, 1.0, 5, leaf), forest_seeds=BLIND_FOREST_SEEDS)
        for leaf in (1, 35, d.min_leaf)
    ]
    return linear + forests


def blind_cells(tables: list[dict], truth: dict) -> list[list[str]]:
    """The [method, metric] cells of `truth` that some blind table matches (forest: twice TOLERANCE)."""
    hit = []
    for m in generate.METHODS:
        for k in generate.METRICS:
            margin = generate.TOLERANCE[m][k] * (2 if m == "random_forest" else 1)
            if any(abs(t[m][k] - truth[m][k]) <= margin for t in tables if m in t):
                hit.append([m, k])
    return hit


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """A fresh draw from the seed's process, its true table, and on it and on data.csv the cells that
    a blind configuration matches (the fresh draw is redrawn in the vanishing case where blind
    configurations match every cell: no cell would be left to count)."""
    process = generate.study(seed)
    anchors = [json.loads((hidden / name).read_text()) for name in ("truth.json", "reported.json")]
    workspace = generate.draw(process, np.random.default_rng([seed, WORKSPACE_DRAW]))
    workspace_blind = blind_cells(blind_tables(workspace, process), anchors[0])
    for attempt in range(100):
        data = generate.draw(process, np.random.default_rng([seed, scoring_seed, 4407, attempt]))
        truth = generate.results_table(data, process.settings)
        blind = blind_cells(blind_tables(data, process) + anchors, truth)
        if len(blind) < len(generate.METHODS) * len(generate.METRICS):
            break
    (directory / "inputs").mkdir(parents=True)
    data.to_csv(directory / "inputs" / "data.csv", index=False, float_format="%.6f")
    record = {"table": truth, "blind": blind, "workspace_blind": workspace_blind}
    (directory / "truth.json").write_text(json.dumps(record))


def share_counted(table: dict, truth: dict, blind: list[list[str]]) -> tuple[float, int]:
    """Share of the cells no blind configuration matches that `table` gets within TOLERANCE of
    `truth`, and how many such cells there are (none counted: share 0)."""
    cells = [(m, k) for m in generate.METHODS for k in generate.METRICS if [m, k] not in blind]
    hits = [abs(table[m][k] - truth[m][k]) <= generate.TOLERANCE[m][k] for m, k in cells]
    return (float(np.mean(hits)) if hits else 0.0), len(cells)


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
    workspace, counted = share_counted(claimed, truth, test["workspace_blind"])
    workspace = workspace if consistent else 0.0
    matched, fresh_counted = share_counted(fresh, test["table"], test["blind"])
    verdict = "" if consistent else " (0: results.json is not what reproduce.py writes for data.csv)"
    return Grade(
        metric=min(workspace, matched),
        explanation=f"workspace: {workspace:.0%} of the {counted} cells no blind configuration matches are "
        f"within tolerance{verdict}; fresh draw: {matched:.0%} of {fresh_counted} such cells",
        details={
            "workspace_share": workspace,
            "workspace_counted": counted,
            "consistent": consistent,
            "fresh_share": matched,
            "fresh_counted": fresh_counted,
            "fresh_blind": test["blind"],
            "workspace_blind": test["workspace_blind"],
        },
    )
