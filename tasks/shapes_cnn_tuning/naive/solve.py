"""Naive attempt for shapes_cnn_tuning: the starter's script with the obvious fixes to its numbers.

Adam with its default learning rate instead of SGD at 1e-4, a wider network of two blocks, twenty
epochs at a smaller batch; the starter's input pipeline (standardising the raw counts) is kept as it
is. Run from the workspace: writes checkpoint.pt.
"""

import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, ".")  # model.py is the workspace's, next to the data
from model import ShapeCNN  # noqa: E402

CONFIG = {"channels": 16, "blocks": 2, "hidden": 64}
EPOCHS, BATCH = 20, 128

torch.manual_seed(0)
torch.set_num_threads(2)
train, valid = np.load("train.npz"), np.load("valid.npz")
x, y = torch.tensor(train["images"]), torch.tensor(train["labels"])
vx, vy = torch.tensor(valid["images"]), torch.tensor(valid["labels"])
mean, std = x.mean(), x.std()  # the images are raw sensor counts: standardise them
x, vx = (x - mean) / std, (vx - mean) / std
model = ShapeCNN(**CONFIG)
optimiser = torch.optim.Adam(model.parameters())  # lr 1e-3
for epoch in range(1, EPOCHS + 1):
    order = torch.randperm(len(y))
    for start in range(0, len(y), BATCH):
        batch = order[start : start + BATCH]
        loss = F.cross_entropy(model(x[batch]), y[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    with torch.no_grad():
        accuracy = (model(vx).argmax(1) == vy).float().mean().item()
    print(json.dumps({"epoch": epoch, "valid_accuracy": round(accuracy, 4)}))
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
