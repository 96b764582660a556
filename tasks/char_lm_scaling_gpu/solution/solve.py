"""Reference solution for char_lm_scaling_gpu: a context that covers the source's memory (12
characters: the conditional entropy keeps falling with the context, README), a wide two-layer MLP,
AdamW with warm-up and cosine decay, large batches, and enough steps to use the data (25 million
windows, about 5 passes): about 2e14 floating-point operations, seconds to a minute on one GPU and
over the 1,800 s limit on 2 CPU cores (README, "Reference scores").

Run from the workspace directory: writes checkpoint.pt with the fixed model code in model.py.
"""

import json
import math
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, ".")  # model.py is the workspace's, next to the data
from model import CharMLP, encode, windows  # noqa: E402

CONFIG = {"context": 12, "embed": 32, "hidden": 1024, "layers": 2}
STEPS, BATCH, LEARNING_RATE, WARMUP = 12_000, 2048, 2e-3, 300

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(0)
torch.backends.cuda.matmul.allow_tf32 = True
model = CharMLP(**CONFIG).to(device)
x, y = windows(encode(open("train.txt").read()), CONFIG["context"])
vx, vy = windows(encode(open("valid.txt").read()), CONFIG["context"])
x, y, vx, vy = x.to(device), y.to(device), vx.to(device), vy.to(device)
optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.05)
schedule = torch.optim.lr_scheduler.LambdaLR(
    optimiser,
    lambda step: min(1.0, (step + 1) / WARMUP) * 0.5 * (1 + math.cos(math.pi * min(step, STEPS) / STEPS)),
)
started = time.time()
for step in range(1, STEPS + 1):
    batch = torch.randint(0, len(y), (BATCH,), device=device)
    with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
        loss = F.cross_entropy(model(x[batch]), y[batch])
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    optimiser.step()
    schedule.step()
    if step % 2000 == 0 or step == STEPS:
        with torch.no_grad():
            valid = F.cross_entropy(model(vx).float(), vy).item() / math.log(2)
        print(
            json.dumps(
                {
                    "step": step,
                    "seconds": round(time.time() - started, 1),
                    "valid_bits_per_char": round(valid, 4),
                }
            )
        )
torch.save({"config": CONFIG, "state_dict": model.cpu().state_dict()}, "checkpoint.pt")
