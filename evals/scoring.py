"""The one scorer every task uses: copy declared outputs out of the sandbox, run the hidden grader
on the host, normalise the raw metric into the shared score shape."""

import tempfile
from pathlib import Path

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from inspect_ai.util import sandbox

from evals.taskspec import TaskSpec, load_module
from tasks.grading import Grade, SubmissionError

__all__ = ["task_scorer"]


def _zero(reason: str, spec: TaskSpec) -> Score:
    return Score(
        value={"score": 0.0, "success": 0.0},
        explanation=reason,
        metadata={"metric": None, "metric_name": spec.scoring.metric},
    )


async def _copy_outputs(spec: TaskSpec, destination: Path) -> str | None:
    """Copy the files task.yaml lists under `outputs` to the host; return a reason if one is missing."""
    for name in spec.outputs:
        try:
            content = await sandbox().read_file(name, text=False)
        except FileNotFoundError:
            return f"missing output: the agent did not write {name}"
        except IsADirectoryError:
            return f"missing output: {name} is a directory, not a file"
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return None


def task_scorer(spec: TaskSpec, folder: Path) -> Scorer:
    """Build the scorer for one task; the grader module is imported once, on the host."""
    grader = load_module(folder / "grader" / "grade.py", f"openintern_grader_{spec.id}")

    @scorer(metrics={"score": [mean(), stderr()], "success": [mean()]}, name=spec.id)
    def shared_scorer() -> Scorer:
        async def score(state: TaskState, target: Target) -> Score:
            hidden = Path(state.metadata["hidden_dir"])
            with tempfile.TemporaryDirectory(prefix="openintern-outputs-") as tmp:
                outputs = Path(tmp)
                missing = await _copy_outputs(spec, outputs)
                if missing:
                    return _zero(missing, spec)
                try:
                    grade: Grade = grader.grade(outputs, hidden, state.metadata["seed"])
                except SubmissionError as error:
                    return _zero(f"malformed submission: {error}", spec)
            value, success = spec.scoring.normalise(grade.metric)
            return Score(
                value={"score": value, "success": float(success)},
                explanation=grade.explanation,
                metadata={"metric": grade.metric, "metric_name": spec.scoring.metric, **grade.details},
            )

        return score

    return shared_scorer()
