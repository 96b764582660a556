"""Naive attempt for post_training: generate problems in the format of examples.txt and fine-tune the
base model on them, with AdamW's default learning rate; the obvious supervised fine-tuning.

What it skips: the text loss. Trained on nothing but sums, the model forgets the language it was
pretrained on (its text loss rises by several nats per character), and the grader keeps none of the
accuracy gain. Run from the workspace: writes checkpoint.pt.
"""

import random
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, ".")  # model.py is the workspace's
from model import CONFIG, encode, load_checkpoint  # noqa: E402

STEPS, BATCH, LENGTH = 300, 128, 9

torch.manual_seed(0)
torch.set_num_threads(1)
rng = random.Random(0)
model = load_checkpoint("base.pt").train()
optimiser = torch.optim.AdamW(model.parameters())  # lr 1e-3
for _ in range(STEPS):
    rows = []
    for _ in range(BATCH):
        a, b = rng.randrange(100), rng.randrange(100)
        ids = encode(f"{a}+{b}={a + b}\n")
        rows.append(torch.cat([ids, ids.new_zeros(LENGTH + 1 - len(ids))]))
    batch = torch.stack(rows)
    logits = model(batch[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
torch.save({"config": CONFIG, "state_dict": model.state_dict()}, "checkpoint.pt")
