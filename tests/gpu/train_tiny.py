"""A tiny classifier trained on synthetic data, printing JSON-line metrics: the workload of the
run_experiment GPU check (tests/gpu/check_run_experiment.sh). Usage: python3 train_tiny.py cuda|cpu"""

import json
import sys
import time

import torch

device = sys.argv[1] if len(sys.argv) > 1 else "cuda"
torch.manual_seed(0)
x = torch.randn(200_000, 64, device=device)
y = (x[:, :8].sum(dim=1) > 0).long()
model = torch.nn.Sequential(torch.nn.Linear(64, 512), torch.nn.ReLU(), torch.nn.Linear(512, 2)).to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
for epoch in range(5):
    started = time.perf_counter()
    for batch in range(0, len(x), 1024):
        loss = torch.nn.functional.cross_entropy(model(x[batch : batch + 1024]), y[batch : batch + 1024])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if device == "cuda":
        torch.cuda.synchronize()
    accuracy = (model(x).argmax(dim=1) == y).float().mean().item()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "epoch": epoch,
                "loss": round(loss.item(), 4),
                "accuracy": round(accuracy, 4),
                "seconds_per_epoch": round(seconds, 3),
            }
        )
    )
print(f"trained on {torch.cuda.get_device_name() if device == 'cuda' else 'cpu'}")
