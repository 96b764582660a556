"""A checkpoint that predicts the training text's character frequencies whatever the context.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import sys

import torch

sys.path.insert(0, ".")
from model import CharMLP, encode  # noqa: E402

CONFIG = {"context": 1, "embed": 1, "hidden": 1, "layers": 1}
counts = torch.bincount(encode(open("train.txt").read()).flatten(), minlength=16).float() + 1
model = CharMLP(**CONFIG)
with torch.no_grad():
    for parameter in model.parameters():
        parameter.zero_()
    model.mlp[-1].bias.copy_(torch.log(counts / counts.sum()))
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
