"""A checkpoint that ignores the context and predicts the training text's character frequencies.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import sys

import torch

sys.path.insert(0, ".")  # model.py is the workspace's
from model import ALPHABET, CharMLP  # noqa: E402

CONFIG = {"context": 1, "embed": 1, "hidden": 1, "layers": 1}
text = open("train.txt").read()
counts = torch.tensor([text.count(c) + 1.0 for c in ALPHABET])
model = CharMLP(**CONFIG)
with torch.no_grad():
    for parameter in model.parameters():
        parameter.zero_()
    model.mlp[-1].bias.copy_(torch.log(counts / counts.sum()))
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
