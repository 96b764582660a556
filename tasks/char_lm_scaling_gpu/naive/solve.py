"""The obvious first attempt at char_lm_scaling_gpu: keep the starter's short context, make the model
bigger, switch to Adam with its defaults and train longer on the GPU. A context of 4 characters
cannot see what the source remembers, so no amount of training reaches the threshold.

Run from the workspace directory: writes checkpoint.pt.
"""

import math
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, ".")
from model import CharMLP, encode, windows  # noqa: E402

CONFIG = {"context": 4, "embed": 16, "hidden": 512, "layers": 2}
STEPS, BATCH = 3000, 1024

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(0)
model = CharMLP(**CONFIG).to(device)
x, y = windows(encode(open("train.txt").read()), CONFIG["context"])
x, y = x.to(device), y.to(device)
optimiser = torch.optim.Adam(model.parameters())
for _step in range(STEPS):
    batch = torch.randint(0, len(y), (BATCH,), device=device)
    loss = F.cross_entropy(model(x[batch]), y[batch])
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
print(f"final training loss {loss.item() / math.log(2):.4f} bits/char")
torch.save({"config": CONFIG, "state_dict": model.cpu().state_dict()}, "checkpoint.pt")
