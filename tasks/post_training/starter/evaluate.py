"""Score a checkpoint the way the grader does, on the public dev set and held-out text.

Usage: python3 evaluate.py checkpoint.pt    (prints one JSON line)

- skill accuracy: exact match of the greedy completion of each dev prompt, read up to the first
  newline (a completion that never ends in a newline is wrong);
- text loss: nats per character on valid.txt, next to base.pt's on the same text. The grader uses
  fresh problems and fresh text of the same kinds, drawn when you have finished.
"""

import json
import sys

from model import complete, load_checkpoint, text_loss


def skill_accuracy(model, path: str = "dev.jsonl") -> float:
    items = [json.loads(line) for line in open(path)]
    answers = complete(model, [item["prompt"] for item in items])
    return sum(a == item["answer"] for a, item in zip(answers, items)) / len(items)


if __name__ == "__main__":
    valid = open("valid.txt").read()
    model, base = load_checkpoint(sys.argv[1]), load_checkpoint("base.pt")
    report = {
        "skill_accuracy": skill_accuracy(model),
        "base_skill_accuracy": skill_accuracy(base),
        "text_loss": round(text_loss(model, valid), 4),
        "base_text_loss": round(text_loss(base, valid), 4),
    }
    print(json.dumps(report))
