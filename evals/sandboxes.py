"""Sandbox kinds the harness offers, mapped to Inspect sandbox types.

| kind    | isolation                                                    |
|---------|--------------------------------------------------------------|
| local   | none: development only; every report marks it "unisolated"   |

(`bwrap` and `docker`, ARCHITECTURE.md's isolated kinds, are not built yet.)

`local` is Inspect's local sandbox (a temporary working directory on the host) with one change:
each sample gets its own HOME whose login profile puts this environment's Python first on PATH.
Inspect's bash and python tools run `bash --login`, and /etc/profile resets PATH, so without it
the agent's `python3` would be the system one, without numpy or pandas. A per-sample HOME also keeps
CLIs that write to ~ (Claude Code, Codex) from sharing state across samples.
"""

import shutil
import sys
import tempfile
from pathlib import Path

from inspect_ai.util import ExecResult, SandboxEnvironment, SandboxEnvironmentConfigType, sandboxenv
from inspect_ai.util._sandbox.local import LocalSandboxEnvironment  # not re-exported; inspect-ai is pinned

__all__ = ["SANDBOX_KINDS", "inspect_sandbox", "is_isolated"]

SANDBOX_KINDS = {"local": "openintern_local"}


def inspect_sandbox(kind: str) -> str:
    """The Inspect sandbox type for a harness sandbox kind; a clear error for an unknown kind."""
    if kind not in SANDBOX_KINDS:
        raise ValueError(f"unknown sandbox kind '{kind}'; choose from {', '.join(SANDBOX_KINDS)}")
    return SANDBOX_KINDS[kind]


def is_isolated(kind: str) -> bool:
    return kind != "local"


# Every command runs in a session of its own, under a shell that kills the whole session when it is
# told to stop. Inspect stops a command (a timeout, or an agent cancelling a tool call) by signalling
# the one process it started and then waiting for the output pipes to close, which never happens
# while a grandchild (`sleep` under `bash -c`, a training script's workers) still holds them.
# `<&0` keeps standard input (a background job would otherwise get /dev/null).
_KILL_SESSION_ON_STOP = (
    'setsid "$@" <&0 & pid=$!; trap "kill -KILL -- -$pid 2>/dev/null; exit 143" TERM INT; wait $pid'
)


@sandboxenv(name="openintern_local")
class ProjectLocalSandbox(LocalSandboxEnvironment):
    """Inspect's local sandbox with a per-sample HOME whose login profile keeps this Python on PATH."""

    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="openintern-home-"))
        profile = f'export PATH="{Path(sys.executable).parent}:$PATH"\n'
        (self.home / ".bash_profile").write_text(profile)

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
        env = {"HOME": str(self.home), **(env or {})}
        wrapped = ["bash", "-c", _KILL_SESSION_ON_STOP, "openintern-exec", *cmd]
        return await super().exec(wrapped, input, cwd, env, user, timeout, timeout_retry, concurrency)
