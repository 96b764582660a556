"""Fine-tune on nothing but the handful of examples in examples.txt, many epochs: too few to learn
addition from (it memorises those sums), and the text loss drifts.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, ".")  # model.py is the workspace's
from model import CONFIG, encode, load_checkpoint  # noqa: E402

torch.manual_seed(0)
torch.set_num_threads(1)
model = load_checkpoint("base.pt").train()
lines = [encode(line + "\n") for line in open("examples.txt").read().splitlines()]
optimiser = torch.optim.AdamW(model.parameters())
for _ in range(60):
    for ids in lines:
        logits = model(ids[None, :-1])
        loss = F.cross_entropy(logits[0], ids[1:])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
