"""The base model's family: a small character-level GPT (decoder-only transformer).

Do not change this file: the checkpoint you submit is loaded by this exact code, with the exact
CONFIG below (same shape as base.pt). Also here: the tokenizer (encode/decode), greedy decoding
and the loader the grader uses.
"""

import torch
from torch import nn
from torch.nn import functional as F

ALPHABET = list("\n !,.:;?0123456789+=abcdefghijklmnopqrstuvwxyz")
CONFIG = {"vocab": len(ALPHABET), "context": 64, "width": 96, "layers": 3, "heads": 4}
END = "\n"  # an answer ends with a newline


class GPT(nn.Module):
    """p(next character | previous characters), up to `context` characters."""

    def __init__(self, vocab: int, context: int, width: int, layers: int, heads: int):
        super().__init__()
        self.context = context
        self.token = nn.Embedding(vocab, width)
        self.position = nn.Embedding(context, width)
        self.blocks = nn.Sequential(*(Block(width, heads) for _ in range(layers)))
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab, bias=False)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """ids: (batch, length <= context) -> logits (batch, length, vocab)."""
        positions = torch.arange(ids.shape[1], device=ids.device)
        return self.head(self.norm(self.blocks(self.token(ids) + self.position(positions))))


class Block(nn.Module):
    """Pre-norm transformer block: causal self-attention, then an MLP."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.qkv, self.proj = nn.Linear(width, 3 * width), nn.Linear(width, width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(width, dim=2)
        q, k, v = (t.view(batch, length, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        attended = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(attended.transpose(1, 2).reshape(batch, length, width))
        return x + self.mlp(self.norm2(x))


def encode(text: str) -> torch.Tensor:
    """Characters -> ids; a character outside ALPHABET is an error."""
    index = {c: i for i, c in enumerate(ALPHABET)}
    return torch.tensor([index[c] for c in text], dtype=torch.long)


def decode(ids) -> str:
    """Ids -> characters, the inverse of encode."""
    return "".join(ALPHABET[int(i)] for i in ids)


@torch.no_grad()
def complete(model: GPT, prompts: list[str], max_new: int = 8) -> list[str]:
    """Greedy continuation of each prompt, up to END or `max_new` characters: the text before END.

    A continuation that never reaches END gets a trailing '~', so it can never equal an answer.
    Prompts are decoded in batches of equal length (no padding, so nothing shifts a position).
    """
    answers: dict[int, str] = {}
    for length in sorted({len(p) for p in prompts}):
        rows = [i for i, p in enumerate(prompts) if len(p) == length]
        ids = torch.stack([encode(prompts[i]) for i in rows])
        texts = [""] * len(rows)
        done = [False] * len(rows)
        for _ in range(max_new):
            next_ids = model(ids[:, -model.context :])[:, -1].argmax(-1)
            for k, token in enumerate(next_ids.tolist()):
                if not done[k]:
                    done[k] = ALPHABET[token] == END
                    texts[k] += "" if done[k] else ALPHABET[token]
            if all(done):
                break
            ids = torch.cat([ids, next_ids[:, None]], dim=1)
        answers.update({i: text if finished else text + "~" for i, text, finished in zip(rows, texts, done)})
    return [answers[i] for i in range(len(prompts))]


@torch.no_grad()
def text_loss(model: GPT, text: str) -> float:
    """General ability: mean next-character cross-entropy (nats per character) of `text`, read in
    consecutive windows of `context + 1` characters (a tail shorter than that is dropped)."""
    ids = encode(text)
    size = model.context + 1
    windows = ids[: len(ids) // size * size].view(-1, size)
    logits = model(windows[:, :-1])
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), windows[:, 1:].reshape(-1)).item()


def load_checkpoint(path: str) -> GPT:
    """Load {'config': CONFIG, 'state_dict': {...}}: the config must be exactly CONFIG."""
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    if checkpoint.get("config") != CONFIG:
        raise ValueError(f"config must be exactly {CONFIG}, got {checkpoint.get('config')!r}")
    model = GPT(**CONFIG)
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()
