"""Reference solution for digits_classifier: train on the deployment conditions the data card states.

The training images are upright, thin and clean; the deployment images are rotated, slanted,
rescaled, shifted, drawn with a thicker pen and noisier (DATA.md). So each training image is copied
several times under random poses from the stated ranges, its strokes thickened (blur, then gain)
and sensor noise added, and an RBF SVM is fitted on the augmented set.

Run from the workspace directory: fits on train.csv, saves model.pkl, replaces predict.py.
"""

import pickle

import numpy as np
import pandas as pd
from scipy import ndimage
from sklearn.svm import SVC

COPIES = 3  # augmented copies of each training image
ROTATION, SLANT, SCALE, SHIFT = 30, 0.3, (0.75, 1.05), 2.0  # deployment ranges from DATA.md

rng = np.random.default_rng(0)
train = pd.read_csv("train.csv")
pixels = [c for c in train.columns if c != "label"]
images = train[pixels].to_numpy(dtype=float).reshape(-1, 16, 16) / 255


def augment(image: np.ndarray) -> np.ndarray:
    """The image under a random deployment pose, pen width and noise."""
    angle = np.radians(rng.uniform(-ROTATION, ROTATION))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    pose = rotation @ np.array([[1, -rng.uniform(-SLANT, SLANT)], [0, 1]]) * rng.uniform(*SCALE)
    inverse = np.linalg.inv(pose)[::-1, ::-1]  # (row, col) order for ndimage
    centre = np.array([7.5, 7.5])
    offset = centre - inverse @ (centre + rng.uniform(-SHIFT, SHIFT, 2))
    moved = ndimage.affine_transform(image, inverse, offset=offset, order=1)
    thick = np.clip(ndimage.gaussian_filter(moved, rng.uniform(0.5, 0.8)) * rng.uniform(1.5, 3.0), 0, 1)
    return thick * rng.uniform(0.8, 1.0) + rng.normal(0, 20 / 255, thick.shape)


augmented = np.stack([augment(image) for _ in range(COPIES) for image in images]).reshape(-1, 256)
labels = np.tile(train["label"].to_numpy(), COPIES)
model = SVC(C=10).fit(augmented, labels)
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)

with open("predict.py", "w") as f:
    f.write(
        "import pickle, sys\n"
        "import pandas as pd\n"
        "model = pickle.load(open('model.pkl', 'rb'))\n"
        "images = pd.read_csv(sys.argv[1])[[f'p{i}' for i in range(256)]].to_numpy() / 255\n"
        "pd.DataFrame({'label': model.predict(images)}).to_csv(sys.argv[2], index=False)\n"
    )
