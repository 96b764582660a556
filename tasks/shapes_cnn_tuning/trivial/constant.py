"""A checkpoint that ignores the image and answers the most common training label.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import sys

import numpy as np
import torch

sys.path.insert(0, ".")  # model.py is the workspace's
from model import ShapeCNN  # noqa: E402

CONFIG = {"channels": 1, "blocks": 1, "hidden": 4}
counts = torch.tensor(np.bincount(np.load("train.npz")["labels"], minlength=4) + 1.0, dtype=torch.float32)
model = ShapeCNN(**CONFIG)
with torch.no_grad():
    for parameter in model.parameters():
        parameter.zero_()
    model.head[-1].bias.copy_(torch.log(counts / counts.sum()))
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
