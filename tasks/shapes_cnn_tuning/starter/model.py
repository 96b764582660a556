"""The model family for this task: a small convolutional classifier of 16x16 images, 4 classes.

Do not change this file's architecture: the checkpoint is loaded by this exact code. Tune the
hyperparameters in the checkpoint's config (within the bounds below) and how it is trained.
"""

import torch
from torch import nn

BOUNDS = {"channels": (1, 32), "blocks": (1, 3), "hidden": (4, 256)}
MAX_PARAMETERS = 200_000


class ShapeCNN(nn.Module):
    """`blocks` x (3x3 conv, ReLU, 2x2 max-pool), doubling channels, then an MLP head."""

    def __init__(self, channels: int, blocks: int, hidden: int):
        super().__init__()
        layers, width, size = [], 1, 16
        for block in range(blocks):
            out = channels * 2**block
            layers += [nn.Conv2d(width, out, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
            width, size = out, size // 2
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(width * size * size, hidden), nn.ReLU(), nn.Linear(hidden, 4)
        )

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """images: (batch, 16, 16) -> (batch, 4) logits."""
        return self.head(self.features(images.unsqueeze(1)))


def load_checkpoint(path: str) -> ShapeCNN:
    """Load {'config': {...}, 'state_dict': {...}}, checking the config against BOUNDS."""
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    config = checkpoint["config"]
    for key, (low, high) in BOUNDS.items():
        if not isinstance(config.get(key), int) or not low <= config[key] <= high:
            raise ValueError(f"config['{key}'] must be an int in [{low}, {high}], got {config.get(key)!r}")
    model = ShapeCNN(**{key: config[key] for key in BOUNDS})
    if sum(p.numel() for p in model.parameters()) > MAX_PARAMETERS:
        raise ValueError(f"the model has more than {MAX_PARAMETERS} parameters")
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()
