"""Synthetic Inspect logs for the report benchmark, written with Inspect's own log writer.

    .venv/bin/python -m evals.bench_logs 100000     # generate (or reuse) and print the folder

Each log is one agent x task, as `openintern run` writes them: the eval metadata (task id, version,
hash, tier, limits, sandbox, agent), one sample per instance seed and epoch, about 40 messages and
20 tool calls per sample with a model event per turn and a tool event per call, dict scores
{"score", "success"} with the raw metric in metadata, tokens and cost per model, total and working
time, and the endings a real run has: submitted, stopped by a limit, errored.

Building 100,000 samples from scratch is most of the cost, so each log builds a few trajectories and
writes copies of them with new ids, epochs, scores and usage; two processes write logs side by side.
The folder is cached under ~/.cache/openintern/bench-logs/<generator version>/ (the version is a hash
of this file and Inspect's version) and only regenerated when the generator changes.
"""

import asyncio
import hashlib
import json
import multiprocessing
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import inspect_ai
from inspect_ai.dataset import Sample
from inspect_ai.event import (
    ModelEvent,
    SampleInitEvent,
    SpanBeginEvent,
    SpanEndEvent,
    ToolEvent,
)
from inspect_ai.log import (
    EvalConfig,
    EvalDataset,
    EvalError,
    EvalLog,
    EvalMetric,
    EvalPlan,
    EvalPlanStep,
    EvalResults,
    EvalRevision,
    EvalSample,
    EvalSampleLimit,
    EvalSampleReductions,
    EvalSampleScore,
    EvalScore,
    EvalSpec,
    EvalStats,
    condense_sample,
)
from inspect_ai.log._recorders.eval import EvalRecorder
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageTool,
    ChatMessageUser,
    GenerateConfig,
    ModelOutput,
    ModelUsage,
)
from inspect_ai.scorer import Score
from inspect_ai.tool import ToolCall, ToolInfo, ToolParams
from inspect_ai.util import JSONSchema, SandboxEnvironmentSpec

AGENTS = ("research_agent", "react", "claude_code", "codex_cli")
SUBMITTING = ("research_agent", "react")  # the CLI scaffolds have no submit tool: they end with an answer
MODELS = ("vllm/Qwen/Qwen3-8B", "anthropic/claude-sonnet-4-5")
TASKS_PER_AGENT = 25  # 4 agents x 25 tasks = 100 logs
EPOCHS = 10
TURNS = 20  # tool calls per sample: 2 + 2 x 20 messages (system, user, each call and its result)
TEMPLATES = 6  # trajectories built per log; every sample-epoch is a copy of one of them
ERROR_EVERY = 50  # one sample-epoch in 50 errors (the 8th of each 50: small logs have one too)...
LIMIT_EVERY = 20  # ...and one in 20 is stopped by a limit (the 4th of each 20)
PRICES = {"vllm/Qwen/Qwen3-8B": (0.0, 0.0), "anthropic/claude-sonnet-4-5": (3e-6, 15e-6)}  # $/token in, out
CACHE = Path.home() / ".cache" / "openintern" / "bench-logs"
COMPLETE = "complete.json"
START = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Layout:
    """How many sample-epochs go where: agents x tasks logs, each of samples x epochs sample-epochs."""

    agents: int
    tasks: int
    samples: int
    epochs: int

    @property
    def sample_epochs(self) -> int:
        return self.agents * self.tasks * self.samples * self.epochs

    @property
    def logs(self) -> int:
        return self.agents * self.tasks


def layout_for(sample_epochs: int) -> Layout:
    """The benchmark's shape for about `sample_epochs`: 100 logs (4 agents x 25 tasks) of 10 epochs,
    the samples per log rounded so the total is the nearest multiple of 1,000 (at least 1,000)."""
    logs = len(AGENTS) * TASKS_PER_AGENT
    samples = max(1, round(sample_epochs / (logs * EPOCHS)))
    return Layout(len(AGENTS), TASKS_PER_AGENT, samples, EPOCHS)


def generator_version() -> str:
    """Changes whenever this file or Inspect's version does, so a cached folder is never stale."""
    digest = hashlib.sha256(Path(__file__).read_bytes() + inspect_ai.__version__.encode()).hexdigest()
    return digest[:12]


def _id(rng: random.Random) -> str:
    return "".join(rng.choices("23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", k=22))


def _text(rng: random.Random, words: int) -> str:
    """Filler prose of about `words` words: varied enough that compression is not unrealistically good."""
    vocabulary = (
        "the model data fit residual error seed value table column test train estimate variance "
        "coefficient sample result paper figure reproduce check run script output file loss metric "
        "mean standard deviation interval bootstrap grid search learning rate epoch batch split"
    ).split()
    return " ".join(
        rng.choice(vocabulary) + (str(rng.randint(0, 999)) if rng.random() < 0.1 else "")
        for _ in range(words)
    )


def _tools(submit: bool) -> list[ToolInfo]:
    """The tools an agent is offered: bash, python, a text editor, and submit where the scaffold has one
    (the CLI scaffolds end with a final answer instead)."""

    def tool(name: str, description: str, **fields: str) -> ToolInfo:
        properties = {field: JSONSchema(type="string", description=text) for field, text in fields.items()}
        return ToolInfo(
            name=name,
            description=description,
            parameters=ToolParams(properties=properties, required=list(fields)),
        )

    tools = [
        tool("bash", "Use this function to execute bash commands.", command="The bash command to execute."),
        tool("python", "Use this function to execute Python code.", code="The python code to execute."),
        tool(
            "text_editor", "View, create and edit files.", command="view|create|str_replace", path="A path."
        ),
    ]
    return (
        tools + [tool("submit", "Submit your answer and end the task.", summary="What you found.")] * submit
    )


@dataclass(frozen=True)
class Task:
    """One synthetic task: what the eval metadata and each sample's metadata say about it."""

    task_id: str
    version: str
    hash: str
    tier: str
    limits: dict[str, int]
    prompt: str


def _task(index: int) -> Task:
    rng = random.Random(f"task-{index}")
    task_id = f"bench_task_{index:02d}"
    tier = "sanity" if index % 10 == 9 else "core"  # a few sanity tasks, reported apart
    limits = {"time": 1800, "tokens": 500_000, "messages": 2 * TURNS + 4}
    prompt = f"# {task_id}\n\n" + _text(rng, 220) + "\n\nYou have at most $time_limit seconds."
    digest = hashlib.sha256(task_id.encode()).hexdigest()
    return Task(task_id, f"{1 + index % 3}-A", digest, tier, limits, prompt)


@dataclass
class _Transcript:
    """A trajectory being built: the conversation, the events, the model's usage and the clock."""

    model: str
    tools: list[ToolInfo]
    span: str
    messages: list[ChatMessage]
    events: list
    usage: ModelUsage
    clock: float = 0.0

    def generate(self, rng: random.Random, reply: ChatMessageAssistant) -> None:
        """A model event whose input is the conversation so far and whose output is `reply`."""
        reply = reply.model_copy(update={"model": self.model})
        output = rng.randint(40, 400)
        context = 800 + 150 * len(self.messages)
        usage = ModelUsage(input_tokens=context, output_tokens=output, total_tokens=context + output)
        seconds = rng.uniform(1.0, 8.0)
        self.events.append(
            ModelEvent(
                model=self.model,
                input=list(self.messages),
                tools=self.tools,
                tool_choice="auto",
                config=GenerateConfig(),
                output=ModelOutput.from_message(reply).model_copy(update={"usage": usage, "time": seconds}),
                span_id=self.span,
                working_start=self.clock,
                working_time=seconds,
            )
        )
        self.usage += usage
        self.clock += seconds
        self.messages.append(reply)

    def call(self, rng: random.Random, function: str) -> None:
        """One turn that calls a tool: the model event, then the tool event and its result message."""
        argument = {"bash": "command", "python": "code", "submit": "summary"}[function]
        call = ToolCall(id=f"call_{_id(rng)[:12]}", function=function, arguments={argument: _text(rng, 12)})
        self.generate(rng, ChatMessageAssistant(content=_text(rng, rng.randint(10, 60)), tool_calls=[call]))
        result = _text(rng, rng.randint(20, 200))
        message = ChatMessageTool(content=result, tool_call_id=call.id, function=function)
        self.events.append(
            ToolEvent(
                id=call.id,
                function=function,
                arguments=call.arguments,
                result=result,
                span_id=self.span,
                working_start=self.clock,
                working_time=0.3,
                message_id=message.id,
            )
        )
        self.clock += 0.3
        self.messages.append(message)


def _trajectory(rng: random.Random, task: Task, model: str, ending: str, submit: bool) -> _Transcript:
    """One sample's transcript: TURNS tool calls, the last a submit where the scaffold has one, else a
    final answer after them; a sample stopped by a limit never ends itself, an errored one stops early."""
    span = _id(rng)
    transcript = _Transcript(
        model=model,
        tools=_tools(submit),
        span=span,
        messages=[
            ChatMessageSystem(content="You are a careful research engineer. " + _text(rng, 120)),
            ChatMessageUser(
                content=task.prompt.replace("$time_limit", str(task.limits["time"])), source="input"
            ),
        ],
        events=[
            SpanBeginEvent(id=_id(rng), name="init", type="init"),
            SampleInitEvent(sample=Sample(input=task.prompt, id="template"), state={"messages": 2}),
            SpanBeginEvent(id=span, name="agent", type="agent"),
        ],
        usage=ModelUsage(),
    )
    turns = TURNS if ending != "error" else rng.randint(3, TURNS - 1)
    for turn in range(turns):
        last = turn == TURNS - 1 and ending == "submitted" and submit
        transcript.call(rng, "submit" if last else rng.choice(["bash", "python"]))
    if ending == "submitted" and not submit:
        transcript.generate(rng, ChatMessageAssistant(content="Done. " + _text(rng, 80)))
    transcript.events.append(SpanEndEvent(id=span))
    return transcript


def _score(rng: random.Random, skill: float) -> Score:
    """A harness score: {"score", "success"} with the raw metric in metadata, around the agent's skill."""
    score = min(1.0, max(0.0, rng.gauss(skill, 0.25)))
    success = float(score >= 0.8)
    metric = round(10 * score, 4)
    return Score(
        value={"score": round(score, 4), "success": success},
        explanation=f"min_lre {metric}: " + ("meets" if success else "below") + " the success threshold",
        metadata={"metric": metric, "metric_name": "min_lre"},
    )


def _limit(rng: random.Random, task: Task) -> EvalSampleLimit:
    """The limit that stopped a sample: any of the three a harness task sets."""
    kind = rng.choice(["message", "token", "time"])
    return EvalSampleLimit(
        type=kind,
        limit={
            "message": task.limits["messages"],
            "token": task.limits["tokens"],
            "time": task.limits["time"],
        }[kind],
    )


def _template(rng: random.Random, task: Task, model: str, ending: str, submit: bool) -> EvalSample:
    """One trajectory as an EvalSample, condensed as Inspect's writer condenses every sample (long text
    into attachments, model inputs into a message pool); copies of it become the log's sample-epochs."""
    transcript = _trajectory(rng, task, model, ending, submit)
    sample = EvalSample(
        id="template",
        epoch=1,
        input=task.prompt,
        target="",
        files=["paper.md", "data.csv"],
        messages=transcript.messages,
        output=next(e.output for e in reversed(transcript.events) if isinstance(e, ModelEvent)),
        events=transcript.events,
        store={"openintern:commands_deadline": 1500.0},
        model_usage={model: transcript.usage},
        working_time=round(transcript.clock, 3),
        total_time=round(transcript.clock * 1.05, 3),
        limit=_limit(rng, task) if ending == "limit" else None,
        error=(
            EvalError(
                message="RuntimeError: the sandbox stopped answering (exit 137)",
                traceback="Traceback (most recent call last):\n  ...\nRuntimeError: exit 137\n",
                traceback_ansi="RuntimeError: exit 137",
            )
            if ending == "error"
            else None
        ),
    )
    return condense_sample(sample)


def _sample_epoch(
    template: EvalSample, rng: random.Random, task: Task, model: str, seed: int, epoch: int, skill: float
) -> EvalSample:
    """A copy of a template with its own identity, score, usage and times; the trajectory is shared."""
    usage = template.model_usage[model]
    scale = rng.uniform(0.7, 1.3)
    input_tokens, output_tokens = int(usage.input_tokens * scale), int(usage.output_tokens * scale)
    price_in, price_out = PRICES[model]
    started = START + timedelta(seconds=rng.uniform(0, 86_400))
    scores = None
    if template.error is None:
        scores = {task.task_id: _score(rng, skill)}
    return template.model_copy(
        update={
            "id": f"{task.task_id}-{seed}",
            "epoch": epoch,
            "uuid": _id(rng),
            "scores": scores,
            "metadata": {
                "task_id": task.task_id,
                "task_version": task.version,
                "task_hash": task.hash,
                "seed": seed,
                "task_dir": f"/work/tasks/{task.task_id}",
            },
            "model_usage": {
                model: ModelUsage(
                    input_tokens=input_tokens,
                    output_tokens=output_tokens,
                    total_tokens=input_tokens + output_tokens,
                    total_cost=input_tokens * price_in + output_tokens * price_out,
                )
            },
            "total_time": round(template.total_time * scale, 3),
            "working_time": round(template.working_time * scale, 3),
            "started_at": started.isoformat(),
            "completed_at": (started + timedelta(seconds=template.total_time * scale)).isoformat(),
        }
    )


def _ending(index: int) -> str:
    """How the index-th sample-epoch of a log ends, on a fixed schedule: every log of four or more
    sample-epochs has a limit-stopped one, and every log of eight or more an errored one."""
    if index % ERROR_EVERY == 7:
        return "error"
    return "limit" if index % LIMIT_EVERY == 3 else "submitted"


def build_log(agent: str, task_index: int, layout: Layout) -> EvalLog:
    """The log of one agent on one task: layout.samples seeds x layout.epochs, header and results."""
    rng = random.Random(f"{agent}-{task_index}")
    task = _task(task_index)
    model = MODELS[AGENTS.index(agent) % len(MODELS)]
    skill = rng.uniform(0.2, 0.9)
    templates = {
        ending: [_template(rng, task, model, ending, agent in SUBMITTING) for _ in range(count)]
        for ending, count in (("submitted", TEMPLATES - 2), ("limit", 1), ("error", 1))
    }
    samples = []
    for seed in range(layout.samples):
        for epoch in range(1, layout.epochs + 1):
            template = rng.choice(templates[_ending(len(samples))])
            samples.append(_sample_epoch(template, rng, task, model, seed, epoch, skill))
    log = EvalLog(
        status="success",
        eval=_spec(rng, agent, task, model, layout),
        plan=EvalPlan(name="plan", steps=[EvalPlanStep(solver=agent)]),
        results=_results(task, samples),
        stats=_stats(samples, model),
        samples=samples,
    )
    # Set after: EvalLog's validator fails on reductions passed beside an EvalResults object.
    log.reductions = _reductions(task, samples)
    return log


def _spec(rng: random.Random, agent: str, task: Task, model: str, layout: Layout) -> EvalSpec:
    return EvalSpec(
        eval_set_id=_id(rng),
        eval_id=_id(rng),
        run_id="bench",
        created=START.isoformat(),
        task=task.task_id,
        task_id=_id(rng),
        task_version=task.version,
        dataset=EvalDataset(
            name=task.task_id,
            samples=layout.samples,
            sample_ids=[f"{task.task_id}-{seed}" for seed in range(layout.samples)],
        ),
        sandbox=SandboxEnvironmentSpec(type="openintern_bwrap"),
        model=model,
        config=EvalConfig(
            epochs=layout.epochs,
            message_limit=task.limits["messages"],
            token_limit=task.limits["tokens"],
            time_limit=task.limits["time"],
            max_samples=4,
        ),
        revision=EvalRevision(type="git", origin="", commit="0000000", dirty=False),
        packages={"inspect_ai": inspect_ai.__version__},
        metadata={
            "task_id": task.task_id,
            "task_version": task.version,
            "task_hash": task.hash,
            "category": "reproduction",
            "tier": task.tier,
            "limits": task.limits,
            "sandbox": "bwrap",
            "isolated": True,
            "agent": agent,
        },
    )


def _results(task: Task, samples: list[EvalSample]) -> EvalResults:
    """What Inspect's mean metric over the scored samples says, as a real log's header carries it."""
    values = [s.scores[task.task_id].value for s in samples if s.scores]
    metrics = {
        key: EvalMetric(name="mean", value=sum(v[key] for v in values) / max(1, len(values)))
        for key in ("score", "success")
    }
    return EvalResults(
        total_samples=len(samples),
        completed_samples=len(values),
        scores=[EvalScore(name=task.task_id, scorer=task.task_id, metrics=metrics)],
    )


def _reductions(task: Task, samples: list[EvalSample]) -> list[EvalSampleReductions]:
    """The epochs' mean per sample (Inspect's default reducer), as reductions.json carries it."""
    by_sample: dict[str, list[dict]] = {}
    for sample in samples:
        if sample.scores:
            by_sample.setdefault(str(sample.id), []).append(sample.scores[task.task_id].value)
    reduced = [
        EvalSampleScore(
            sample_id=sample_id,
            value={key: sum(v[key] for v in values) / len(values) for key in ("score", "success")},
        )
        for sample_id, values in by_sample.items()
    ]
    return [EvalSampleReductions(scorer=task.task_id, reducer="mean", samples=reduced)]


def _stats(samples: list[EvalSample], model: str) -> EvalStats:
    usage = ModelUsage()
    for sample in samples:
        usage += sample.model_usage[model]
    return EvalStats(started_at=START.isoformat(), completed_at=START.isoformat(), model_usage={model: usage})


async def _record(log: EvalLog, path: Path) -> None:
    """Write `log` with Inspect's own .eval recorder, each sample straight into the zip.

    What `write_eval_log` does, less its condensing of every sample again (the templates are condensed
    once; that pass is two thirds of write_eval_log's time here) and less holding every serialised
    sample until the end.
    """
    recorder = EvalRecorder(str(path.parent))
    await recorder.log_init(log.eval, str(path), clean=True)
    await recorder.log_start(log.eval, log.plan)
    for sample in log.samples or []:
        await recorder.log_sample(log.eval, sample, write_through=True)
    await recorder.log_finish(log.eval, log.status, log.stats, log.results, log.reductions)


def write_log(agent: str, task_index: int, layout: Layout, folder: Path) -> Path:
    """Build and write one log; returns its path (a process pool's unit of work)."""
    path = folder / f"2026-11-01T00-00-00-00-00_{agent}_bench-task-{task_index:02d}.eval"
    asyncio.run(_record(build_log(agent, task_index, layout), path))
    return path


def write_logs(folder: Path, layout: Layout, processes: int = 2) -> list[Path]:
    """Write layout.logs logs into folder, `processes` logs at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(agent, index) for agent in AGENTS[: layout.agents] for index in range(layout.tasks)]
    if processes <= 1:
        return [write_log(agent, index, layout, folder) for agent, index in jobs]
    # spawn, not fork: a forked copy of a process that has run Inspect's event loops is not safe
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(write_log, agent, index, layout, folder) for agent, index in jobs]
        return [future.result() for future in futures]


def bench_logs(layout: Layout, cache: Path = CACHE, processes: int = 2) -> Path:
    """The cached folder of `layout`'s logs, generated first if it is missing, incomplete (no
    complete.json: an interrupted generation) or from another generator version."""
    folder = cache / generator_version() / f"{layout.agents}x{layout.tasks}x{layout.samples}x{layout.epochs}"
    if not (folder / COMPLETE).is_file():
        for stale in folder.glob("*.eval"):
            stale.unlink()
        write_logs(folder, layout, processes)
        (folder / COMPLETE).write_text(
            json.dumps({"layout": layout.__dict__, "version": generator_version()})
        )
    return folder


if __name__ == "__main__":
    wanted = layout_for(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    folder = bench_logs(wanted, processes=os.cpu_count() or 2)
    print(f"{folder}: {wanted.logs} logs, {wanted.sample_epochs:,} sample-epochs")
