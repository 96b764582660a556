"""A checkpoint of the right config with freshly initialised weights: no pretraining, no skill.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import sys

import torch

sys.path.insert(0, ".")  # model.py is the workspace's
from model import CONFIG, GPT  # noqa: E402

torch.manual_seed(0)
torch.save({"config": CONFIG, "state_dict": GPT(**CONFIG).state_dict()}, "checkpoint.pt")
