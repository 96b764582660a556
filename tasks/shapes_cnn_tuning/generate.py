"""Instance generator for shapes_cnn_tuning: small noisy images of four shapes.

`images(rng, n)` draws 16x16 images of a circle, square, triangle or cross at a random position and
size, random contrast, a faint random background gradient and pixel noise, in raw sensor counts (a
dark level of OFFSET counts and GAIN counts per unit of brightness). build() writes the training set
and the fixed model code; the grader draws fresh images, in the same raw counts, at scoring time.
"""

import shutil
from pathlib import Path

import numpy as np

SIZE = 16
CLASSES = ["circle", "square", "triangle", "cross"]
OFFSET, GAIN = 1000.0, 200.0  # raw sensor counts: dark level, counts per unit of brightness


def images(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n images (float32 raw counts, shape (n, 16, 16), about 850..1350) and their labels (0..3)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    labels = rng.integers(0, len(CLASSES), n)
    out = np.empty((n, SIZE, SIZE), dtype=np.float32)
    for i, label in enumerate(labels):
        r = rng.uniform(3.0, 6.0)
        cx, cy = rng.uniform(r, SIZE - r, 2)
        dx, dy = xx - cx, yy - cy
        if label == 0:
            mask = dx**2 + dy**2 <= r**2
        elif label == 1:
            mask = (np.abs(dx) <= r * 0.8) & (np.abs(dy) <= r * 0.8)
        elif label == 2:
            mask = (dy <= r * 0.7) & (dy >= -r * 0.9 + 1.8 * np.abs(dx))
        else:
            mask = ((np.abs(dx) <= r * 0.3) | (np.abs(dy) <= r * 0.3)) & (np.abs(dx) <= r) & (np.abs(dy) <= r)
        gradient = rng.uniform(-0.02, 0.02) * xx + rng.uniform(-0.02, 0.02) * yy
        out[i] = rng.uniform(0.4, 1.0) * mask + gradient + rng.normal(0, 0.25, (SIZE, SIZE))
    return OFFSET + GAIN * out, labels


def build(seed: int, workspace: Path, hidden: Path) -> None:
    x, y = images(np.random.default_rng([seed, 1212]), 4000)
    np.savez_compressed(workspace / "train.npz", images=x, labels=y)
    vx, vy = images(np.random.default_rng([seed, 1313]), 1000)
    np.savez_compressed(workspace / "valid.npz", images=vx, labels=vy)
    for name in ("model.py", "train.py"):
        shutil.copy(Path(__file__).parent / "starter" / name, workspace / name)
    (hidden / "seed.txt").write_text(str(seed))
