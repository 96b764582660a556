"""One training run: least squares on the first WIDTH features of EXAMPLES training examples.

Usage: python3 train.py --width 64 --examples 2048 [--subset 3]
Prints one JSON line: the run's configuration and its mean squared error on test.npz.

--subset picks which training examples the run uses: subset 0 is the first EXAMPLES rows of
train.npz, subset s > 0 a random draw of EXAMPLES rows (seeded by s), so runs smaller than the
whole training set can be repeated on other data.
"""

import argparse
import json

import numpy as np

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--width", type=int, required=True, help="features used: the first WIDTH columns")
parser.add_argument("--examples", type=int, required=True, help="training examples used")
parser.add_argument("--subset", type=int, default=0, help="which training examples (0: the first ones)")
args = parser.parse_args()

train, test = np.load("train.npz"), np.load("test.npz")
x, y = train["x"] * train["x_unit"], train["y"].astype(np.float64)  # features are stored as int8 steps
if not 1 <= args.width <= x.shape[1]:
    raise SystemExit(f"--width must be 1..{x.shape[1]} (the features in train.npz)")
if not args.width < args.examples <= len(y):
    raise SystemExit(f"--examples must be more than --width and at most {len(y)}")
if args.subset == 0:
    rows = np.arange(args.examples)
else:
    rows = np.random.default_rng(args.subset).choice(len(y), args.examples, replace=False)

weights = np.linalg.lstsq(x[rows, : args.width], y[rows], rcond=None)[0]
residual = test["y"] - (test["x"][:, : args.width] * test["x_unit"]) @ weights
result = {"width": args.width, "examples": args.examples, "subset": args.subset}
print(json.dumps({**result, "test_loss": float(np.mean(residual**2))}))
