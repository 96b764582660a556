"""A checkpoint with a config other than model.CONFIG (twice the width): it must not load.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import sys

import torch

sys.path.insert(0, ".")  # model.py is the workspace's
from model import CONFIG, GPT  # noqa: E402

config = {**CONFIG, "width": 2 * CONFIG["width"]}
torch.save({"config": config, "state_dict": GPT(**config).state_dict()}, "checkpoint.pt")
