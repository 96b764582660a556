"""Reference solution for digits_classifier: train on the deployment conditions the data card states.

The training images are upright, thin and clean; the deployment images are rotated, slanted,
rescaled, shifted, drawn with a thicker pen and noisier (DATA.md). So each training image is copied
several times under random poses from the stated ranges, its strokes thickened (blur, then gain)
and sensor noise added; an RBF SVM on 40 principal components is fitted on the augmented set.

Run from the workspace directory: fits on train.csv, saves model.pkl, replaces predict.py.
"""

import pickle

import numpy as np
import pandas as pd
from scipy import ndimage
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

COPIES = 3  # augmented copies of each training image
ROTATION, SLANT, SCALE, SHIFT = 30, 0.3, (0.75, 1.05), 2.0  # deployment ranges from DATA.md

rng = np.random.default_rng(0)
train = pd.read_csv("train.csv")
pixels = [c for c in train.columns if c != "label"]
images = np.tile(train[pixels].to_numpy(dtype=float).reshape(-1, 16, 16) / 255, (COPIES, 1, 1))
n = len(images)

# A random pose per copy: output pixel (x, y) reads the source at pose^-1 (x - shift, y - shift),
# coordinates about the frame's centre; pose = scale * rotation @ slant.
angle = np.radians(rng.uniform(-ROTATION, ROTATION, n))
slant = rng.uniform(-SLANT, SLANT, n)
scale = rng.uniform(*SCALE, n)
cos, sin = np.cos(angle) * scale, np.sin(angle) * scale
pose = np.stack([np.stack([cos, -cos * slant - sin], -1), np.stack([sin, -sin * slant + cos], -1)], -2)
inverse = np.linalg.inv(pose)
ys, xs = np.mgrid[0:16, 0:16] - 7.5
shift = rng.uniform(-SHIFT, SHIFT, (n, 2, 1, 1))
x, y = xs - shift[:, 0], ys - shift[:, 1]
source_x = inverse[:, 0, 0, None, None] * x + inverse[:, 0, 1, None, None] * y + 7.5
source_y = inverse[:, 1, 0, None, None] * x + inverse[:, 1, 1, None, None] * y + 7.5
which = np.broadcast_to(np.arange(n)[:, None, None], source_x.shape)
moved = ndimage.map_coordinates(images, [which, source_y, source_x], order=1)
# A thicker pen: blur, then a gain that pushes the blurred edge back to full ink; then the sensor.
thick = np.clip(ndimage.gaussian_filter(moved, (0, 0.65, 0.65)) * rng.uniform(1.5, 3.0, (n, 1, 1)), 0, 1)
augmented = thick * rng.uniform(0.8, 1.0, (n, 1, 1)) + rng.normal(0, 20 / 255, thick.shape)

model = make_pipeline(PCA(40, random_state=0), SVC(C=10))
model.fit(augmented.reshape(n, -1), np.tile(train["label"].to_numpy(), COPIES))
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
