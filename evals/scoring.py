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
MAX_OUTPUT_BYTES = 512 * 2**20


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
        listing = await sandbox().exec(["find", name, "-type", "f", "-printf", "%s %p\\0"])
        entries = [entry.split(" ", 1) for entry in listing.stdout.split("\0") if entry]
        if not listing.success or not entries:
            raise _Unscorable(f"missing output: the agent did not write the folder {name}")
        if len(entries) > MAX_OUTPUT_FILES:
            raise _Unscorable(
                f"output folder {name} holds {len(entries)} files, more than {MAX_OUTPUT_FILES}"
            )
        # Apparent sizes: sparse files and hard links cost the sandbox nothing but would fill the host.
        size = sum(int(entry_size) for entry_size, _ in entries)
        if size > MAX_OUTPUT_BYTES:
            raise _Unscorable(
                f"output folder {name} holds {size / 2**20:.0f} MiB, more than {MAX_OUTPUT_BYTES >> 20} MiB"
            )
        for _, file in entries:
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


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, in memory."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


async def _run_predictor(predictor: Predictor, inputs: dict[str, bytes]) -> bytes:
    """Run the agent's predictor in its sandbox on `inputs` alone; return the predictions it wrote.

    Called only while the scoring folder is off disk (`_off_disk`): labels and hidden data are then
    in the scorer's memory and on no filesystem the predictor could search.
    """
    box = sandbox()
    where = PurePosixPath(f".scoring-{secrets.token_hex(4)}")
    for name, content in sorted(inputs.items()):
        await box.write_file(str(where / "inputs" / name), content)
    result = await _exec_predictor(predictor, where)
    # Whatever the predictor left running is ended before its predictions are read.
    await end_sandbox_processes()
    return await _read_predictions(predictor, result, where)


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


async def _run_starter(predictor: Predictor, workspace: Path, inputs: dict[str, bytes]) -> bytes:
    """The untouched workspace's predictor (the starter), run on the host on the same test inputs.

    Measured per test set, so a submission is compared with the starter on identical data and the
    null agent, which leaves the starter in place, scores exactly 0. The starter is the task's own
    code; it gets a folder holding the inputs only.
    """
    with tempfile.TemporaryDirectory(prefix="openintern-starter-") as tmp:
        run_dir, given, written = Path(tmp) / "workspace", Path(tmp) / "inputs", Path(tmp) / "predictions"
        shutil.copytree(workspace, run_dir)
        for name, content in inputs.items():
            (given / name).parent.mkdir(parents=True, exist_ok=True)
            (given / name).write_bytes(content)
        command = predictor.command.format(inputs=given, predictions=written)
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
        return written.read_bytes()


def _starter_metric(predictor: Predictor, predictions: bytes, grader, hidden: Path, seed: int) -> float:
    with tempfile.TemporaryDirectory(prefix="openintern-starter-") as tmp:
        (Path(tmp) / predictor.predictions).write_bytes(predictions)
        return grader.grade(Path(tmp), hidden, seed).metric


async def _run_on_fresh_data(
    spec: TaskSpec, grader, metadata: dict, hidden: Path, outputs: Path, extra: dict, scoring_root: Path
) -> None:
    """Draw the test set now; for predictor tasks, run the starter and the submission on its inputs
    (and, where the task asks, the submission on the workspace data too), all while every file of
    the scoring folder is off disk; grade the starter after."""
    # Drawn now, after the agent has finished: no submission can know this test set.
    extra["scoring_seed"] = secrets.randbelow(2**31)
    grader.make_test_set(hidden, metadata["seed"], extra["scoring_seed"], hidden / "test")
    predictor = spec.predictor
    if predictor is None:
        return  # a checkpoint task: the grader evaluates the submitted files on the host
    workspace = Path(metadata["workspace_dir"])
    inputs = _files(hidden / "test" / "inputs")
    with _off_disk(scoring_root):
        starter = await _run_starter(predictor, workspace, inputs) if predictor.starter_baseline else None
        predictions = await _run_predictor(predictor, inputs)
        if predictor.own_run_input:
            source = workspace / predictor.own_run_input
            own_predictions = await _run_predictor(predictor, {source.name: source.read_bytes()})
    (outputs / predictor.predictions).write_bytes(predictions)
    if predictor.own_run_input:
        (outputs / f"own_{predictor.predictions}").write_bytes(own_predictions)
    if starter is not None:
        extra["baseline_metric"] = _starter_metric(predictor, starter, grader, hidden, metadata["seed"])


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
                except (RecursionError, OverflowError):
                    # json.loads on an output nested deeper than Python's stack, or math on a number
                    # too large for a float (a 400-digit integer): the submission's doing, whichever
                    # grader read it (red teams, issue 12).
                    return _zero(
                        "malformed submission: an output is nested too deeply or holds a number too large "
                        "to read",
                        spec,
                        extra,
                    )
                except ValueError as error:
                    # Python refuses to parse an integer of more than 4,300 digits (a guard against
                    # quadratic parsing); any other ValueError is a grader bug and is not hidden.
                    if "integer string conversion" not in str(error):
                        raise
                    return _zero(
                        "malformed submission: an output holds an integer too long to read", spec, extra
                    )
            value, success = spec.scoring.normalise(grade.metric, extra.get("baseline_metric"), grade.best)
            if grade.best is not None:
                extra["best_metric"] = grade.best
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
