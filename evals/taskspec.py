"""task.yaml: the validated description of one task folder.

`load_spec(task_id)` is the single way the harness reads a task; every error it raises is one line
that names the file and the field to fix.
"""

import hashlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

import tasks as _tasks_package
from evals.yamlconfig import load_yaml_model

__all__ = [
    "MAX_SANITY_TASKS",
    "TASKS_DIR",
    "TaskSpec",
    "TaskSpecError",
    "UnknownTaskError",
    "content_hash",
    "list_task_ids",
    "load_module",
    "load_spec",
    "task_dir",
]

TASKS_DIR = Path(_tasks_package.__file__).parent

Category = Literal["reproduction", "training", "dataset", "discovery", "implement", "tuning"]

# `sanity` tasks: the obvious first attempt succeeds and the task cannot be made harder without losing
# what it tests. They are run and reported apart and never enter a headline score; at most this many.
# `gpu` tasks: the oracle needs a GPU to finish within the limits (resources.gpu: true); they are run
# apart too, and skipped with a message on a machine without one (evals/gpu.py).
Tier = Literal["core", "sanity", "gpu"]
MAX_SANITY_TASKS = 6


class TaskSpecError(ValueError):
    """A task folder or its task.yaml is malformed."""


class UnknownTaskError(KeyError):
    """No task folder has this id."""

    def __str__(self) -> str:  # KeyError quotes its message; a user wants plain text.
        return str(self.args[0])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    """Per-sample limits, the same for every agent."""

    time: int = Field(gt=0, description="Wall-clock seconds per sample.")
    tokens: int = Field(gt=0, description="Model tokens per sample.")
    messages: int = Field(gt=0, description="Conversation messages per sample.")


class Resources(_Strict):
    """What the sandbox is given."""

    cpus: float = Field(gt=0)
    memory: str = Field(pattern=r"^\d+[kmg]$", description="e.g. 2g")
    gpu: bool = False


class Scoring(_Strict):
    """How the raw metric becomes the shared score shape.

    score = clip((metric - baseline) / (reference - baseline), 0, 1); success = metric reaches
    success_threshold in the metric's direction. `reference` is the best achievable value where it is
    known (certified values, true parameters, a Bayes rate: a grader that computes it per test set
    returns it as Grade.best), else the reference solution's.
    """

    metric: str
    metric_description: str
    direction: Literal["higher", "lower"]
    baseline: float = Field(
        description="Metric of the null/starter baseline: score 0. Predictor tasks measure it per test set."
    )
    reference: float = Field(
        description="Score 1: the best achievable metric where known, else the reference solution's."
    )
    success_threshold: float

    @model_validator(mode="after")
    def _ordered(self) -> "Scoring":
        """baseline, success_threshold and reference in the metric's direction (score 0 < success <= 1)."""
        sign = 1 if self.direction == "higher" else -1
        if not sign * self.baseline < sign * self.success_threshold <= sign * self.reference:
            order = "<" if sign == 1 else ">"
            raise ValueError(
                f"needs baseline {order} success_threshold {order}= reference for a '{self.direction}' "
                f"metric, got {self.baseline}, {self.success_threshold}, {self.reference}"
            )
        return self

    def normalise(
        self, metric: float, baseline: float | None = None, reference: float | None = None
    ) -> tuple[float, bool]:
        """Map a raw metric to (score in [0, 1], success).

        `baseline` overrides the spec's for this sample: predictor tasks measure the starter on the
        very test set the submission faced, so the starter scores exactly 0. `reference` likewise: the
        best achievable metric on that test set, where the grader can compute it.
        """
        baseline = self.baseline if baseline is None else baseline
        reference = self.reference if reference is None else reference
        span = reference - baseline
        if not (span > 0 if self.direction == "higher" else span < 0):  # also 0 and NaN
            side = "above" if self.direction == "higher" else "below"
            raise ValueError(
                f"score 1 ({reference}) must lie {side} score 0 ({baseline}) for '{self.metric}': the "
                "grader's Grade.best or the task's scoring block is wrong"
            )
        score = (metric - baseline) / span
        if self.direction == "higher":
            success = metric >= self.success_threshold
        else:
            success = metric <= self.success_threshold
        return min(1.0, max(0.0, score)), success


class Predictor(_Strict):
    """A predictor the agent submits, run by the scorer inside the sandbox on test inputs it never saw.

    The grader's `make_test_set(hidden, seed, scoring_seed, directory)` writes the test inputs to
    `directory/inputs/` (copied into the sandbox) and anything else it needs, such as labels, beside
    it (kept on the host). The command gets `{inputs}` (the inputs folder) and `{predictions}` (the
    file it must write) filled in; the predictions come back to the host for `grade`.
    """

    command: str = Field(description="e.g. 'python3 predict.py {inputs} {predictions}'")
    predictions: str = Field(description="File name the predictor writes, e.g. predictions.csv")
    timeout: int = Field(gt=0, description="Seconds the predictor may run at scoring time.")
    own_run_input: str | None = Field(
        default=None,
        description="A workspace file the submitted code is also run on at scoring time (taken from the "
        "untouched workspace, saved as own_<predictions>), so the grader can check a number the agent "
        "reports against what its own code produces.",
    )
    starter_baseline: bool = Field(
        default=True,
        description="Score 0 = the workspace's starter predictor on the same test set (run on the host). "
        "False when the workspace has no starter: `scoring.baseline` is used.",
    )


class Provenance(_Strict):
    papers: list[str] = []
    data: list[str] = []
    licences: list[str] = Field(min_length=1)


class TaskSpec(_Strict):
    """The contents of tasks/<id>/task.yaml."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    category: Category
    tier: Tier = Field(
        default="core",
        description="'sanity': the naive attempt succeeds; 'gpu': the oracle needs a GPU (both reported "
        "apart, never in the core headline score).",
    )
    version: str = Field(description="'N-X': N changes when results stop being comparable, X the interface.")
    instances: list[int] = Field(min_length=1, description="Instance seeds, one sample each.")
    limits: Limits
    resources: Resources
    network: bool = False
    outputs: list[str] = Field(
        min_length=1, description="Files the agent must write, relative to the workspace."
    )
    predictor: Predictor | None = None
    scoring: Scoring
    provenance: Provenance
    not_enforced: list[str] = []

    @model_validator(mode="after")
    def _gpu_tier(self) -> "TaskSpec":
        """A task needs a GPU exactly when it is in the gpu tier: the suites and the skips go by either."""
        if (self.tier == "gpu") != self.resources.gpu:
            raise ValueError(
                f"tier is '{self.tier}' but resources.gpu is {str(self.resources.gpu).lower()}: a task whose "
                "oracle needs a GPU declares both `tier: gpu` and `resources: {gpu: true}`, any other neither"
            )
        return self

    @field_validator("version")
    @classmethod
    def _version_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[0-9]+-[A-Z]", value):
            raise ValueError(f"must look like '1-A' (N-X), got {value!r}")
        return value


def list_task_ids() -> list[str]:
    """Ids of every task folder (a folder with a task.yaml), sorted."""
    return sorted(p.parent.name for p in TASKS_DIR.glob("*/task.yaml"))


def task_dir(task_id: str) -> Path:
    """The folder of a task; raises UnknownTaskError with the known ids if there is none."""
    folder = TASKS_DIR / task_id
    if not (folder / "task.yaml").is_file():
        known = ", ".join(list_task_ids()) or "none"
        raise UnknownTaskError(
            f"unknown task '{task_id}': no {folder}/task.yaml. Known tasks: {known} "
            "(list them with `openintern tasks list`)"
        )
    return folder


def load_spec(task_id: str, folder: Path | None = None) -> TaskSpec:
    """Read and validate tasks/<task_id>/task.yaml; errors name the file and the field."""
    folder = folder or task_dir(task_id)
    path = folder / "task.yaml"
    spec = load_yaml_model(path, TaskSpec, TaskSpecError)
    if spec.id != folder.name:
        raise TaskSpecError(
            f"{path}: field 'id' is '{spec.id}' but the folder is '{folder.name}'; they must match"
        )
    for required in ("prompt.md", "grader/grade.py", "solution/solve.py", "naive/solve.py", "README.md"):
        if not (folder / required).exists():
            raise TaskSpecError(f"{folder}: missing {required} (see ARCHITECTURE.md, 'A task')")
    if not (folder / "workspace").is_dir() and not (folder / "generate.py").is_file():
        raise TaskSpecError(f"{folder}: needs a workspace/ folder or a generate.py")
    return spec


def content_hash(folder: Path) -> str:
    """sha256 over every file of a task folder (paths and bytes), caches excluded."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_module(path: Path, name: str) -> ModuleType:
    """Import a task's own Python file (grader, generator) by path, without touching sys.path."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise TaskSpecError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
