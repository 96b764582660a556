"""Scaffold ablation: research_agent against react on the same scripted "capable" trajectories.

No capable model runs here, so a scripted policy stands in for one. It works through a task in the
steps a strong model takes, with the time such steps take:

1. look around: two calls in one reply (list the files, look at the data);
2. a small sweep: three scripts with different settings that print the same validation number;
3. write its solution script (a large tool-call argument);
4. print a long log (a large output);
5. train: a run_experiment that sleeps `train_share` of the time limit, then runs the solution in a
   staging folder (a long tool call early in the budget);
6. copy the outputs into place and `submit`, in the same reply.

Every reply takes `generation_s` (an awaited sleep, as a model's latency would), and the policy
submits when it is offered `submit` alone. The solution it runs is the task's own reference solution
(solution/solve.py), so the trajectory solves the task whenever the scaffold lets it finish: a score
difference between the two agents is the scaffold's doing. What it does not show: how either
scaffold helps a real model find the solution; that needs a real model (see the README).

    python -m evals.ablation                      # longley_ols, digits_classifier, tabular_churn
    python -m evals.ablation --tasks longley_ols --time-limit 60 --train-share 0.3
"""

import argparse
import sys
from pathlib import Path

import anyio
import pandas as pd
from inspect_ai.log import EvalLog
from inspect_ai.model import Model, ModelOutput, ModelUsage, get_model
from inspect_ai.tool import ToolCall

from evals.run import IncompleteRunError, run_matrix
from evals.taskspec import TASKS_DIR
from reports.behaviour import behaviour_frame
from reports.frames import agent_name, samples_frame

__all__ = ["DEFAULT_TASKS", "ablation_table", "capable_policy", "markdown", "run_ablation"]

DEFAULT_TASKS = ["longley_ols", "digits_classifier", "tabular_churn"]
AGENTS = ["research_agent", "react"]
USAGE = ModelUsage(input_tokens=2_000, output_tokens=300, total_tokens=2_300)  # no tokenizer download
STAGE = ".stage"


def _reply(turn: int, *calls: tuple[str, dict]) -> ModelOutput:
    output = ModelOutput.for_tool_call("mockllm/capable", calls[0][0], calls[0][1])
    output.message.tool_calls = [
        ToolCall(id=f"call-{turn}-{index}", function=name, arguments=arguments)
        for index, (name, arguments) in enumerate(calls)
    ]
    output.usage = USAGE
    return output


def _submit(tools, text: str) -> tuple[str, dict]:
    """A call of whichever submit tool the scaffold offers (ours: a report; react's: an answer)."""
    [tool] = [t for t in tools if t.name == "submit"]
    return ("submit", {"summary": text} if "summary" in tool.parameters.properties else {"answer": text})


def capable_policy(task_id: str, time_limit: int, train_share: float, generation_s: float):
    """The scripted trajectory for `task_id` as a mockllm `custom_outputs` (stateless: the step is
    read from the conversation, so samples can run in parallel)."""
    solution = (TASKS_DIR / task_id / "solution" / "solve.py").read_text()
    train_s = int(train_share * time_limit)
    sweep = "import random; random.seed({k}); print('validation score 0.912')  # setting {k}"
    steps = [
        [("bash", {"command": "ls -la"}), ("bash", {"command": "head -c 1500 $(ls *.csv | head -1)"})],
        [("python", {"code": sweep.format(k=1)})],
        [("python", {"code": sweep.format(k=2)})],
        [("python", {"code": sweep.format(k=3)})],
        [
            (
                "bash",
                {
                    "command": f"mkdir -p {STAGE} && cat > {STAGE}/solve.py <<'EOF'\n{solution}\nEOF\necho saved"
                },
            )
        ],
        [("python", {"code": "for i in range(400): print(f'step {i:4d} loss {1 / (i + 1):.6f} lr 0.001')"})],
        [
            (
                "run_experiment",
                {
                    "command": f"sleep {train_s} && cd {STAGE} && cp -r ../* . && python3 solve.py",
                    "name": "train",
                    "time_limit": train_s + 120,
                },
            )
        ],
    ]

    async def respond(input, tools, tool_choice, config) -> ModelOutput:
        await anyio.sleep(generation_s)
        turn = sum(1 for m in input if m.role == "assistant")
        if [t.name for t in tools] == ["submit"]:  # the scaffold's forced final turn
            return _reply(turn, _submit(tools, "forced to hand in before the outputs were copied"))
        if turn < len(steps):
            return _reply(turn, *steps[turn])
        copy = ("bash", {"command": f"cd {STAGE} && cp -r $(ls | grep -v '^solve.py$') .. && cd .. && ls"})
        return _reply(
            turn, copy, _submit(tools, "trained the model; outputs copied into the working directory")
        )

    return respond


def _forced(sample) -> bool:
    """research_agent's forced final turn: a generation offered `submit` alone."""
    offered = [
        [tool.name for tool in (e.tools or [])] for e in sample.events if getattr(e, "event", None) == "model"
    ]
    return bool(offered) and offered[-1] == ["submit"] and any(len(names) > 1 for names in offered)


def ablation_table(logs: list[EvalLog]) -> pd.DataFrame:
    """One row per task x agent x sample: score, success, how the sample ended, wall time; read
    with the report's own frames, the submission split into the agent's own and a forced one."""
    keys = ["agent", "task", "sample_id", "epoch"]
    columns = ["task", "agent", "sample", "score", "success", "ended", "time_s", "log"]
    if not any(log.samples for log in logs):
        return pd.DataFrame(columns=columns)
    forced = {
        (agent_name(log), (s.metadata or {}).get("task_id", log.eval.task), s.id, s.epoch)
        for log in logs
        for s in log.samples or []
        if _forced(s)
    }
    table = samples_frame(logs).merge(behaviour_frame(logs)[[*keys, "ending"]], on=keys)
    own = table["ending"].map({"submit": "own submit"}).fillna(table["ending"])
    table["ended"] = [
        "forced submit" if key in forced else ending
        for key, ending in zip(table[keys].itertuples(index=False, name=None), own, strict=True)
    ]
    table = table.rename(columns={"sample_id": "sample"}).assign(
        success=table["success"].astype(int), time_s=table["time_s"].fillna(0.0).round(1)
    )
    return table[columns].sort_values(["task", "sample", "agent"]).reset_index(drop=True)


def markdown(table: pd.DataFrame) -> str:
    """The table as GitHub markdown."""
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)


def run_ablation(
    task_ids: list[str],
    log_dir: Path,
    time_limit: int = 150,
    train_share: float = 0.35,
    generation_s: float = 3.0,
    sandbox: str = "bwrap",
) -> pd.DataFrame:
    """Run both agents on each task's trajectory under the same limits; the table of results."""
    logs = []
    for task_id in task_ids:
        model: Model = get_model(
            "mockllm/capable",
            custom_outputs=capable_policy(task_id, time_limit, train_share, generation_s),
            memoize=False,
        )
        try:
            logs += run_matrix(
                [task_id],
                AGENTS,
                model,
                log_dir / task_id,
                sandbox=sandbox,
                time_limit=time_limit,
                message_limit=80,
                display="none",
            )
        except IncompleteRunError as error:  # errored samples are rows of the table, not a crash
            logs += error.logs
    return ablation_table(logs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.ablation", description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="+", default=DEFAULT_TASKS)
    parser.add_argument("--time-limit", type=int, default=150, help="seconds per sample, both agents")
    parser.add_argument("--train-share", type=float, default=0.35, help="training sleep, share of the limit")
    parser.add_argument("--generation-s", type=float, default=3.0, help="seconds each reply takes")
    parser.add_argument("--sandbox", default="bwrap")
    parser.add_argument("--log-dir", type=Path, default=Path("logs/ablation"))
    args = parser.parse_args(argv)
    table = run_ablation(
        args.tasks, args.log_dir, args.time_limit, args.train_share, args.generation_s, args.sandbox
    )
    print(markdown(table))
    # Predictor tasks draw a fresh test set for every scoring, so the two agents' scores of the same
    # submission differ by the draw: the verdict is on success; the scores are shown as they came.
    success = table.pivot_table(index=["task", "sample"], columns="agent", values="success")
    worse = success[success["research_agent"] < success["react"]]
    print(
        f"\nlogs: {args.log_dir}; research_agent below react in success on {len(worse)} of "
        f"{len(success)} samples (scores of predictor tasks differ by their scoring draws)"
    )
    return 1 if len(worse) else 0


if __name__ == "__main__":
    sys.exit(main())
