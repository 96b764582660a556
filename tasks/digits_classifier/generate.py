"""Instance generator for digits_classifier: handwritten-style digits drawn from stroke templates.

Each digit is a few pen strokes (polylines and arcs in a unit box). A writer's hand moves every
point by a smooth random displacement field; the pen then goes through an affine pose (rotation,
slant, scale, shift), strokes get a width, and the image is rendered anti-aliased at 16x16 from the
distance of every pixel to the strokes, with sensor noise on top. `digits(rng, n, conditions)`
draws a labelled table; build() writes the training set (collected under TRAINING conditions) and
the starter predictor; the grader draws fresh test images under DEPLOYMENT conditions at scoring
time. Nothing here comes from a dataset any package ships.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SIZE = 16
PIXELS = [f"p{i}" for i in range(SIZE * SIZE)]
TRAIN_SIZE = 3000


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, points: int = 14) -> list:
    """Points along an elliptic arc, angles in degrees counter-clockwise with y pointing up."""
    angles = np.radians(np.linspace(start, end, points))
    return list(zip(cx + rx * np.cos(angles), cy - ry * np.sin(angles)))


def _strokes(digit: int, rng: np.random.Generator) -> list[np.ndarray]:
    """The pen strokes of one digit in the unit box (x right, y down), with the writer's variants."""
    if digit == 0:
        strokes = [_arc(0.5, 0.5, 0.21, 0.36, 90, 450, 24)]
    elif digit == 1:
        strokes = [[(0.52, 0.12), (0.5, 0.88)]]
        if rng.random() < 0.6:
            strokes.append([(0.36, 0.27), (0.52, 0.12)])
        if rng.random() < 0.3:
            strokes.append([(0.38, 0.88), (0.62, 0.88)])
    elif digit == 2:
        strokes = [_arc(0.5, 0.31, 0.2, 0.19, 160, -30) + [(0.27, 0.88), (0.75, 0.88)]]
    elif digit == 3:
        strokes = [_arc(0.47, 0.3, 0.19, 0.18, 150, -90) + _arc(0.47, 0.68, 0.21, 0.2, 90, -150)]
    elif digit == 4:
        strokes = [[(0.62, 0.88), (0.62, 0.12), (0.25, 0.64), (0.77, 0.64)]]
    elif digit == 5:
        strokes = [[(0.73, 0.12), (0.33, 0.12), (0.3, 0.45)] + _arc(0.49, 0.65, 0.22, 0.22, 135, -150)]
    elif digit == 6:
        strokes = [[(0.7, 0.13), (0.47, 0.24), (0.33, 0.45)] + _arc(0.5, 0.68, 0.2, 0.2, 160, 520, 24)]
    elif digit == 7:
        strokes = [[(0.26, 0.12), (0.75, 0.12), (0.43, 0.88)]]
        if rng.random() < 0.3:
            strokes.append([(0.44, 0.5), (0.7, 0.5)])
    elif digit == 8:
        strokes = [_arc(0.5, 0.3, 0.17, 0.17, 0, 360, 20), _arc(0.5, 0.68, 0.21, 0.2, 0, 360, 20)]
    else:
        strokes = [_arc(0.5, 0.32, 0.2, 0.2, -20, 340, 24) + [(0.68, 0.4), (0.6, 0.88)]]
    return [np.array(stroke, dtype=float) for stroke in strokes]


@dataclass(frozen=True)
class Conditions:
    """The ranges of one collection's pose, pen and sensor (each drawn uniformly per image)."""

    rotation: float  # degrees, +-
    slant: float  # horizontal shear, +-
    scale: tuple[float, float]  # digit height relative to the 16-pixel frame's 12 pixels
    shift: float  # pixels, +- in x and y
    width: tuple[float, float]  # stroke width in pixels
    noise: float  # standard deviation of the sensor's Gaussian noise, grey levels (0-255)
    wobble: float = 0.035  # size of the writer's smooth displacement field, unit-box units


TRAINING = Conditions(rotation=5, slant=0.1, scale=(0.95, 1.05), shift=0.5, width=(0.9, 1.3), noise=4)
DEPLOYMENT = Conditions(rotation=30, slant=0.3, scale=(0.75, 1.05), shift=2.0, width=(1.5, 2.4), noise=20)


def _distance_to_segments(pixels: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from each pixel centre (P, 2) to the nearest of the segments a[i]-b[i] (S, 2)."""
    px, py = pixels[:, :1], pixels[:, 1:]
    dx, dy = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    ex, ey = px - a[:, 0], py - a[:, 1]
    t = np.clip((ex * dx + ey * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0, 1)
    return np.sqrt(((ex - t * dx) ** 2 + (ey - t * dy) ** 2).min(axis=1))


_GRID = np.stack(np.meshgrid(np.arange(SIZE) + 0.5, np.arange(SIZE) + 0.5), axis=-1).reshape(-1, 2)


def render(digit: int, rng: np.random.Generator, conditions: Conditions) -> np.ndarray:
    """One 16x16 image (grey levels 0-255, ink bright) of `digit` under `conditions`."""
    strokes = _strokes(digit, rng)
    # The writer's hand: a smooth random displacement field (two low-frequency waves per axis).
    phase, freq = rng.uniform(0, 2 * np.pi, (2, 2)), rng.uniform(1.5, 3.5, (2, 2))
    amplitude = rng.uniform(0, conditions.wobble, 2)

    def wobble(p: np.ndarray) -> np.ndarray:
        dx = (
            amplitude[0]
            * np.sin(freq[0, 0] * np.pi * p[:, 1] + phase[0, 0])
            * np.cos(freq[0, 1] * p[:, 0] + phase[0, 1])
        )
        dy = (
            amplitude[1]
            * np.sin(freq[1, 0] * np.pi * p[:, 0] + phase[1, 0])
            * np.cos(freq[1, 1] * p[:, 1] + phase[1, 1])
        )
        return p + np.stack([dx, dy], axis=1)

    aspect = rng.uniform(0.85, 1.15)
    angle = np.radians(rng.uniform(-conditions.rotation, conditions.rotation))
    slant = rng.uniform(-conditions.slant, conditions.slant)
    scale = rng.uniform(*conditions.scale) * 12.0 / 0.76  # pixels per unit: the digit is 0.76 units tall
    shift = rng.uniform(-conditions.shift, conditions.shift, 2)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    pose = scale * rotation @ np.array([[aspect, -slant], [0.0, 1.0]])  # slant leans the top right
    a, b = [], []
    for stroke in strokes:
        points = (wobble(stroke) - 0.5) @ pose.T + SIZE / 2 + shift
        a.append(points[:-1])
        b.append(points[1:])
    distance = _distance_to_segments(_GRID, np.concatenate(a), np.concatenate(b))
    width = rng.uniform(*conditions.width)
    ink = np.clip(width / 2 - distance + 0.5, 0, 1)  # anti-aliased: a one-pixel ramp at the edge
    grey = 255 * ink * rng.uniform(0.8, 1.0) + rng.normal(0, conditions.noise, ink.shape)
    return np.clip(np.rint(grey), 0, 255).astype(int)


def digits(rng: np.random.Generator, n: int, conditions: Conditions) -> pd.DataFrame:
    """n images with labels, classes balanced in expectation, under `conditions`."""
    labels = rng.integers(0, 10, n)
    images = np.stack([render(int(label), rng, conditions) for label in labels])
    table = pd.DataFrame(images, columns=PIXELS)
    table["label"] = labels
    return table


STARTER = '''"""Starter predictor: nearest class centroid, fitted on train.csv at prediction time.

Usage: python3 predict.py IMAGES_CSV PREDICTIONS_CSV
"""

import sys

import pandas as pd

train = pd.read_csv("train.csv")
pixels = [c for c in train.columns if c != "label"]
centroids = train.groupby("label")[pixels].mean()

images = pd.read_csv(sys.argv[1])[pixels].to_numpy(dtype=float)
distances = ((images[:, None, :] - centroids.to_numpy()[None, :, :]) ** 2).sum(axis=2)
labels = centroids.index.to_numpy()[distances.argmin(axis=1)]
pd.DataFrame({"label": labels}).to_csv(sys.argv[2], index=False)
'''


def data_card() -> str:
    """DATA.md: how the training images were collected and what the deployed predictor will see."""
    rows = [
        ("rotation (degrees)", lambda c: f"-{c.rotation} to +{c.rotation}"),
        ("slant (horizontal shear, x += slant * height above centre)", lambda c: f"-{c.slant} to +{c.slant}"),
        ("digit height (pixels)", lambda c: f"{12 * c.scale[0]:.1f} to {12 * c.scale[1]:.1f}"),
        (
            "offset of the digit's centre from the frame's (pixels, x and y)",
            lambda c: f"-{c.shift} to +{c.shift}",
        ),
        ("pen stroke width (pixels)", lambda c: f"{c.width[0]} to {c.width[1]}"),
        ("sensor noise (standard deviation, grey levels)", lambda c: f"{c.noise}"),
    ]
    table = "\n".join(f"| {name} | {value(TRAINING)} | {value(DEPLOYMENT)} |" for name, value in rows)
    return f"""# Data card: handwritten digits, 16x16

Each image is one handwritten digit (0-9) on a 16x16 grid, stored row by row in columns `p0` ...
`p255` as grey levels 0 (background) to 255 (ink), with the digit in `label`. Labels are checked
and correct. Every digit is legible under all the conditions below.

`train.csv` ({TRAIN_SIZE:,} images) was collected on the enrolment form: writers filled in boxed
fields with a fine pen, on a flatbed scanner. The predictor will be deployed on mail-room scans:
digits written freehand in a thick pen, photographed at an angle, with a noisier sensor. Each
quantity is drawn independently and uniformly from its range, per image; the ten digits are
equally likely in both.

| quantity | training (train.csv) | deployment (what predict.py will see) |
|---|---|---|
{table}

Within both, writers vary in proportions (width to height 0.85 to 1.15), in small smooth
wobbles of the strokes, and in ink darkness (80 to 100 % of full).
"""


def build(seed: int, workspace: Path, hidden: Path) -> None:
    digits(np.random.default_rng([seed, 16]), TRAIN_SIZE, TRAINING).to_csv(
        workspace / "train.csv", index=False
    )
    (workspace / "predict.py").write_text(STARTER)
    (workspace / "DATA.md").write_text(data_card())
    (hidden / "seed.txt").write_text(str(seed))
