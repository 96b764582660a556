"""Grader for post_training: the submitted checkpoint's gain in addition accuracy over the base model,
on fresh problems, kept only while its general text loss stays near the base model's.

Both checkpoints are loaded on the host by the task's own model code (weights_only, config exactly
model.CONFIG) and scored on the same problems and the same text, drawn at scoring time from the
instance's generator: the base model's accuracy on them is score 0, 100% is score 1 (Grade.best).
"""

import json
import math
from pathlib import Path

import numpy as np

from tasks.grading import Grade, load_checkpoint, load_task_module

TASK = Path(__file__).parents[1]
generate = load_task_module(TASK / "generate.py", "post_training_generate")
model_code = generate.model_code
TEST_PROBLEMS, TEST_CHARS = 1000, 20_000
# Rise in text loss (nats per character) over the base model's: free up to TOLERANCE, then the gain
# shrinks linearly to nothing at CUTOFF (catastrophic forgetting costs the whole score).
TOLERANCE, CUTOFF = 0.05, 0.15


def make_test_set(hidden: Path, seed: int, scoring_seed: int, directory: Path) -> None:
    """Fresh problems and fresh text; nothing enters the sandbox (the checkpoint is graded here)."""
    directory.mkdir(parents=True)
    rng = np.random.default_rng([seed, scoring_seed, 4242])
    rows = [{"prompt": p, "answer": a} for p, a in generate.problems(rng, TEST_PROBLEMS)]
    (directory / "problems.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    (directory / "text.txt").write_text(generate.sample_text(seed, rng, TEST_CHARS))


def retention(rise: float) -> float:
    """Share of the accuracy gain kept for a text-loss rise of `rise` nats per character."""
    if not math.isfinite(rise):
        return 0.0
    return float(np.clip(1 - (rise - TOLERANCE) / (CUTOFF - TOLERANCE), 0.0, 1.0))


def evaluate(model, problems: list[dict], text: str) -> tuple[float, float]:
    """(exact-match accuracy of greedy completions, text loss in nats per character)."""
    answers = model_code.complete(model, [row["prompt"] for row in problems])
    accuracy = float(np.mean([given == row["answer"] for given, row in zip(answers, problems)]))
    return accuracy, model_code.text_loss(model, text)


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    model = load_checkpoint(model_code.load_checkpoint, outputs / "checkpoint.pt")
    base = model_code.load_checkpoint(str(hidden / "base.pt"))
    problems = [json.loads(line) for line in (hidden / "test" / "problems.jsonl").read_text().splitlines()]
    text = (hidden / "test" / "text.txt").read_text()
    accuracy, loss = evaluate(model, problems, text)
    base_accuracy, base_loss = evaluate(base, problems, text)
    kept = retention(loss - base_loss)
    gain = (accuracy - base_accuracy) * kept
    return Grade(
        metric=gain,
        explanation=(
            f"accuracy {accuracy:.1%} on {len(problems)} fresh problems (base model {base_accuracy:.1%}); "
            f"text loss {loss:.4f} nats/char (base {base_loss:.4f}, rise {loss - base_loss:+.4f}): "
            f"{kept:.0%} of the gain kept"
        ),
        details={
            "accuracy": accuracy,
            "base_accuracy": base_accuracy,
            "text_loss": loss,
            "base_text_loss": base_loss,
            "retention": kept,
        },
        best=1.0 - base_accuracy,
    )
