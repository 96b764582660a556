"""Starter training script: a small model on a short context. Saves checkpoint.pt.

Usage: python3 train.py   (uses a GPU when torch sees one)
"""

import json
import math

import torch
import torch.nn.functional as F
from model import CharMLP, encode, windows

CONFIG = {"context": 4, "embed": 8, "hidden": 128, "layers": 1}
STEPS, BATCH, LEARNING_RATE = 500, 256, 0.01

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(0)
model = CharMLP(**CONFIG).to(device)
x, y = windows(encode(open("train.txt").read()), CONFIG["context"])
vx, vy = windows(encode(open("valid.txt").read()), CONFIG["context"])
x, y, vx, vy = x.to(device), y.to(device), vx.to(device), vy.to(device)
optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
for _step in range(1, STEPS + 1):
    batch = torch.randint(0, len(y), (BATCH,), device=device)
    loss = F.cross_entropy(model(x[batch]), y[batch])
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
with torch.no_grad():
    valid = F.cross_entropy(model(vx), vy).item() / math.log(2)
print(json.dumps({"steps": STEPS, "valid_bits_per_char": round(valid, 4)}))
torch.save({"config": CONFIG, "state_dict": model.cpu().state_dict()}, "checkpoint.pt")
