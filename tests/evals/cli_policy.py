"""A scripted model that drives the Claude Code and Codex CLIs (through inspect-swe's bridge) to the
smoke suite's oracle answers: proof that a baseline is wired to the eval's model, the workspace and
the grader, not a capability claim.

The model knows the answer (each task's solution/solve.py) and sends it through whichever shell tool
the scaffold offers (Claude Code: `Bash`; Codex: `exec_command`), then ends with a message. Requests
without a shell tool (a CLI's side calls, such as titles) get a short text.
"""

from inspect_ai.model import ModelOutput

from evals.taskspec import task_dir
from tests.conftest import text_reply, tool_call

SHELL_TOOLS = {"Bash": "command", "exec_command": "cmd", "bash": "cmd", "shell": "command"}
# A file only that task's workspace holds -> the task (reaction_kinetics is the rest of smoke).
MARKERS = {"longley.csv": "longley_ols", "train.csv": "digits_classifier"}


def _solve_command() -> str:
    """One shell command that runs the right task's reference solution in the current directory."""
    lines = []
    for task in ("longley_ols", "digits_classifier", "reaction_kinetics"):
        script = (task_dir(task) / "solution" / "solve.py").read_text()
        lines.append(f"cat > /tmp/solve_{task}.py <<'OPENINTERN_EOF'\n{script}\nOPENINTERN_EOF")
    choose = "".join(f"if [ -f {marker} ]; then task={task}; el" for marker, task in MARKERS.items())
    lines.append(f"{choose}se task=reaction_kinetics; fi")
    lines.append('python3 /tmp/solve_$task.py && echo "solved $task"')
    return "\n".join(lines)


SOLVE = _solve_command()


# Codex's exec_command hands control back after `yield_time_ms` (10 s by default, at most 30 s) while
# the command runs on; a reference solution that takes longer on a loaded machine would be cut off.
WAIT_MS = {"yield_time_ms": 30_000}


def oracle_policy(input, tools, tool_choice, config) -> ModelOutput:
    """mockllm custom_outputs: run the answer once through the shell tool, then say it is done."""
    shell = next((tool for tool in tools if tool.name in SHELL_TOOLS), None)
    if shell is not None and not any(message.role == "tool" for message in input):
        wait = {key: value for key, value in WAIT_MS.items() if key in shell.parameters.properties}
        return tool_call(shell.name, **{SHELL_TOOLS[shell.name]: SOLVE}, **wait)
    return text_reply("Done: the outputs are written.")


__all__ = ["SOLVE", "oracle_policy"]
