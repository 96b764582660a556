"""Naive attempt for char_lm_tuning: the starter's script with the obvious fixes to its numbers.

Adam with its default learning rate instead of SGD, a context that surely covers the source's memory,
a wider two-layer MLP and seven times the steps at a bigger batch; the starter's data pipeline (its own
vocabulary, built from the training text) is kept as it is. Run from the workspace: writes
checkpoint.pt.
"""

import json
import math
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, ".")  # model.py is the workspace's, next to the data
from model import CharMLP, windows  # noqa: E402

CONFIG = {"context": 8, "embed": 16, "hidden": 256, "layers": 2}
STEPS, BATCH = 2000, 128

train_text, valid_text = open("train.txt").read(), open("valid.txt").read()
vocabulary = sorted(set(train_text))
index = {c: i for i, c in enumerate(vocabulary)}


def to_ids(text: str) -> torch.Tensor:
    return torch.tensor([index[c] for c in text], dtype=torch.long)


torch.manual_seed(0)
torch.set_num_threads(2)
model = CharMLP(**CONFIG)
x, y = windows(to_ids(train_text), CONFIG["context"])
vx, vy = windows(to_ids(valid_text), CONFIG["context"])
optimiser = torch.optim.Adam(model.parameters())  # lr 1e-3
for step in range(1, STEPS + 1):
    batch = torch.randint(0, len(y), (BATCH,))
    loss = F.cross_entropy(model(x[batch]), y[batch])
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    if step % 500 == 0:
        with torch.no_grad():
            valid = F.cross_entropy(model(vx), vy).item() / math.log(2)
        print(json.dumps({"step": step, "valid_bits_per_char": round(valid, 4)}))
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
