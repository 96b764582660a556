"""The model family for this task: a character-level MLP language model over a fixed context window.

Do not change this file's architecture: the checkpoint is loaded by this exact code. Choose the
hyperparameters in the checkpoint's config (within the bounds below) and how the model is trained.
"""

import torch
from torch import nn

ALPHABET = list("abcdefghijklmnop")
BOUNDS = {"context": (1, 32), "embed": (1, 64), "hidden": (1, 2048), "layers": (1, 4)}
MAX_PARAMETERS = 8_000_000


class CharMLP(nn.Module):
    """p(next char | previous `context` chars): embeddings, concatenated, then an MLP."""

    def __init__(self, context: int, embed: int, hidden: int, layers: int):
        super().__init__()
        self.context = context
        self.embedding = nn.Embedding(len(ALPHABET), embed)
        blocks, width = [], context * embed
        for _ in range(layers):
            blocks += [nn.Linear(width, hidden), nn.GELU()]
            width = hidden
        self.mlp = nn.Sequential(*blocks, nn.Linear(width, len(ALPHABET)))

    def forward(self, windows: torch.Tensor) -> torch.Tensor:
        """windows: (batch, context) symbol ids -> (batch, vocab) logits for the next symbol."""
        return self.mlp(self.embedding(windows).flatten(1))


def encode(text: str) -> torch.Tensor:
    """A text file of equally long lines (one independent stream each) -> (streams, length) ids."""
    index = {c: i for i, c in enumerate(ALPHABET)}
    lines = text.split()
    return torch.tensor([[index[c] for c in line] for line in lines], dtype=torch.long)


def windows(ids: torch.Tensor, context: int, first: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """All (previous `context` ids, next id) pairs inside each stream of `ids` (streams, length),
    predicting the positions from `first` on (default: `context`, the first with a full window)."""
    first = context if first is None else first
    pairs = ids.unfold(1, context + 1, 1)[:, first - context :]
    return pairs[..., :-1].reshape(-1, context), pairs[..., -1].reshape(-1)


def load_checkpoint(path: str) -> CharMLP:
    """Load {'config': {...}, 'state_dict': {...}}, checking the config against BOUNDS."""
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    config = checkpoint["config"]
    for key, (low, high) in BOUNDS.items():
        if not isinstance(config.get(key), int) or not low <= config[key] <= high:
            raise ValueError(f"config['{key}'] must be an int in [{low}, {high}], got {config.get(key)!r}")
    model = CharMLP(**{key: config[key] for key in BOUNDS})
    if sum(p.numel() for p in model.parameters()) > MAX_PARAMETERS:
        raise ValueError(f"the model has more than {MAX_PARAMETERS} parameters")
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()
