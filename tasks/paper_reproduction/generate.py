"""Instance generator for paper_reproduction: a generated paper whose decisive settings are scattered.

Per seed, `Study` holds the hidden data process (pump sensor readings and failures) and the paper's
true configuration: four settings that differ from scikit-learn's defaults, each stated once, in a
footnote, a table caption, the appendix's hyperparameter table or the appendix's text (which one
varies per seed), never in the method section. Related work quotes another configuration (the
distractor). build() writes the paper (paper/main.md, paper/appendix.md) and data.csv; the paper's
own table is the truth on data.csv to two decimals: a check on a reproduction, too coarse to pass
the grader's tolerance by copying, and useless on the fresh draws the submitted code is run on.
`results_table` is the reference pipeline the grader applies to the workspace data and to fresh
draws.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import RobustScaler

SENSORS = [
    "vibration_rms",
    "bearing_temp",
    "motor_current",
    "pressure_delta",
    "flow_rate",
    "oil_particles",
    "power_factor",
    "start_rate",
]
METHODS = ["logistic_regression", "knn", "random_forest"]
METRICS = ["auc", "brier"]
N_TREES = 400
ROWS = 1500
FOREST_SEEDS = range(5)  # the truth's forest cells: mean over these seeds (its own noise is the tolerance)
LIMIT = 15.9  # readings stay below 16 in magnitude, so no integer setting (>= 20) is a reading's integer part


@dataclass(frozen=True)
class Settings:
    """The paper's configuration (or the distractor's): the four values that decide the table."""

    clip_threshold: float  # robust-scaled features clipped to [-c, c]
    inverse_regularisation: float  # C of the L2 logistic regression
    neighbours: int  # k of the neighbour classifier
    min_leaf: int  # min_samples_leaf of the forest


@dataclass(frozen=True)
class Study:
    """Everything drawn per seed: the data process's parameters, the true and the distractor settings."""

    weights: np.ndarray
    interaction: float
    intercept: float
    scales: np.ndarray
    offsets: np.ndarray
    outlier_rate: float
    settings: Settings
    distractor: Settings


def _two_digits(rng: np.random.Generator, low: float, high: float) -> float:
    """A value with two significant digits, the last not 0 (so 0.037, never 0.04: a distinctive string)."""
    while True:
        value = float(f"{np.exp(rng.uniform(np.log(low), np.log(high))):.2g}")
        if not f"{value:g}".endswith("0") and len(f"{value:g}".replace("0.", "").lstrip("0")) == 2:
            return value


def study(seed: int) -> Study:
    """The seed's hidden process and configurations, drawn from a stream of their own."""
    rng = np.random.default_rng([seed, 1207])
    weights = rng.normal(0, 0.9, len(SENSORS)) * (rng.random(len(SENSORS)) < 0.8)
    clip = round(float(rng.uniform(1.2, 2.1)), 2)
    clip = clip + 0.01 if round(clip * 10) == clip * 10 else clip  # two decimals, the last not 0
    k, leaf = (int(v) for v in rng.choice(np.arange(20, 50), 2, replace=False))
    settings = Settings(round(clip, 2), _two_digits(rng, 0.011, 0.095), k, leaf)
    distractor = Settings(
        float(rng.choice([3.0, 3.5, 4.0])),
        float(rng.choice([0.2, 0.5])),
        int(rng.choice([7, 9, 11, 15])),
        int(rng.choice([2, 3, 5])),
    )
    return Study(
        weights=weights,
        interaction=float(rng.uniform(0.5, 1.0) * rng.choice([-1, 1])),
        intercept=float(rng.uniform(-0.6, 0.2)),
        scales=rng.uniform(0.4, 1.4, len(SENSORS)),
        offsets=rng.uniform(-2.5, 2.5, len(SENSORS)),
        outlier_rate=float(rng.uniform(0.04, 0.07)),
        settings=settings,
        distractor=distractor,
    )


def draw(process: Study, rng: np.random.Generator, n: int = ROWS) -> pd.DataFrame:
    """n pumps from the process: readings with gross sensor faults, a failure label, a train/test split."""
    z = rng.normal(size=(n, len(SENSORS)))
    logit = process.intercept + z @ process.weights + process.interaction * z[:, 0] * z[:, 1]
    failed = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    readings = process.offsets + process.scales * z
    faults = rng.random(readings.shape) < process.outlier_rate
    readings[faults] += rng.choice([-1, 1], faults.sum()) * rng.uniform(4, 9, faults.sum())
    readings = np.clip(readings, -LIMIT, LIMIT).round(6)
    # No reading may spell a decisive value (1.960000 is 1.96): such a cell is moved by 1e-6.
    decisive = [process.settings.clip_threshold, process.settings.inverse_regularisation]
    readings[np.isin(np.abs(readings), decisive)] += 1e-6
    table = pd.DataFrame(readings, columns=SENSORS)
    table.insert(0, "split", np.where(rng.random(n) < 0.6, "train", "test"))
    table["failed"] = failed
    return table


def _features(data: pd.DataFrame, clip: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Robust-scaled (training median and IQR) training and test features, clipped to [-clip, clip]."""
    train = data["split"] == "train"
    scaler = RobustScaler().fit(data.loc[train, SENSORS])
    scaled = [scaler.transform(data.loc[rows, SENSORS]) for rows in (train, ~train)]
    return tuple(x if clip is None else np.clip(x, -clip, clip) for x in scaled)


def _cells(labels: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    return {
        "auc": float(roc_auc_score(labels, probability)),
        "brier": float(brier_score_loss(labels, probability)),
    }


def results_table(data: pd.DataFrame, settings: Settings, forest_seeds=FOREST_SEEDS) -> dict:
    """The paper's table on `data`: method -> metric -> value on the test rows (forest: mean over seeds;
    no forest row when forest_seeds is empty, for the grader's blind configurations)."""
    train = (data["split"] == "train").to_numpy()
    x_train, x_test = _features(data, settings.clip_threshold)
    y_train, y_test = data["failed"].to_numpy()[train], data["failed"].to_numpy()[~train]
    logistic = LogisticRegression(C=settings.inverse_regularisation, max_iter=5000).fit(x_train, y_train)
    knn = KNeighborsClassifier(settings.neighbours).fit(x_train, y_train)
    table = {
        "logistic_regression": _cells(y_test, logistic.predict_proba(x_test)[:, 1]),
        "knn": _cells(y_test, knn.predict_proba(x_test)[:, 1]),
    }
    if not forest_seeds:
        return table
    forests = [
        _cells(
            y_test,
            RandomForestClassifier(N_TREES, min_samples_leaf=settings.min_leaf, random_state=s, n_jobs=1)
            .fit(x_train, y_train)
            .predict_proba(x_test)[:, 1],
        )
        for s in forest_seeds
    ]
    table["random_forest"] = {m: float(np.mean([f[m] for f in forests])) for m in METRICS}
    return table


TOLERANCE = {  # per method and metric: how far a reproduced cell may sit from the truth (README: measured)
    "logistic_regression": {"auc": 0.001, "brier": 0.001},
    "knn": {"auc": 0.001, "brier": 0.001},
    "random_forest": {"auc": 0.008, "brier": 0.004},
}
SLOTS = ["footnote", "caption", "appendix_table", "appendix_text"]
AUTHORS = [
    ("M. Okonkwo", "L. Varga", "S. Haddad"),
    ("R. Castellanos", "A. Ní Bhriain", "K. Watanabe"),
    ("T. Lindahl", "P. Mensah", "C. Duarte"),
    ("H. Kowalczyk", "N. Arslan", "J. Ferreira"),
]
PRIOR = [
    "Lindqvist and Obi (2021)",
    "Brandt et al. (2020)",
    "Sorensen and Kaur (2022)",
    "Moreau et al. (2019)",
]


def share_within(table: dict, truth: dict) -> float:
    """Share of the table's cells within TOLERANCE of the truth's."""
    hits = [abs(table[m][k] - truth[m][k]) <= TOLERANCE[m][k] for m in METHODS for k in METRICS]
    return float(np.mean(hits))


def _statements(s: Settings) -> dict[str, str]:
    """One sentence per decisive setting, the only place the paper gives its value."""
    return {
        "clip_threshold": f"After robust scaling, every feature is clipped to the interval [-{s.clip_threshold:.2f}, "
        f"{s.clip_threshold:.2f}] before any classifier sees it.",
        "inverse_regularisation": f"The logistic regression's inverse regularisation strength is "
        f"C = {s.inverse_regularisation:g}.",
        "neighbours": f"The neighbour classifier takes the vote of the k = {s.neighbours} nearest training pumps.",
        "min_leaf": f"Every leaf of the forest holds at least {s.min_leaf} training pumps (minimum leaf size).",
    }


TABLE_ROWS = {
    "clip_threshold": ("Clipping threshold c (all classifiers)", lambda s: f"{s.clip_threshold:.2f}"),
    "inverse_regularisation": (
        "Inverse regularisation C (logistic regression)",
        lambda s: f"{s.inverse_regularisation:g}",
    ),
    "neighbours": ("Neighbours k (nearest neighbours)", lambda s: str(s.neighbours)),
    "min_leaf": ("Minimum leaf size (random forest)", lambda s: str(s.min_leaf)),
}


def _cell_table(reported: dict) -> str:
    """Table 2: the paper's results, two decimals."""
    rows = ["| Method | AUC | Brier score |", "|---|---:|---:|"]
    names = {
        "logistic_regression": "Clipped logistic regression",
        "knn": "Clipped k-nearest neighbours",
        "random_forest": "Clipped random forest",
    }
    rows += [f"| {names[m]} | {reported[m]['auc']:.2f} | {reported[m]['brier']:.2f} |" for m in METHODS]
    return "\n".join(rows)


def paper_main(seed: int, process: Study, reported: dict, placement: dict[str, str]) -> str:
    """paper/main.md: the paper up to its references, with the footnotes and Table 2's caption."""
    s, d = process.settings, process.distractor
    said = _statements(s)
    where = {slot: [said[name] for name, at in placement.items() if at == slot] for slot in SLOTS}
    authors = ", ".join(AUTHORS[seed % len(AUTHORS)])
    prior = PRIOR[seed % len(PRIOR)]
    footnote = " ".join(where["footnote"])
    caption = " ".join(where["caption"])
    return f"""# Clipping before classifying: robust failure prediction for pump fleets

{authors}

*Preprint. Supplementary material: appendix.md.*

## Abstract

Sensor summaries from municipal pumping stations are dominated by a few gross faults: a loose
vibration probe, a temperature channel that saturates, a current clamp that reads a neighbouring
motor. We show that three standard classifiers, preceded by robust scaling and symmetric clipping of
the scaled features, predict pump failure within the next service interval as well as far more
elaborate pipelines, and that clipping matters more than the choice of classifier. We release the
data behind our results table so that it can be reproduced.

## 1 Introduction

Predictive maintenance for pumps rests on cheap sensors, and cheap sensors fail in ways that look
nothing like the failures one wants to predict. A single reading ten interquartile ranges from the
bulk of the data can decide the fit of a linear model and the neighbourhoods of a distance-based
one. Robust scaling alone does not remove such readings; it only measures them in sturdier units.
We study the simplest remedy, clipping every scaled feature at a fixed threshold, and ask how three
classifiers that practitioners actually deploy behave once it is applied: an L2-penalised logistic
regression, a k-nearest-neighbour vote and a random forest.

Our contributions are a careful, fully specified pipeline (Section 4 and the appendix), an
evaluation on a held-out split of a fleet of pumps (Section 5), and a public sample of the data.

## 2 Related work

Robust preprocessing for industrial sensor data has a long history, from winsorising each channel at
fixed percentiles to learned outlier detectors placed before the classifier. Closest to us,
{prior} proposed the same three-classifier comparison for compressor stations. Their configuration
clipped robust-scaled features at ±{d.clip_threshold:g}, fitted the logistic regression with
C = {d.inverse_regularisation:g}, let the {d.neighbours} nearest neighbours vote and grew forests whose leaves hold at least
{d.min_leaf} samples; they reported that the forest dominated the other two. Later work replaced clipping
by rank transforms, which discard the magnitude of ordinary readings as well as that of faults, and
by isolation forests, whose contamination parameter is hard to set without labels. Gradient-boosted
trees are popular in maintenance competitions but are rarely compared under a shared preprocessing.

## 3 Data

Each row is one pump in one service interval. Eight sensor summaries are recorded:
{", ".join(f"`{name}`" for name in SENSORS)}, each already centred and rescaled by the station's
historian, so the units are arbitrary. The label `failed` is 1 if the pump failed before its next
scheduled service. The column `split` assigns each row to the training or the test part; the
assignment was drawn at random once and is kept fixed. We release {ROWS:,} pumps
of the fleet as `data.csv`; Table 2 is computed on exactly this file.

## 4 Method

All three classifiers share one preprocessing step. Every feature is scaled robustly: the training
part's median is subtracted and the result divided by the training part's interquartile range (the
distance between the 25th and 75th percentiles, linearly interpolated). The scaled features are then
clipped symmetrically at a fixed threshold, the same for every feature and every classifier; test
rows are scaled with the training part's statistics and clipped at the same threshold. Nothing else
is done to the data: no feature is dropped, no row is removed.

The logistic regression minimises the logistic loss plus a squared L2 penalty on the coefficients;
the intercept is not penalised. The neighbour classifier predicts, for a test pump, the share of
failed pumps among its nearest training pumps in Euclidean distance on the clipped features, each
neighbour counting equally. The random forest grows bootstrapped classification trees on the same
features, trying the square root of the number of features at each split, and averages the trees'
class probabilities; leaves are kept from becoming too small. All three classifiers output a
probability of failure. The settings were fixed on pilot data from another fleet before this
fleet's data were seen; they are given in the supplementary material.

## 5 Experimental setup

Each classifier is fitted on the training part and evaluated on the test part. We
report the area under the ROC curve (AUC) of the predicted failure probability and its Brier score
(the mean squared difference between the probability and the 0/1 label), both on the test part. The
forest has {N_TREES} trees; its numbers move in the third decimal between random seeds, the other two
classifiers are deterministic. Implementations are those of scikit-learn.[^impl] {"Some settings were fixed before the study began.[^settings]" if footnote else ""}

## 6 Results

{_cell_table(reported)}

*Table 2: AUC and Brier score on the test part of the released data, to two decimals. {caption}*

Clipping closes most of the gap between the linear model and the forest: without it the logistic
regression's AUC drops by several points, because a handful of faulty readings decide its
coefficients. The neighbour classifier gains the most from a wide neighbourhood; the forest's
numbers depend on its minimum leaf size far more than on its number of trees. Brier scores order the
methods as AUC does. The prior configuration of Section 2 gives a lower AUC for the linear and the
neighbour models on our data.

## 7 Conclusion

A fixed, generous clipping threshold after robust scaling is a cheap and sufficient defence against
gross sensor faults for the three classifiers most used in practice. We hope the released sample
makes our numbers easy to check.

[^impl]: scikit-learn's `LogisticRegression` (L-BFGS), `KNeighborsClassifier` and `RandomForestClassifier`, with their defaults wherever this paper gives no value.
{f"[^settings]: {footnote}" if footnote else ""}
"""


def paper_appendix(process: Study, placement: dict[str, str]) -> str:
    """paper/appendix.md: the supplementary material, with the hyperparameter table and details."""
    s = process.settings
    said = _statements(s)
    table = [name for name, at in placement.items() if at == "appendix_table"]
    text = " ".join(said[name] for name, at in placement.items() if at == "appendix_text")
    rows = "\n".join(f"| {TABLE_ROWS[name][0]} | {TABLE_ROWS[name][1](s)} |" for name in table)
    return f"""# Supplementary material

## A Data collection

Sensor summaries are averages over the service interval, exported by each station's historian. A
reading is kept even when the channel is known to have misbehaved: deciding which readings are
faults is exactly what the preprocessing is for, and a model deployed in a station sees them too.
Pumps that were decommissioned during the interval are excluded. Failures were taken from the work
orders and checked against the maintenance logs by two engineers.

## B Implementation details

### B.1 Hyperparameters

| Setting | Value |
|---|---|
{rows + chr(10) if rows else ""}| Trees (random forest) | {N_TREES} |
| Features tried per split | square root of the number of features |
| Distance and vote (nearest neighbours) | Euclidean, every neighbour counts equally |
| Solver (logistic regression) | L-BFGS, intercept not penalised |

### B.2 Preprocessing and model details

The scaler's median and interquartile range come from the training part alone and are applied
unchanged to the test part. {text}
No class weights are used, and probabilities are not recalibrated after fitting.

## C Compute

Every experiment runs in seconds on a laptop CPU; the forest dominates the run time.
"""


def placement(seed: int) -> dict[str, str]:
    """Which place in the paper states which setting: a permutation of the four slots, per seed."""
    order = np.random.default_rng([seed, 1208]).permutation(len(SLOTS))
    return {name: SLOTS[i] for name, i in zip(TABLE_ROWS, order)}


def build(seed: int, workspace: Path, hidden: Path) -> None:
    process = study(seed)
    data = draw(process, np.random.default_rng([seed, 3301]))
    truth = results_table(data, process.settings)
    reported = {m: {k: round(v, 2) for k, v in cells.items()} for m, cells in truth.items()}
    (workspace / "paper").mkdir()
    where = placement(seed)
    (workspace / "paper" / "main.md").write_text(paper_main(seed, process, reported, where))
    (workspace / "paper" / "appendix.md").write_text(paper_appendix(process, where))
    data.to_csv(workspace / "data.csv", index=False, float_format="%.6f")
    (hidden / "truth.json").write_text(json.dumps(truth, indent=1))
    (hidden / "reported.json").write_text(json.dumps(reported, indent=1))
    decisive = {
        "paper": ["paper/main.md", "paper/appendix.md"],
        "settings": {
            "clip_threshold": process.settings.clip_threshold,
            "inverse_regularisation": process.settings.inverse_regularisation,
            "neighbours": process.settings.neighbours,
            "min_leaf": process.settings.min_leaf,
        },
    }
    (hidden / "decisive.json").write_text(json.dumps(decisive, indent=1))
