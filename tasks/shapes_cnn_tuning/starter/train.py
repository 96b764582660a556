"""Starter training script: trains ShapeCNN on train.npz and saves checkpoint.pt.

Usage: python3 train.py    (prints validation accuracy as JSON lines)
The hyperparameters below are a first guess, not a good one.
"""

import json

import numpy as np
import torch
import torch.nn.functional as F
from model import ShapeCNN

CONFIG = {"channels": 2, "blocks": 1, "hidden": 8}
EPOCHS, BATCH, LEARNING_RATE = 1, 256, 1e-4

torch.manual_seed(0)
train, valid = np.load("train.npz"), np.load("valid.npz")
x, y = torch.tensor(train["images"]), torch.tensor(train["labels"])
vx, vy = torch.tensor(valid["images"]), torch.tensor(valid["labels"])
mean, std = x.mean(), x.std()  # the images are raw sensor counts: standardise them
x, vx = (x - mean) / std, (vx - mean) / std
model = ShapeCNN(**CONFIG)
optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
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
