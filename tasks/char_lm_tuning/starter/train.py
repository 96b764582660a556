"""Starter training script: trains CharMLP on train.txt and saves checkpoint.pt.

Usage: python3 train.py    (prints validation bits per character as JSON lines)
The hyperparameters below are a first guess, not a good one.
"""

import json
import math

import torch
import torch.nn.functional as F
from model import CharMLP, windows

CONFIG = {"context": 2, "embed": 8, "hidden": 32, "layers": 1}
STEPS, BATCH, LEARNING_RATE = 300, 64, 1e-3

train_text, valid_text = open("train.txt").read(), open("valid.txt").read()
vocabulary = sorted(set(train_text))
index = {c: i for i, c in enumerate(vocabulary)}


def to_ids(text: str) -> torch.Tensor:
    return torch.tensor([index[c] for c in text], dtype=torch.long)


torch.manual_seed(0)
model = CharMLP(**CONFIG)
x, y = windows(to_ids(train_text), CONFIG["context"])
vx, vy = windows(to_ids(valid_text), CONFIG["context"])
optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
for step in range(1, STEPS + 1):
    batch = torch.randint(0, len(y), (BATCH,))
    loss = F.cross_entropy(model(x[batch]), y[batch])
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    if step % 100 == 0 or step == STEPS:
        with torch.no_grad():
            valid = F.cross_entropy(model(vx), vy).item() / math.log(2)
        print(json.dumps({"step": step, "valid_bits_per_char": round(valid, 4)}))
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
