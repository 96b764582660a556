"""Reference solution for shapes_cnn_tuning: two conv blocks of 24 and 48 channels, Adam with a one-cycle schedule, light
augmentation by flips (the four shapes are flip-invariant up to the triangle's orientation, so only
horizontal flips), 25 epochs. About 15 s on 2 cores.

Run from the workspace directory: writes checkpoint.pt for the fixed model code in model.py.
"""

import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, ".")  # model.py is the workspace's, next to the data
from model import ShapeCNN  # noqa: E402

CONFIG = {"channels": 24, "blocks": 2, "hidden": 128}
EPOCHS, BATCH, LEARNING_RATE = 25, 128, 3e-3

torch.manual_seed(0)
torch.set_num_threads(2)
train, valid = np.load("train.npz"), np.load("valid.npz")
x, y = torch.tensor(train["images"]), torch.tensor(train["labels"])
vx, vy = torch.tensor(valid["images"]), torch.tensor(valid["labels"])
model = ShapeCNN(**CONFIG)
optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
steps = EPOCHS * ((len(y) + BATCH - 1) // BATCH)
schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=LEARNING_RATE, total_steps=steps)
for epoch in range(1, EPOCHS + 1):
    model.train()
    order = torch.randperm(len(y))
    for start in range(0, len(y), BATCH):
        batch = order[start : start + BATCH]
        images = x[batch]
        flip = torch.rand(len(batch)) < 0.5
        images = torch.where(flip[:, None, None], images.flip(2), images)
        loss = F.cross_entropy(model(images), y[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(vx).argmax(1) == vy).float().mean().item()
    print(json.dumps({"epoch": epoch, "valid_accuracy": round(accuracy, 4)}))
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
