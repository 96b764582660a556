"""Instance generator for paper_reproduction_pdf: a paper shipped as PDF only, and a data file.

Per seed: three decisive settings drawn from grids of uncommon values (label-smoothing weight, L2
coefficient, clipping threshold), the paper (paper.py) with each of them in a footnote, a table
caption or the appendix, the paper's own results on a fleet the agent never sees, and the data file
the agent reproduces the table on. The hidden folder holds the settings and the true table on the
workspace data; the grader draws fresh data files from `draw_dataset` at scoring time.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from tasks.grading import load_task_module

TASK = Path(__file__).parent
method = load_task_module(TASK / "solution" / "method.py", "paper_reproduction_pdf_method")
paper = load_task_module(TASK / "paper.py", "paper_reproduction_pdf_paper")

BANDS = 10
N_TRAIN, N_TEST = 2000, 2000
# Grids of the decisive settings. All differ from library defaults (no smoothing, no penalty or 1e-4,
# no clipping) and from the configuration related work attributes to [4] (0.1, 1e-4, 3); the L2
# coefficient stays large enough that the network's five initialisations agree (Section 3.4).
LABEL_SMOOTHING = (0.165, 0.185, 0.205, 0.225, 0.245)
WEIGHT_DECAY = (0.0315, 0.0345, 0.0372, 0.0405, 0.0435)
CLIP = (1.65, 1.85, 2.15, 2.35, 2.55)


def settings_for(seed: int) -> dict:
    """The seed's decisive settings."""
    rng = np.random.default_rng([seed, 1212])
    return {
        "label_smoothing": float(rng.choice(LABEL_SMOOTHING)),
        "weight_decay": float(rng.choice(WEIGHT_DECAY)),
        "clip": float(rng.choice(CLIP)),
    }


def draw_dataset(rng: np.random.Generator) -> pd.DataFrame:
    """One data file from the hidden process: a fresh fleet per draw (its own band levels and spreads,
    correlations, fault signature, base rate and glitch rate), then its train and test windows.

    A fault shifts the band energies along a signature direction and widens them along another (a
    curved boundary, so the network beats the logistic model). Glitches replace two to six per cent of
    readings with values about twelve spreads from the level: clipping is what keeps them from
    deciding a window's prediction.
    """
    n = N_TRAIN + N_TEST
    mixing = rng.normal(0, 1, (BANDS, BANDS)) / np.sqrt(BANDS)
    correlation = 0.5 * np.eye(BANDS) + 0.5 * mixing @ mixing.T
    z = rng.normal(size=(n, BANDS)) @ np.linalg.cholesky(correlation).T
    signature = rng.normal(0, 1, BANDS)
    signature *= rng.uniform(2.5, 6.5) / np.linalg.norm(signature)
    widening = rng.normal(0, 1, BANDS)
    widening /= np.linalg.norm(widening)
    logit = z @ signature + rng.uniform(0.5, 1.5) * ((z @ widening) ** 2 - 1) + rng.uniform(-1, 1)
    fault = rng.random(n) < 1 / (1 + np.exp(-logit))
    level, spread = rng.uniform(-4, 4, BANDS), rng.uniform(0.3, 2.5, BANDS)
    glitch = rng.random((n, BANDS)) < rng.uniform(0.02, 0.06)
    bands = level + spread * np.where(glitch, 12 * rng.normal(size=(n, BANDS)), z)
    data = pd.DataFrame(bands, columns=[f"band_{i + 1:02d}" for i in range(BANDS)])
    data["fault"] = fault.astype(int)
    data["split"] = ["train"] * N_TRAIN + ["test"] * N_TEST
    return data


def write_data(data: pd.DataFrame, path: Path) -> None:
    """Ten decimals: no reading can spell a decisive setting."""
    data.to_csv(path, index=False, float_format="%.10f")


def build(seed: int, workspace: Path, hidden: Path) -> None:
    settings = settings_for(seed)
    paper_fleet = draw_dataset(np.random.default_rng([seed, 2121]))
    paper.write_paper(workspace / "paper.pdf", settings, method.results_table(paper_fleet, settings))
    data = draw_dataset(np.random.default_rng([seed, 404]))
    write_data(data, workspace / "data.csv")
    decisive = {"paper": ["paper.pdf"], "settings": settings}
    (hidden / "decisive.json").write_text(json.dumps(decisive, indent=2))
    expected = method.results_table(pd.read_csv(workspace / "data.csv"), settings)
    (hidden / "expected.json").write_text(json.dumps(expected, indent=2))
