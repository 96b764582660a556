"""The scaffold baselines: Claude Code and Codex CLI through inspect-swe, on the eval's own model.

    openintern run --suite smoke --agents research_agent react claude_code codex_cli --model ...
    python -m evals.baselines install        # what `make setup` runs: the pinned CLIs from npm

The CLIs are pinned here and nowhere else, installed from the npm registry into a project-local
folder (`.tools/`, or $OPENINTERN_TOOLS), and made visible read-only inside every sandbox (the bwrap
sandbox binds the folder at /opt/openintern-cli and puts its bin/ on PATH). inspect-swe runs them
with `version="sandbox"`, so nothing is downloaded at run time. Inside the sandbox the agent bridge
serves the Anthropic and OpenAI APIs and forwards every request to the eval's model: the embedded
model, a vLLM server or an API model, the same one behind every scaffold.

What the baselines are told and allowed is what every agent gets: the task prompt (its first user
message), the workspace as working directory, the sandbox and the limits. The scaffolds' own web
tools are turned off (tasks run offline; nothing reaches a search provider through the bridge).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from inspect_ai.agent import Agent
from inspect_ai.event import ModelEvent
from inspect_ai.log import transcript
from inspect_ai.model import get_model
from inspect_ai.solver import Generate, Solver, TaskState, chain, solver
from inspect_ai.util import store

__all__ = [
    "BASELINES",
    "CLIS",
    "BaselineUnavailableError",
    "baseline_agent",
    "check_baseline",
    "install_clis",
    "cli_versions",
    "tools_dir",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Cli:
    package: str  # npm package
    version: str  # pinned: every run of a baseline uses exactly this CLI
    binary: str  # the command it installs


# The one place the CLI versions are pinned (FACTS.md: these install offline from the npm registry).
CLIS: dict[str, Cli] = {
    "claude_code": Cli("@anthropic-ai/claude-code", "2.1.332", "claude"),
    "codex_cli": Cli("@openai/codex", "0.171.0", "codex"),
}
BASELINES = tuple(CLIS)


class BaselineUnavailableError(RuntimeError):
    """A baseline's CLI (or npm, to install it) is missing; the message says what to run."""


def tools_dir() -> Path:
    """Where the CLIs are installed: $OPENINTERN_TOOLS, else .tools/ in the project checkout."""
    return Path(os.environ.get("OPENINTERN_TOOLS") or PROJECT_ROOT / ".tools").resolve()


def cli_bin() -> Path:
    return tools_dir() / "node_modules" / ".bin"


def installed_version(name: str, root: Path | None = None) -> str | None:
    """The version of a baseline's CLI installed under `root` (tools_dir()), or None."""
    manifest = (root or tools_dir()) / "node_modules" / CLIS[name].package / "package.json"
    try:
        return json.loads(manifest.read_text()).get("version")
    except (OSError, ValueError):
        return None


def check_baseline(name: str) -> None:
    """Raise BaselineUnavailableError, naming the fix, unless `name`'s pinned CLI is installed and, for
    Codex (a Node script), a Node.js that the sandbox can see is on PATH."""
    cli = CLIS[name]
    found = installed_version(name)
    if found == cli.version and (cli_bin() / cli.binary).exists():
        if name == "codex_cli":
            _check_node()
        return
    what = "is not installed" if found is None else f"is version {found}, not the pinned {cli.version}"
    raise BaselineUnavailableError(
        f"{name} needs {cli.package}@{cli.version} under {tools_dir()}, which {what}: "
        "run `.venv/bin/python -m evals.baselines install` (what `make setup` runs)"
    )


def _check_node() -> None:
    """Codex's launcher is `#!/usr/bin/env node`: the bwrap sandbox binds /usr (and this Python), so a
    Node installed elsewhere (nvm, volta, ~/.local) would be missing inside it."""
    node = shutil.which("node")
    if node is None or not Path(node).resolve().is_relative_to("/usr"):
        where = "is not on PATH" if node is None else f"is at {Path(node).resolve()}, outside /usr"
        raise BaselineUnavailableError(
            f"codex_cli needs Node.js from the system (/usr) inside the sandbox, and node {where}: "
            "install it with your package manager (Debian: apt-get install nodejs)"
        )


def cli_versions() -> dict[str, str]:
    """The pinned CLIs, as package@version, for the logs' metadata."""
    return {name: f"{cli.package}@{cli.version}" for name, cli in CLIS.items()}


def install_clis(root: Path | None = None) -> None:
    """Install every pinned CLI with npm into `root` (tools_dir()); a no-op when they are there."""
    root = root or tools_dir()
    if all(installed_version(name, root) == cli.version for name, cli in CLIS.items()):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise BaselineUnavailableError(
            "npm is missing, so the Claude Code and Codex CLIs cannot be installed: install Node.js "
            "(Debian: apt-get install nodejs npm), then run `make setup` again"
        )
    specs = [f"{cli.package}@{cli.version}" for cli in CLIS.values()]
    command = [npm, "install", "--prefix", str(root), "--no-audit", "--no-fund", "--loglevel=error", *specs]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BaselineUnavailableError(f"`{' '.join(command)}` failed: {result.stderr.strip()[-1500:]}")
    wrong = [name for name, cli in CLIS.items() if installed_version(name, root) != cli.version]
    if wrong:
        raise BaselineUnavailableError(f"npm ran, but {', '.join(wrong)} are still not the pinned versions")


# Every sample starts the bridge on its own port. On bwrap each sample has its own loopback, so any
# port works; on `local` all samples (and other programs) share the host's, and inspect-swe would give
# every sample 3001.
_PORTS = {"claude_code": "claude_code_model_port", "codex_cli": "codex_cli_model_port"}


def _free_port() -> int:
    """A port the host has free right now (the OS picks it), above the privileged range."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@solver
def _own_bridge_port(name: str) -> Solver:
    """Give the sample's bridge a port that is free on the host; inspect-swe takes the stored port + 1."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        store().set(_PORTS[name], _free_port() - 1)
        return state

    return solve


@solver
def _model_ready() -> Solver:
    """Make the eval's model provider fully set up before the bridge reads its settings.

    Inspect's vllm/ provider connects to its server lazily, on the first generate; until then it
    lacks attributes that the agent bridge's Responses API path reads, so Codex's first request on a
    vLLM model failed with "'VLLMAPI' object has no attribute 'responses_store'" (inspect-ai 0.3.285).
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        api = get_model().api
        ensure_started = getattr(
            api, "_ensure_server_started", None
        )  # vllm/ only; private, inspect-ai pinned
        if ensure_started is not None and not hasattr(api, "responses_store"):
            await ensure_started()
        return state

    return solve


def _cli_agent(name: str) -> Agent:
    from inspect_swe import claude_code, codex_cli

    if name == "claude_code":
        # Tasks run offline: the scaffold's own web tools would reach a search provider through the
        # bridge. Permissions are skipped (the sandbox is the boundary), as inspect-swe does by default.
        return claude_code(version="sandbox", disallowed_tools=["WebSearch", "WebFetch"])
    return codex_cli(version="sandbox", web_search="disabled")


class ScaffoldModelMismatchError(RuntimeError):
    """The eval's model cannot serve a scaffold (its requests do not fit the model's context)."""


def _scaffold_calls() -> list[ModelEvent]:
    """The sample's model calls that offered tools: the scaffold's own turns, not its side requests
    (titles, summaries), which a small context may still hold."""
    return [
        event
        for event in transcript().events
        if isinstance(event, ModelEvent) and event.output is not None and event.tools
    ]


def _overflowed(event: ModelEvent) -> bool:
    """The model refused the call because the prompt did not fit its context: nothing was generated.
    The embedded model says so with an empty `model_length` answer; vLLM and OpenAI-compatible servers
    answer HTTP 400 "maximum context length", which Inspect turns into a `model_length` output holding
    the server's message."""
    output = event.output
    generated = output.usage.output_tokens if output.usage else 0
    return (
        output.stop_reason == "model_length"
        and not output.message.tool_calls
        and (not output.completion or not generated or "maximum context length" in output.completion)
    )


def _eval_model_name() -> str:
    return str(get_model())


@solver
def _explained(name: str, inner: Solver) -> Solver:
    """Run the scaffold, and say so in the sample's error where the model could not serve it: the
    135M embedded model's 8k context against Claude Code's ~60k-token and Codex's ~14k-token first
    requests. Claude Code then stops with a message about an unrecognised model, and Codex ends
    quietly with no work done; either way the sample errors with the real reason."""

    def mismatch(cause: str) -> ScaffoldModelMismatchError | None:
        calls = _scaffold_calls()
        overflows = [event for event in calls if _overflowed(event)]
        if not overflows or len(overflows) < len(calls):
            return None  # the model answered at least one request: whatever happened is the scaffold's
        biggest = max(event.output.usage.input_tokens if event.output.usage else 0 for event in overflows)
        return ScaffoldModelMismatchError(
            f"{name} cannot run on {_eval_model_name()}: the context window of the model is too small for it (none of "
            f"its {len(overflows)} requests fit; the largest held {biggest} input tokens); {cause}"
        )

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        try:
            state = await inner(state, generate)
        except Exception as error:
            explained = mismatch(f"the CLI then stopped ({str(error).strip().splitlines()[0][:200]})")
            if explained is None:
                raise
            raise explained from error
        explained = mismatch("the CLI then ended without doing anything")
        if explained is not None:
            raise explained
        return state

    return solve


def baseline_agent(name: str) -> Solver:
    """The solver for a baseline scaffold: its own bridge port, then the CLI on the eval's model."""
    if name not in CLIS:
        raise ValueError(f"unknown baseline '{name}'; choose from {', '.join(CLIS)}")
    from inspect_ai.agent import as_solver

    return chain(_own_bridge_port(name), _model_ready(), _explained(name, as_solver(_cli_agent(name))))


def main(argv: list[str]) -> int:
    if argv[:1] != ["install"]:
        print("usage: python -m evals.baselines install", file=sys.stderr)
        return 2
    try:
        install_clis()
    except BaselineUnavailableError as error:
        print(f"openintern: error: {error}", file=sys.stderr)
        return 2
    versions = ", ".join(f"{cli.package}@{cli.version}" for cli in CLIS.values())
    print(f"CLIs ready in {tools_dir()}: {versions}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
