"""Instance generator for post_training: a per-seed synthetic language, a small GPT pretrained on it,
and the skill it lacks (addition written as `a+b=`, a format its pretraining text never shows).

build() pretrains the base model once per seed (about a minute on one core; the harness caches the
instance) and writes the workspace; the grader draws fresh problems and fresh text at scoring time.
"""

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

STARTER = Path(__file__).parent / "starter"
sys.path.insert(0, str(STARTER))
import model as model_code  # noqa: E402

sys.path.pop(0)

CONSONANTS, VOWELS = "bdfgklmnprstvz", "aeiou"
CORPUS_CHARS, VALID_CHARS = 400_000, 20_000
PRETRAIN_STEPS, BATCH, LEARNING_RATE = 800, 32, 3e-3
DEV_PROBLEMS, EXAMPLES, OPERAND_LIMIT = 100, 8, 100


def lexicon(seed: int) -> dict[str, list[str]]:
    """Made-up words for this seed's language: names, nouns, adjectives, places."""
    rng = np.random.default_rng([seed, 1212])
    words: set[str] = set()
    groups = {}
    for group, count in (("name", 24), ("noun", 32), ("adjective", 20), ("place", 16)):
        chosen = []
        while len(chosen) < count:
            syllables = rng.integers(1, 4)
            word = "".join(rng.choice(list(CONSONANTS)) + rng.choice(list(VOWELS)) for _ in range(syllables))
            if word not in words:
                words.add(word)
                chosen.append(word)
        groups[group] = chosen
    return groups


def number(rng: np.random.Generator) -> int:
    """0-999 with one, two and three digits equally likely."""
    digits = int(rng.integers(1, 4))
    return int(rng.integers(0 if digits == 1 else 10 ** (digits - 1), 10**digits))


def sentence(words: dict[str, list[str]], rng: np.random.Generator) -> str:
    """One sentence of the language; numbers appear in prose, never in a sum."""
    pick = {group: str(rng.choice(options)) for group, options in words.items()}
    other = {group: str(rng.choice(options)) for group, options in words.items()}
    n, m = number(rng), number(rng)
    templates = [
        f"{pick['name']} has {n} {pick['noun']}s.",
        f"{pick['name']} gave {n} {pick['noun']}s to {other['name']}.",
        f"the {pick['adjective']} {pick['noun']} of {pick['place']} is {other['adjective']}.",
        f"in {1000 + n} {pick['name']} went to {pick['place']}.",
        f"{pick['name']} counted {n} {pick['noun']}s and {m} {other['noun']}s.",
        f"is the {pick['noun']} {pick['adjective']}? yes, it is {pick['adjective']}.",
        f"at {pick['place']}, {pick['name']} and {other['name']} saw {n} {other['adjective']} {pick['noun']}s.",
        f"{pick['place']} lies {n} steps from {other['place']}; {pick['name']} walks there.",
    ]
    return templates[int(rng.integers(len(templates)))]


def sample_text(seed: int, rng: np.random.Generator, length: int) -> str:
    """Lines of one to three sentences, cut to `length` characters at a line end."""
    words, lines, size = lexicon(seed), [], 0
    while size < length:
        line = " ".join(sentence(words, rng) for _ in range(int(rng.integers(1, 4)))) + "\n"
        lines.append(line)
        size += len(line)
    return "".join(lines)[:length]


def problems(rng: np.random.Generator, count: int) -> list[tuple[str, str]]:
    """(prompt, answer) pairs of the skill: 'a+b=' -> the sum in digits, operands 0-99 uniform."""
    pairs = rng.integers(0, OPERAND_LIMIT, size=(count, 2)).tolist()
    return [(f"{a}+{b}=", str(a + b)) for a, b in pairs]


def pretrain(seed: int, text: str) -> dict[str, torch.Tensor]:
    """The base model: next-character prediction on the corpus, nothing else."""
    torch.manual_seed(seed)
    model = model_code.GPT(**model_code.CONFIG)
    ids = model_code.encode(text)
    context = model_code.CONFIG["context"]
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, LEARNING_RATE, total_steps=PRETRAIN_STEPS)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(PRETRAIN_STEPS):
        starts = torch.randint(0, len(ids) - context - 1, (BATCH,), generator=generator)
        batch = torch.stack([ids[s : s + context + 1] for s in starts.tolist()])
        logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
    return model.state_dict()


def build(seed: int, workspace: Path, hidden: Path) -> None:
    """Pretrain this seed's base model and write the workspace; hidden gets the grader's base copy."""
    torch.set_num_threads(1)
    corpus = sample_text(seed, np.random.default_rng([seed, 1]), CORPUS_CHARS)
    state = pretrain(seed, corpus)
    torch.save({"config": model_code.CONFIG, "state_dict": state}, workspace / "base.pt")
    # The grader's copy carries the seed too, so it is not byte-identical with the workspace's base.pt.
    torch.save({"config": model_code.CONFIG, "state_dict": state, "seed": seed}, hidden / "base.pt")
    (workspace / "corpus.txt").write_text(corpus)
    (workspace / "valid.txt").write_text(sample_text(seed, np.random.default_rng([seed, 2]), VALID_CHARS))
    dev = problems(np.random.default_rng([seed, 3]), DEV_PROBLEMS)
    (workspace / "dev.jsonl").write_text(
        "".join(json.dumps({"prompt": p, "answer": a}) + "\n" for p, a in dev)
    )
    examples = problems(np.random.default_rng([seed, 4]), EXAMPLES)
    (workspace / "examples.txt").write_text("".join(p + a + "\n" for p, a in examples))
    for name in ("model.py", "evaluate.py"):
        shutil.copy(STARTER / name, workspace / name)
