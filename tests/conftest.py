"""Shared fixtures: scripted models and real Inspect runs of the demo task, made once per session."""

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ModelOutput, ModelUsage, get_model

from evals.run import run_matrix
from evals.taskload import build_task

USAGE = ModelUsage(input_tokens=100, output_tokens=20, total_tokens=120)

# Python the scripted agent sends through the real `python` tool: a QR solve of the Longley regression.
LONGLEY_SOLVE = """
import json
import numpy as np, pandas as pd
d = pd.read_csv("longley.csv")
names = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
X = np.column_stack([np.ones(len(d))] + [d[c].to_numpy(float) for c in names]); y = d["TOTEMP"].to_numpy(float)
q, r = np.linalg.qr(X); b = np.linalg.solve(r, q.T @ y); e = y - X @ b; s2 = e @ e / (len(y) - X.shape[1])
se = np.sqrt(s2 * np.sum(np.linalg.inv(r) ** 2, axis=1)); keys = ["const"] + names
json.dump({"coefficients": dict(zip(keys, b.tolist())), "std_errors": dict(zip(keys, se.tolist())),
           "residual_sd": float(np.sqrt(s2)), "r_squared": float(1 - e @ e / np.sum((y - y.mean()) ** 2))},
          open("results.json", "w"))
print("wrote results.json", b[0])
"""


@pytest.fixture(autouse=True, scope="session")
def _llama_states_in_a_temporary_folder(tmp_path_factory):
    """The embedded model's on-disk prefix states (evals/embedded_cache.py) go to a folder of this
    session, not the user's ~/.cache: tests neither depend on nor push out what a user's runs kept.
    Subprocesses the tests start inherit it."""
    folder = tmp_path_factory.mktemp("llama-states")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENINTERN_LLAMA_STATES", str(folder))
        yield folder


def scripted(*steps: tuple[str, dict] | str):
    """A stateless mockllm script: step i answers the model's i-th turn of a sample.

    Each step is (tool_name, arguments) for a tool call or a string for a plain message. Works with
    epochs and parallel samples because the turn index is read from the conversation itself.
    """

    def respond(input, tools, tool_choice, config) -> ModelOutput:
        turn = sum(1 for m in input if m.role == "assistant")
        step = steps[min(turn, len(steps) - 1)]
        return text_reply(step) if isinstance(step, str) else tool_call(step[0], **step[1])

    return respond


def tool_call(function: str, **arguments) -> ModelOutput:
    """A scripted model output that calls one tool."""
    output = ModelOutput.for_tool_call("mockllm/model", function, arguments)
    output.usage = USAGE  # without usage, mockllm counts tokens with tiktoken, which downloads
    return output


def text_reply(text: str) -> ModelOutput:
    """A scripted model output that only says `text`."""
    output = ModelOutput.from_content("mockllm/model", text)
    output.usage = USAGE
    return output


def scripted_model(*steps):
    return get_model("mockllm/model", custom_outputs=scripted(*steps), memoize=False)


SOLVING_SCRIPT = (
    ("bash", {"command": "ls -la && head -3 longley.csv && find . -type f | sort"}),
    ("python", {"code": LONGLEY_SOLVE}),
    ("submit", {"summary": "Fitted the Longley OLS by QR in float64; numbers in results.json."}),
)


@pytest.fixture(scope="session")
def solved_log(tmp_path_factory) -> EvalLog:
    """research_agent on longley_ols with a scripted model that solves it through real tool calls."""
    from agent import research_agent

    log_dir = tmp_path_factory.mktemp("solved")
    [log] = inspect_eval(
        build_task("longley_ols", solver=research_agent()),
        model=scripted_model(*SOLVING_SCRIPT),
        log_dir=str(log_dir),
        display="none",
    )
    return log


@pytest.fixture(scope="session")
def sanity_logs(tmp_path_factory) -> tuple[Path, list[EvalLog]]:
    """oracle and null on longley_ols through the harness's own run path (eval_set)."""
    log_dir = tmp_path_factory.mktemp("logs") / "sanity-run"
    logs = run_matrix(["longley_ols"], ["oracle", "null"], "mockllm/model", log_dir)
    return log_dir, logs


def writes_files_then_submits(files: dict[str, str]):
    """A scripted model that writes `files` into the workspace with the python tool, then submits."""
    code = "\n".join(f"open({name!r}, 'w').write({text!r})" for name, text in files.items())
    return scripted_model(("python", {"code": code}), ("submit", {"summary": "done"}))


def run_scripted(task, model, log_dir) -> EvalLog:
    """One real Inspect run of research_agent on `task` with a scripted model; returns the log."""
    from agent import research_agent

    task.solver = research_agent()
    [log] = inspect_eval(task, model=model, log_dir=str(log_dir), display="none")
    return log


def sample_score(log: EvalLog):
    """The shared-shape Score of a one-sample log."""
    [sample] = log.samples
    return next(iter(sample.scores.values()))
