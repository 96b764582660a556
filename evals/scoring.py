"""The one scorer every task uses: copy declared outputs out of the sandbox, run a submitted
predictor on test data made now (predictor tasks), run the hidden grader on the host, and normalise
the raw metric into the shared score shape.

Submitted code runs sealed. Every process the agent left running is ended before any output is
read (nothing writes after submission). While a submitted predictor runs, the scoring folder on the
host (the fresh test set's labels, the hidden data, the outputs read so far) is held in memory and
on no filesystem at all; the predictor gets the test inputs only, copied into its sandbox, and is
compared with the labels after it has exited. On `bwrap` the host's folders are absent from the
sandbox anyway; on `local` this is what keeps fresh labels out of reach.

Every way a submission can fail (missing files, a malformed format, a predictor that crashes, hangs
or writes nothing) scores 0 with the reason as the explanation. A grader that raises anything but
`SubmissionError` has a bug, and that is not hidden.
"""

import asyncio
import contextlib
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path, PurePosixPath

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from inspect_ai.util import OutputLimitExceededError, sandbox

from evals.sandboxes import end_sandbox_processes
from evals.taskspec import Predictor, TaskSpec, TaskSpecError, load_module
from tasks.grading import Grade, SubmissionError

__all__ = ["task_scorer"]


class _Unscorable(Exception):
    """The agent's submission cannot be graded; the message is the score's explanation."""


def _zero(reason: str, spec: TaskSpec, extra: dict | None = None) -> Score:
    return Score(
        value={"score": 0.0, "success": 0.0},
        explanation=reason,
        metadata={"metric": None, "metric_name": spec.scoring.metric, **(extra or {})},
    )


MAX_OUTPUT_FILES = 1000


async def _copy_file(name: str, destination: Path) -> None:
    try:
        content = await sandbox().read_file(name, text=False)
    except FileNotFoundError as error:
        raise _Unscorable(f"missing output: the agent did not write {name}") from error
    except IsADirectoryError as error:
        raise _Unscorable(f"missing output: {name} is a directory, not a file") from error
    # The agent can make its own output unreadable (mode 000) or huge: a 0 with the reason, not an error.
    except PermissionError as error:
        raise _Unscorable(f"unreadable output: {name} cannot be read ({error})") from error
    except OutputLimitExceededError as error:
        raise _Unscorable(f"output too large: {name} ({error})") from error
    target = destination / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


async def _copy_outputs(spec: TaskSpec, destination: Path) -> None:
    """Copy what task.yaml lists under `outputs` to the host: files, or folders (names ending in '/')."""
    for name in spec.outputs:
        if not name.endswith("/"):
            await _copy_file(name, destination)
            continue
        # NUL-separated: a file name may hold a newline, and what follows it must never read as a path
        # (`x<newline>/tmp/f` would become the absolute /tmp/f, and `destination / "/tmp/f"` the host's).
        listing = await sandbox().exec(["find", name, "-type", "f", "-print0"])
        files = [entry for entry in listing.stdout.split("\0") if entry]
        if not listing.success or not files:
            raise _Unscorable(f"missing output: the agent did not write the folder {name}")
        if len(files) > MAX_OUTPUT_FILES:
            raise _Unscorable(f"output folder {name} holds {len(files)} files, more than {MAX_OUTPUT_FILES}")
        for file in files:
            if not PurePosixPath(file).is_relative_to(name) or ".." in PurePosixPath(file).parts:
                raise _Unscorable(f"output folder {name} lists a path outside it: {file!r}")
            await _copy_file(file, destination)


@contextlib.contextmanager
def _off_disk(folder: Path):
    """Hold every file under `folder` in memory, and none on disk, while the block runs."""
    held = {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    shutil.rmtree(folder)
    folder.mkdir()
    try:
        yield
    finally:
        for relative, content in held.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(content)


async def _run_predictor(
    predictor: Predictor, test_set: Path, outputs: Path, scoring_root: Path, save_as: str | None = None
) -> None:
    """Run the agent's predictor sealed: only the test inputs go in, the predictions come out, and
    nothing else from `scoring_root` (labels, hidden data) exists on disk while it runs."""
    box = sandbox()
    where = PurePosixPath(f".scoring-{secrets.token_hex(4)}")
    inputs = test_set / "inputs"
    files = {
        path.relative_to(inputs).as_posix(): path.read_bytes() for path in inputs.rglob("*") if path.is_file()
    }
    with _off_disk(scoring_root):
        for name, content in sorted(files.items()):
            await box.write_file(str(where / "inputs" / name), content)
        result = await _exec_predictor(predictor, where)
        # Whatever the predictor left running is ended before its predictions are read.
        await end_sandbox_processes()
        content = await _read_predictions(predictor, result, where)
    (outputs / (save_as or predictor.predictions)).write_bytes(content)


async def _exec_predictor(predictor: Predictor, where: PurePosixPath):
    box = sandbox()
    command = predictor.command.format(inputs=where / "inputs", predictions=where / predictor.predictions)
    try:
        # A login shell, like the agents' own tools: the predictor runs with the python3 it was built with.
        return await box.exec(["bash", "--login", "-c", command], timeout=predictor.timeout)
    except TimeoutError as error:
        raise _Unscorable(f"predictor did not finish within {predictor.timeout} s: {command}") from error


async def _read_predictions(predictor: Predictor, result, where: PurePosixPath) -> bytes:
    box = sandbox()
    try:
        if not result.success:
            tail = (result.stderr or result.stdout).strip()[-500:]
            raise _Unscorable(f"predictor failed (exit {result.returncode}): {tail}")
        try:
            return await box.read_file(str(where / predictor.predictions), text=False)
        except FileNotFoundError as error:
            raise _Unscorable(f"predictor ran but wrote no {predictor.predictions}") from error
        except (PermissionError, OutputLimitExceededError) as error:
            raise _Unscorable(f"cannot read the predictor's {predictor.predictions}: {error}") from error
    finally:
        await box.exec(["rm", "-rf", str(where)])


async def _starter_metric(
    predictor: Predictor, workspace: Path, test_set: Path, grader, hidden: Path, seed: int
) -> float:
    """The untouched workspace's predictor (the starter), run on the host on the same test set.

    Measured per test set, so a submission is compared with the starter on identical data and the
    null agent, which leaves the starter in place, scores exactly 0.
    """
    with tempfile.TemporaryDirectory(prefix="openintern-starter-") as tmp:
        run_dir, outputs = Path(tmp) / "workspace", Path(tmp) / "outputs"
        shutil.copytree(workspace, run_dir)
        outputs.mkdir()
        command = predictor.command.format(
            inputs=test_set / "inputs", predictions=outputs / predictor.predictions
        )
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        process = await asyncio.create_subprocess_exec(
            "bash",
            "-c",
            command,
            cwd=run_dir,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=predictor.timeout)
        if process.returncode != 0:  # the task's own starter is broken: a task bug, not the agent's
            raise RuntimeError(f"starter predictor failed on the host: {stderr.decode()[-1000:]}")
        return grader.grade(outputs, hidden, seed).metric


async def _run_on_fresh_data(
    spec: TaskSpec, grader, metadata: dict, hidden: Path, outputs: Path, extra: dict, scoring_root: Path
) -> None:
    """Draw the test set now; for predictor tasks, measure the starter on it and run the submission
    (and, where the task asks, run the submission on the workspace data too)."""
    # Drawn now, after the agent has finished: no submission can know this test set.
    extra["scoring_seed"] = secrets.randbelow(2**31)
    grader.make_test_set(hidden, metadata["seed"], extra["scoring_seed"], hidden / "test")
    if spec.predictor is None:
        return  # a checkpoint task: the grader evaluates the submitted files on the host
    if spec.predictor.starter_baseline:
        workspace = Path(metadata["workspace_dir"])
        extra["baseline_metric"] = await _starter_metric(
            spec.predictor, workspace, hidden / "test", grader, hidden, metadata["seed"]
        )
    await _run_predictor(spec.predictor, hidden / "test", outputs, scoring_root)
    if spec.predictor.own_run_input:
        own = hidden / "own_run"
        source = Path(metadata["workspace_dir"]) / spec.predictor.own_run_input
        (own / "inputs").mkdir(parents=True)
        shutil.copy(source, own / "inputs" / source.name)
        await _run_predictor(
            spec.predictor, own, outputs, scoring_root, save_as=f"own_{spec.predictor.predictions}"
        )


def task_scorer(spec: TaskSpec, folder: Path) -> Scorer:
    """Build the scorer for one task; the grader module is imported once, on the host."""
    grader = load_module(folder / "grader" / "grade.py", f"openintern_grader_{spec.id}")
    if spec.predictor and not hasattr(grader, "make_test_set"):
        raise TaskSpecError(f"{folder}/grader/grade.py: a predictor task needs make_test_set()")

    @scorer(metrics={"score": [mean(), stderr()], "success": [mean()]}, name=spec.id)
    def shared_scorer() -> Scorer:
        async def score(state: TaskState, target: Target) -> Score:
            seed = state.metadata["seed"]
            extra: dict = {}
            # Nothing the agent started may write after it has submitted.
            await end_sandbox_processes()
            with tempfile.TemporaryDirectory(prefix="openintern-scoring-") as tmp:
                outputs, hidden = Path(tmp) / "outputs", Path(tmp) / "hidden"
                outputs.mkdir()
                shutil.copytree(state.metadata["hidden_dir"], hidden)
                try:
                    await _copy_outputs(spec, outputs)
                    if hasattr(grader, "make_test_set"):
                        await _run_on_fresh_data(
                            spec, grader, state.metadata, hidden, outputs, extra, Path(tmp)
                        )
                    grade: Grade = grader.grade(outputs, hidden, seed)
                except _Unscorable as error:
                    return _zero(str(error), spec, extra)
                except SubmissionError as error:
                    return _zero(f"malformed submission: {error}", spec, extra)
            value, success = spec.scoring.normalise(grade.metric, extra.get("baseline_metric"))
            return Score(
                value={"score": value, "success": float(success)},
                explanation=grade.explanation,
                metadata={
                    "metric": grade.metric,
                    "metric_name": spec.scoring.metric,
                    **extra,
                    **grade.details,
                },
            )

        return score

    return shared_scorer()
