"""Ordinary Inspect tasks in other styles than ours, run on scripted models, for the report to read.

None of them knows OpenIntern: letter grades from `match()`/`includes()`, multiple choice with
`choice()`, a react agent graded by `includes()`, several scorers on one task, a dict-valued score,
samples that error and samples stopped by a limit; and two named agents on the same samples.
"""

from pathlib import Path

from inspect_ai import Task, eval, task
from inspect_ai.agent import react
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.log import EvalLog
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import Score, Target, choice, includes, match, mean, scorer
from inspect_ai.solver import Generate, TaskState, generate, multiple_choice, solver

QUESTIONS = [("2+2?", "4"), ("Capital of France?", "Paris"), ("3*3?", "9"), ("Largest planet?", "Jupiter")]


def _output(reply: str | ModelOutput) -> ModelOutput:
    output = reply if isinstance(reply, ModelOutput) else ModelOutput.from_content("mockllm/model", reply)
    output.usage = ModelUsage(input_tokens=20, output_tokens=5, total_tokens=25)  # else tiktoken downloads
    return output


def _model(replies: list[str | ModelOutput]):
    """A scripted model that answers with the replies in turn (then repeats the last)."""
    outputs = [_output(reply) for reply in replies]
    return get_model("mockllm/model", custom_outputs=outputs + [outputs[-1]] * 200)


def _submit(answer: str) -> ModelOutput:
    return ModelOutput.for_tool_call("mockllm/model", "submit", {"answer": answer})


@task
def qa_match_includes() -> Task:
    """Two scorers on one task: match() and includes(), each a letter grade (C/I)."""
    return Task(
        dataset=MemoryDataset([Sample(input=q, target=a, id=i) for i, (q, a) in enumerate(QUESTIONS)]),
        solver=generate(),
        scorer=[match(), includes()],
    )


@task
def multiple_choice_task() -> Task:
    samples = [
        Sample(input="Which is a prime?", choices=["4", "6", "7", "8"], target="C", id="p"),
        Sample(input="Which is even?", choices=["3", "5", "8", "9"], target="C", id="e"),
    ]
    return Task(dataset=MemoryDataset(samples), solver=multiple_choice(), scorer=choice())


@task
def react_includes() -> Task:
    """A react agent: the first two samples submit, the last keeps talking until the message limit."""
    return Task(
        dataset=MemoryDataset([Sample(input=q, target=a, id=i) for i, (q, a) in enumerate(QUESTIONS[:3])]),
        solver=react(tools=[]),
        scorer=includes(),
        message_limit=6,
    )


@scorer(metrics={"recall": [mean()], "precision": [mean()]})
def two_numbers():
    async def score(state: TaskState, target: Target) -> Score:
        said = state.output.completion
        return Score(
            value={"recall": float(target.text in said), "precision": 0.5 if target.text in said else 0.0}
        )

    return score


@task
def dict_scored() -> Task:
    return Task(
        dataset=MemoryDataset([Sample(input=q, target=a, id=i) for i, (q, a) in enumerate(QUESTIONS)]),
        solver=generate(),
        scorer=two_numbers(),
    )


@solver
def fails_on_odd():
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if int(state.sample_id) % 2:
            raise RuntimeError(f"solver crashed on sample {state.sample_id}")
        return await generate(state)

    return solve


@task
def errors_and_limits() -> Task:
    """Samples 1 and 3 error (the run goes on: fail_on_error=False)."""
    return Task(
        dataset=MemoryDataset([Sample(input=q, target=a, id=i) for i, (q, a) in enumerate(QUESTIONS)]),
        solver=fails_on_odd(),
        scorer=match(),
        fail_on_error=False,
    )


@task
def paired_qa(agent: str) -> Task:
    """Six questions scored by includes(), for two named agents on the same samples (see run_paired)."""
    samples = [Sample(input=f"Say {i}", target=str(i), id=f"q{i}") for i in range(6)]
    return Task(
        dataset=MemoryDataset(samples), solver=generate(), scorer=includes(), metadata={"agent": agent}
    )


def run_paired(log_dir: Path) -> dict[str, EvalLog]:
    """Agents 'alpha' and 'beta' on the same six samples x 3 epochs; beta answers right more often."""
    answers = {
        "alpha": ["0", "x", "2", "x", "x", "x", "x", "1", "x", "x", "x", "x", "0", "x", "x", "3", "x", "x"],
        "beta": ["0", "1", "2", "x", "4", "x", "0", "1", "x", "3", "x", "5", "0", "x", "2", "3", "4", "x"],
    }
    logs = {}
    for agent, replies in answers.items():
        [log] = eval(
            paired_qa(agent),
            model=_model(replies),
            log_dir=str(log_dir),
            epochs=3,
            display="none",
            max_samples=1,
        )
        logs[agent] = log
    return logs


def run_foreign(log_dir: Path) -> dict[str, EvalLog]:
    """Run every task above on a scripted model into log_dir; return the logs by task name."""
    runs = {
        "qa_match_includes": (qa_match_includes(), ["4", "It is Paris.", "I think 10", "Saturn"], 1),
        "multiple_choice_task": (multiple_choice_task(), ["ANSWER: C", "ANSWER: A"], 2),
        "react_includes": (react_includes(), [_submit("4"), _submit("Lyon"), "Let me think."], 1),
        "dict_scored": (dict_scored(), ["4", "Paris", "10", "Mars"], 1),
        "errors_and_limits": (errors_and_limits(), ["4", "4", "9", "9"], 1),
    }
    logs = {}
    for name, (the_task, replies, epochs) in runs.items():
        [log] = eval(
            the_task,
            model=_model(replies),
            log_dir=str(log_dir),
            epochs=epochs,
            display="none",
            max_samples=1,
        )
        logs[name] = log
    return logs
