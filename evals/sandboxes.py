"""Sandbox kinds the harness offers, mapped to Inspect sandbox types.

| kind    | isolation                                                                 |
|---------|---------------------------------------------------------------------------|
| bwrap   | bubblewrap (evals/bwrap.py): the default; hidden files absent, no network  |
| local   | none: development only, by explicit choice; reports mark it "unisolated"  |

(`docker`, ARCHITECTURE.md's leaderboard kind, is not built yet.)

`local` is Inspect's local sandbox (a temporary working directory on the host) with two changes.
Each sample gets its own HOME whose login profile puts this environment's Python first on PATH:
Inspect's bash and python tools run `bash --login`, and /etc/profile resets PATH, so without it the
agent's `python3` would be the system one, without numpy or pandas (a per-sample HOME also keeps
CLIs that write to ~ from sharing state across samples). And each command runs in a session of its
own, so a stopped command's children stop with it and `end_processes` can end what is left.
"""

import logging
import os
import shutil
import signal
import stat
import sys
import tempfile
from pathlib import Path

from inspect_ai.util import (
    ExecResult,
    OutputLimitExceededError,
    SandboxEnvironment,
    SandboxEnvironmentConfigType,
    SandboxEnvironmentLimits,
    SandboxEnvironmentSpec,
    sandbox,
    sandboxenv,
)
from inspect_ai.util._sandbox._cli import SANDBOX_CLI  # not re-exported; inspect-ai is pinned
from inspect_ai.util._sandbox.local import LocalSandboxEnvironment

from evals.baselines import cli_bin, tools_dir
from evals.bwrap import BwrapConfig, BwrapSandbox, BwrapUnavailableError, _warn_once, check_bwrap

__all__ = [
    "DEFAULT_SANDBOX",
    "SANDBOX_KINDS",
    "BwrapUnavailableError",
    "SandboxKindError",
    "check_sandbox",
    "end_sandbox_processes",
    "inspect_sandbox",
    "is_isolated",
]

SANDBOX_KINDS = {"bwrap": "openintern_bwrap", "local": "openintern_local"}
DEFAULT_SANDBOX = "bwrap"

logger = logging.getLogger(__name__)
_warned_local = False


class SandboxKindError(ValueError):
    """An unknown sandbox kind was asked for."""


def _known(kind: str) -> None:
    if kind not in SANDBOX_KINDS:
        raise SandboxKindError(f"unknown sandbox kind '{kind}'; choose from {', '.join(SANDBOX_KINDS)}")


def inspect_sandbox(kind: str, memory: str | None = None, gpu: bool = False) -> SandboxEnvironmentSpec:
    """The Inspect sandbox spec for a harness sandbox kind; `memory` caps a bwrap sample (e.g. "2g"),
    `gpu` gives it the host's NVIDIA devices (a gpu-tier task).

    Where the baselines' CLIs are installed (evals/baselines.py), every sample sees them read-only:
    the same sandbox for every agent of a comparison, whichever scaffold it runs.
    """
    _known(kind)
    if kind == "bwrap":
        cli = str(tools_dir()) if cli_bin().is_dir() else None
        config = BwrapConfig(cli_dir=cli, gpu=gpu, **({"memory": memory} if memory else {}))
        return SandboxEnvironmentSpec(SANDBOX_KINDS[kind], config)
    return SandboxEnvironmentSpec(SANDBOX_KINDS[kind])


def check_sandbox(kind: str) -> None:
    """Before any sample: bwrap must work here (BwrapUnavailableError names the fix); local warns once."""
    global _warned_local
    _known(kind)
    if kind == "bwrap":
        check_bwrap()
    elif not _warned_local:
        _warned_local = True
        logger.warning(
            "sandbox 'local' is unisolated: agent code can read graders, solutions and hidden data on this "
            "machine, and reports mark the run 'unisolated'. Use it for development only."
        )


def is_isolated(kind: str) -> bool:
    return kind == "bwrap"


async def end_sandbox_processes() -> None:
    """End every process the sample's agent left running, before its outputs are read."""
    environment = sandbox()
    for kind in (BwrapSandbox, ProjectLocalSandbox):
        try:
            own = environment.as_type(kind)
        # as_type raises TypeError for another kind: try the next one.
        except TypeError:
            continue
        survivors = await own.end_processes()
        if survivors:  # never expected: a sample whose outputs could still change is not scored
            raise RuntimeError(f"{survivors} processes of the agent survived the kill step; not scoring")
        return
    # Inspect's own sandboxes (`inspect eval ... --sandbox local`, docker) give us no way to do this.
    _warn_once(f"cannot end the agent's processes in a {type(environment).__name__} sandbox before scoring")


# Every command runs in a session of its own, under a shell that kills the whole session when it is
# told to stop. Inspect stops a command (a timeout, or an agent cancelling a tool call) by signalling
# the one process it started and then waiting for the output pipes to close, which never happens
# while a grandchild (`sleep` under `bash -c`, a training script's workers) still holds them.
# `<&0` keeps standard input (a background job would otherwise get /dev/null).
# The session's id is appended to a file in the sample's HOME, so `end_processes` can end it later.
_KILL_SESSION_ON_STOP = (
    'setsid "$@" <&0 & pid=$!; echo $pid >> "$OPENINTERN_SESSIONS"; '
    'trap "kill -KILL -- -$pid 2>/dev/null; exit 143" TERM INT; wait $pid'
)


@sandboxenv(name="openintern_local")
class ProjectLocalSandbox(LocalSandboxEnvironment):
    """Inspect's local sandbox with a per-sample HOME whose login profile keeps this Python on PATH."""

    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="openintern-home-"))
        # This Python first, then the pinned CLIs (before any other `claude` on the host), then the
        # host's PATH: for login shells, whose /etc/profile resets PATH, and for every other command.
        self.path = f"{Path(sys.executable).parent}:{cli_bin()}:{os.environ.get('PATH', '/usr/bin:/bin')}"
        (self.home / ".bash_profile").write_text(f'export PATH="{self.path}"\n')

    @classmethod
    async def sample_init(
        cls, task_name: str, config: SandboxEnvironmentConfigType | None, metadata: dict[str, str]
    ) -> dict[str, SandboxEnvironment]:
        return {"default": cls()}

    @classmethod
    async def sample_cleanup(
        cls,
        task_name: str,
        config: SandboxEnvironmentConfigType | None,
        environments: dict[str, SandboxEnvironment],
        interrupted: bool,
    ) -> None:
        # What the sample left running (a background run), if no scorer ended it: first, so that
        # nothing writes into the workspace while Inspect removes it.
        for environment in environments.values():
            await environment.as_type(ProjectLocalSandbox).end_processes()
        await super().sample_cleanup(task_name, config, environments, interrupted)
        for environment in environments.values():
            shutil.rmtree(environment.as_type(ProjectLocalSandbox).home, ignore_errors=True)

    async def exec(
        self,
        cmd: list[str],
        input: str | bytes | None = None,
        cwd: str | None = None,
        env: dict[str, str] | None = None,
        user: str | None = None,
        timeout: int | None = None,
        timeout_retry: bool = True,
        concurrency: bool = True,
    ) -> ExecResult[str]:
        env = {
            "HOME": str(self.home),
            "PATH": self.path,
            "OPENINTERN_SESSIONS": str(self.home / ".sessions"),
            **(env or {}),
        }
        if cmd and cmd[0] == SANDBOX_CLI:  # what Inspect's own exec sets, which the wrapper below hides
            self._sandbox_tools_used = True
            env[self._SANDBOX_TOOLS_DIR_ENV] = str(self._sandbox_tools_dir)
        wrapped = ["bash", "-c", _KILL_SESSION_ON_STOP, "openintern-exec", *cmd]
        return await super().exec(wrapped, input, cwd, env, user, timeout, timeout_retry, concurrency)

    async def read_file(self, file: str, text: bool = True) -> str | bytes:
        """Inspect's read, for regular files only: a FIFO would block the harness's event loop in open()
        and a symlink to /dev/zero would never end."""
        path = Path(file) if Path(file).is_absolute() else Path(self.directory.name) / file
        if path.is_dir():
            raise IsADirectoryError(f"{file} is a directory")
        # Opened without blocking and checked on the open file, so a FIFO swapped in after a check
        # cannot block the event loop either.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as opened:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise FileNotFoundError(f"{file} is not a regular file (a FIFO, socket or device)")
            if os.fstat(descriptor).st_size > SandboxEnvironmentLimits.MAX_READ_FILE_SIZE:
                raise OutputLimitExceededError(SandboxEnvironmentLimits.MAX_READ_FILE_SIZE_STR, None)
            content = opened.read()
        return content.decode("utf-8") if text else content

    async def end_processes(self) -> int:
        """Best effort on `local`: end the process groups of the commands this sandbox started.

        A process that left its group (setsid, a daemon) survives: `local` is unisolated, and the
        adversarial tests record that.
        """
        sessions = self.home / ".sessions"
        # The file sits in the agent's HOME: take only what can be one of our sessions' groups
        # (never 0 or 1, never the harness's own group, whatever the agent wrote there).
        words = sessions.read_text(errors="replace").split() if sessions.is_file() else []
        groups = {int(word) for word in words if word.isdigit() and int(word) > 1} - {os.getpgid(0)}
        for group in groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):  # already ended, or no longer ours
                pass
        return 0
