"""Instance generator for char_lm_scaling_gpu: text from a hidden neural source (a random "teacher"
network), so the floor no model can beat is the teacher's own cross-entropy, known exactly.

The teacher is a two-layer tanh MLP over the previous CONTEXT characters, drawn per seed, sampled at
a low temperature: text with long, learnable structure that a small model or a short context cannot
capture. build() writes the training and validation text and the fixed model code; the grader draws
fresh text from the same teacher at scoring time.
"""

import shutil
from pathlib import Path

ALPHABET = list("abcdefghijklmnop")
CONTEXT, EMBED, HIDDEN, TEMPERATURE = 10, 16, 128, 0.3
TRAIN_STREAMS, VALID_STREAMS, STREAM_LENGTH = 16_000, 400, 300


def teacher(seed: int):
    """The hidden source: next-character logits from the previous CONTEXT character ids."""
    import torch

    g = torch.Generator().manual_seed(seed * 7919 + 17)
    v = len(ALPHABET)
    embedding = torch.randn(v, EMBED, generator=g)
    w1 = torch.randn(CONTEXT * EMBED, HIDDEN, generator=g) * (2.0 / (CONTEXT * EMBED) ** 0.5)
    w2 = torch.randn(HIDDEN, HIDDEN, generator=g) * (2.0 / HIDDEN**0.5)
    w3 = torch.randn(HIDDEN, v, generator=g) / HIDDEN**0.5

    def logits(context):
        hidden = torch.tanh(torch.tanh(embedding[context].flatten(1) @ w1) @ w2)
        return hidden @ w3 / TEMPERATURE

    return logits


def sample_streams(seed: int, streams: int, length: int, draw: int):
    """`streams` independent texts of `length` ids each (a LongTensor), sampled from the teacher."""
    import torch

    logits = teacher(seed)
    g = torch.Generator().manual_seed(draw)
    context = torch.randint(0, len(ALPHABET), (streams, CONTEXT), generator=g)
    out = torch.empty(streams, length, dtype=torch.long)
    with torch.no_grad():
        for t in range(length):
            nxt = torch.multinomial(torch.softmax(logits(context), -1), 1, generator=g)
            out[:, t] = nxt[:, 0]
            context = torch.cat([context[:, 1:], nxt], 1)
    return out


def teacher_bits(seed: int, ids, first: int) -> float:
    """The teacher's own cross-entropy (bits per character) on ids[:, first:] (first >= CONTEXT)."""
    import math

    import torch
    import torch.nn.functional as F

    windows = ids.unfold(1, CONTEXT + 1, 1)[:, first - CONTEXT :]
    context, target = windows[..., :-1].reshape(-1, CONTEXT), windows[..., -1].reshape(-1)
    with torch.no_grad():
        return F.cross_entropy(teacher(seed)(context), target).item() / math.log(2)


def to_text(ids) -> str:
    """One stream per line: a line break is never a character of the text."""
    return "\n".join("".join(ALPHABET[i] for i in row) for row in ids.tolist()) + "\n"


def build(seed: int, workspace: Path, hidden: Path) -> None:
    import torch

    torch.set_num_threads(1)
    (workspace / "train.txt").write_text(
        to_text(sample_streams(seed, TRAIN_STREAMS, STREAM_LENGTH, seed * 2 + 1))
    )
    (workspace / "valid.txt").write_text(
        to_text(sample_streams(seed, VALID_STREAMS, STREAM_LENGTH, seed * 2 + 2))
    )
    for name in ("model.py", "train.py"):
        shutil.copy(Path(__file__).parent / "starter" / name, workspace / name)
