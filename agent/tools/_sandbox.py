"""Run one of the helper scripts in helpers/ inside the sandbox and return its message for the model.

The research tools do their work where the files are: in the sandbox, with the sandbox's own Python
(a login shell, like the bash and python tools, so it is the interpreter the model's scripts get).
A helper is sent on standard input (`python3 - ARGS_JSON`), so nothing is written into the workspace
and the openintern package need not be installed there. A helper prints the message for the model;
anything that goes wrong, including the helper itself failing, comes back as a short message rather
than an exception, because an exception in a tool ends the sample.
"""

import json
from pathlib import Path
from typing import Any

from inspect_ai.util import sandbox

__all__ = ["run_helper"]

HELPERS_DIR = Path(__file__).parent / "helpers"


def _last_lines(text: str, count: int) -> str:
    return "\n".join(text.strip().splitlines()[-count:])


async def run_helper(name: str, args: dict[str, Any], timeout: int) -> str:
    """Run helpers/<name>.py in the sandbox with `args`; its output, or why it failed.

    Args:
        name: Helper script name without .py.
        args: JSON-serialisable arguments, passed as one argv item.
        timeout: Seconds before the helper is stopped.
    """
    source = (HELPERS_DIR / f"{name}.py").read_text()
    command = ["bash", "--login", "-c", 'exec python3 - "$@"', name, json.dumps(args)]
    try:
        result = await sandbox().exec(command, input=source, timeout=timeout)
    except TimeoutError:
        return f"The {name} tool was stopped after {timeout} s without finishing."
    if result.returncode != 0:
        # A helper reports expected problems on stdout and exits 0; this is a crash (or no python3).
        detail = _last_lines(result.stderr or result.stdout, 3) or f"exit code {result.returncode}"
        return f"The {name} tool failed: {detail}"
    return result.stdout.rstrip() or f"The {name} tool produced no output."
