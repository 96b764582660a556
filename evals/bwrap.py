"""`bwrap`: one bubblewrap sandbox per sample, the isolated default wherever bubblewrap works.

What the code inside sees (ARCHITECTURE.md, "Sandboxes"):

| path           | what it is                                                              |
|----------------|-------------------------------------------------------------------------|
| /workspace     | the sample's workspace: a size-capped tmpfs, the working directory      |
| /tmp, /var/tmp | fresh size-capped tmpfs (Inspect's tools install under /var/tmp)         |
| /home/agent    | a fresh HOME (size-capped tmpfs) whose login profile puts Python on PATH  |
| /usr, /etc...  | the system, read-only (/etc without its secrets: an allow-list)           |
| the Python     | this environment's interpreter and packages, read-only, at their paths   |

Everything else is absent: the project checkout (tasks/, graders, solutions), the instance cache,
the host's HOME and /tmp, other samples. It has its own network namespace (a loopback of its own: the
host's listeners are unreachable), its own PID namespace (it sees and can signal only its own
processes), its own IPC and hostname. Commands run as `nobody` with no capabilities and an
allow-listed environment (no host variables, so no host secrets). Where the host lets us (root and
cgroup v1 or v2), a memory and a process cap hold the whole sample; tmpfs sizes cap its disk.

A sandbox is one place, not one process: Inspect's tools and the agent bridge make many separate
`exec` calls per sample that must see each other's files and listeners. So one long-lived bwrap
holds the namespaces (its PID 1 is a tiny reaper), and every `exec` enters them with `nsenter`.
File reads and writes go through `exec` too, so they see exactly what the sandbox sees: a symlink
the agent planted resolves inside the sandbox, never on the host.
"""

import asyncio
import base64
import logging
import os
import pwd
import re
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Literal, overload

from inspect_ai.util import (
    ExecResult,
    OutputLimitExceededError,
    SandboxEnvironment,
    SandboxEnvironmentConfigType,
    SandboxEnvironmentLimits,
    sandboxenv,
)
from inspect_ai.util import subprocess as inspect_subprocess
from inspect_ai.util._sandbox.environment import SandboxUserUnsupportedError  # inspect-ai is pinned
from pydantic import BaseModel

from evals.bwrap_layout import (
    CLI_PATH,
    GID,
    HOME,
    PATH,
    UID,
    USER,
    WORKSPACE,
    BwrapConfig,
    Cgroups,
    bwrap_args,
    python_bin,
)

__all__ = ["BwrapConfig", "BwrapSandbox", "BwrapUnavailableError", "check_bwrap"]
# Inside: each command runs in a session of its own under a shell that kills the whole session when
# told to stop (Inspect stops a command by signalling the process it started, then waits for the
# output pipes, which a grandchild would otherwise hold open). `<&0` keeps standard input.
_INNER = 'setsid "$@" <&0 & pid=$!; trap "kill -KILL -- -$pid 2>/dev/null; exit 143" TERM INT; wait $pid'

# Outside: join the sample's cgroups, then run nsenter. nsenter dies on SIGTERM without passing it on,
# so this shell passes it to nsenter's child (the inner shell above), which ends the command's session.
_OUTER = (
    'for f in $OPENINTERN_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done; '
    '"$@" <&0 & n=$!; '
    "trap 'kill -TERM $(cat /proc/$n/task/$n/children 2>/dev/null) 2>/dev/null; wait $n; exit 143' TERM INT; "
    "wait $n"
)

# The sandbox itself: join the cgroups, then become bwrap, so that bwrap's parent is this Python
# process and --die-with-parent ends the sandbox if the harness dies.
_JOIN_THEN_EXEC = 'for f in $OPENINTERN_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done; exec "$@"'

# Ends every process of the sandbox but PID 1 and itself, repeating until none is left (a fork loop
# can create children between two signals). Run before the outputs are read.
_END_ALL = """
import os, signal, time
def others():
    alive = []
    for entry in os.listdir('/proc'):
        if entry.isdigit() and int(entry) not in (1, os.getpid()):
            try:
                state = open(f'/proc/{entry}/stat').read().rsplit(')', 1)[1].split()[0]
            except OSError:
                continue
            if state != 'Z':
                alive.append(int(entry))
    return alive
for _ in range(200):
    if not others():
        break
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    time.sleep(0.02)
print(len(others()))
"""


class BwrapUnavailableError(RuntimeError):
    """bubblewrap is missing or cannot create the namespaces it needs; the message names the fix."""


_bwrap_checked: str | None = None
_warned: set[str] = set()
logger = logging.getLogger(__name__)


def _warn_once(message: str) -> None:
    """Log `message` once per process (evals.sandboxes uses it too)."""
    if message not in _warned:
        _warned.add(message)
        logger.warning(message)


def check_bwrap() -> None:
    """Raise BwrapUnavailableError, naming the fix, unless bwrap can start a sandbox here."""
    global _bwrap_checked
    if _bwrap_checked == "ok":
        return
    if shutil.which("bwrap") is None:
        raise BwrapUnavailableError(
            "bubblewrap is not installed: run `make setup` as root (it installs the Debian package), or "
            "`sudo apt-get install -y bubblewrap`; or run unisolated with --sandbox local (development only)"
        )
    if shutil.which("nsenter") is None:
        raise BwrapUnavailableError(
            "nsenter (util-linux) is missing: install util-linux, or use --sandbox local"
        )
    problem = _round_trip()
    if problem:
        raise BwrapUnavailableError(
            f"bubblewrap cannot start a sandbox here ({problem}): allow unprivileged user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0), run as root, "
            "update bubblewrap (>= 0.8), or use --sandbox local (development only)"
        )
    _bwrap_checked = "ok"


def _read_info(fd: int, timeout: float = 30.0) -> bytes:
    """bwrap's --info-fd JSON. Read up to its closing brace, not to EOF: the sandbox's PID 1 inherits
    the pipe's write end and keeps it open as long as the sandbox lives."""
    data, deadline = b"", time.monotonic() + timeout
    try:
        while b"}" not in data and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                data += chunk
    finally:
        os.close(fd)
    return data


def _round_trip() -> str | None:
    """Start a real sandbox, run one command in it as the agent would, end it: what went wrong, or None.

    Every flag the samples use is exercised (older bubblewrap lacks --size and --chmod; some kernels
    refuse the namespaces), so a machine that cannot run samples fails here, before any sample.
    """
    try:
        sandbox = BwrapSandbox(BwrapConfig())
    except BwrapUnavailableError as error:
        return str(error)
    try:
        for _ in range(200):
            argv = sandbox._enter() + sandbox._environment(HOME, None) + ["true"]
            result = subprocess.run(
                ["env", "-i", f"PATH={os.environ.get('PATH', PATH)}", "OPENINTERN_CGROUP_PROCS=", *argv],
                capture_output=True,
                text=True,
                timeout=30,
            )
            if result.returncode == 0:
                return None
            time.sleep(0.02)  # its mounts may not be ready yet (see _wait_ready)
        return result.stderr.strip() or f"exit {result.returncode}"
    finally:
        sandbox.stop()


@sandboxenv(name="openintern_bwrap")
class BwrapSandbox(SandboxEnvironment):
    """One bubblewrap sandbox per sample; see the module docstring for what it isolates."""

    def __init__(self, config: BwrapConfig) -> None:
        super().__init__()
        self.config = config
        self.name = f"openintern-{os.getpid()}-{os.urandom(4).hex()}"
        self.cgroups = Cgroups(self.name, config)
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            ["bash", "-c", _JOIN_THEN_EXEC, "openintern-bwrap", *bwrap_args(config, write_end)],
            pass_fds=(write_end,),
            # Nothing of the host's environment reaches the sandbox's PID 1 either.
            env={"PATH": os.environ.get("PATH", PATH), "OPENINTERN_CGROUP_PROCS": self.cgroups.procs_files},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(write_end)
        found = re.search(rb'"child-pid":\s*(\d+)', _read_info(read_end))
        if found is None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.cgroups.remove()
            raise BwrapUnavailableError(
                f"bubblewrap did not start: {self.process.stderr.read().decode().strip()}"
            )
        self.init_pid = int(found.group(1))
        # A pidfd, not the number: after the sandbox has ended its pid may belong to another process.
        self.init_pidfd = os.pidfd_open(self.init_pid)

    @classmethod
    def config_deserialize(cls, config: dict) -> BaseModel:
        return BwrapConfig(**config)

    @classmethod
    async def task_init(cls, task_name: str, config: SandboxEnvironmentConfigType | None) -> None:
        check_bwrap()

    @classmethod
    async def sample_init(
        cls, task_name: str, config: SandboxEnvironmentConfigType | None, metadata: dict[str, str]
    ) -> dict[str, SandboxEnvironment]:
        sandbox = cls(config if isinstance(config, BwrapConfig) else BwrapConfig())
        if sandbox.cgroups.warning:
            _warn_once(f"bwrap sandboxes run without memory and process caps here: {sandbox.cgroups.warning}")
        try:
            await sandbox._wait_ready()
            if os.geteuid() == 0:  # unprivileged, the tmpfs already belong to the agent's own uid
                await sandbox._as_root(
                    f"chown {UID}:{GID} {WORKSPACE} {HOME} && chmod 0755 {WORKSPACE} {HOME}"
                )
            cli = f"{CLI_PATH}:" if sandbox.config.cli_dir else ""  # /etc/profile resets PATH
            await sandbox.write_file(f"{HOME}/.bash_profile", f'export PATH="{python_bin()}:{cli}$PATH"\n')
        # Inspect never learns of a sandbox whose set-up failed or was cancelled: end it here.
        except BaseException:
            sandbox.stop()
            raise
        return {"default": sandbox}

    @classmethod
    async def sample_cleanup(
        cls,
        task_name: str,
        config: SandboxEnvironmentConfigType | None,
        environments: dict[str, SandboxEnvironment],
        interrupted: bool,
    ) -> None:
        for environment in environments.values():
            environment.as_type(BwrapSandbox).stop()

    def stop(self) -> None:
        """End the sandbox: killing its PID 1 ends every process in it; then free its cgroups."""
        try:
            signal.pidfd_send_signal(self.init_pidfd, signal.SIGKILL)
        except ProcessLookupError:  # it has ended already
            pass
        os.close(self.init_pidfd)
        self.process.kill()
        self.process.wait(timeout=30)
        self.process.stderr.close()
        self.cgroups.remove()

    def _enter(self, user: bool = True) -> list[str]:
        """argv prefix that runs a command inside this sandbox (as `nobody` unless user=False)."""
        argv = ["bash", "-c", _OUTER, "openintern-exec", "nsenter", "--target", str(self.init_pid)]
        argv += ["--mount", "--net", "--pid", "--ipc", "--uts", "--root"]
        if os.geteuid() != 0:
            argv += ["--user", "--preserve-credentials"]
        argv += ["--"]
        if user and os.geteuid() == 0:
            argv += ["setpriv", f"--reuid={UID}", f"--regid={GID}", "--clear-groups", "--no-new-privs", "--"]
        return argv

    def _environment(self, cwd: str, env: dict[str, str] | None) -> list[str]:
        user = USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        allowed = {
            "PATH": self.config.path(),
            "HOME": HOME,
            "USER": user,
            "LOGNAME": user,
            "LANG": "C.UTF-8",
            "TMPDIR": "/tmp",
            "TERM": "dumb",
        }
        pairs = [f"{key}={value}" for key, value in {**allowed, **(env or {})}.items()]
        return ["env", "-i", "-C", cwd, *pairs]

    async def _run(
        self,
        argv: list[str],
        input: str | bytes | None,
        timeout: int | None,
        concurrency: bool = True,
        capped: bool = True,
    ):
        if self.process.poll() is not None:
            raise RuntimeError(f"the sample's bwrap sandbox has ended (exit {self.process.returncode})")
        # Inspect's subprocess passes the harness's whole environment on; `env -i` keeps it (API keys
        # included) out of every process of the chain, which the agent could otherwise read in /proc.
        cgroups = self.cgroups.procs_files if capped else ""
        return await inspect_subprocess(
            args=[
                "env",
                "-i",
                f"PATH={os.environ.get('PATH', PATH)}",
                f"OPENINTERN_CGROUP_PROCS={cgroups}",
                *argv,
            ],
            input=input,
            timeout=timeout,
            output_limit=SandboxEnvironmentLimits.MAX_EXEC_OUTPUT_SIZE,
            concurrency=concurrency,
        )

    async def _wait_ready(self) -> None:
        # bwrap reports its child's pid before the child has finished mounting: wait for the mounts.
        for _ in range(200):
            result = await self._run(self._enter(user=False) + ["test", "-d", HOME], None, 10, False)
            if result.success:
                return
            await asyncio.sleep(0.02)
        raise BwrapUnavailableError(f"the bwrap sandbox did not come up: {result.stderr.strip()}")

    async def _as_root(self, script: str) -> None:
        result = await self._run(self._enter(user=False) + ["sh", "-c", script], None, 30, False)
        if not result.success:
            raise RuntimeError(f"bwrap sandbox setup failed: {result.stderr.strip()}")

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
        if user not in (None, USER, str(UID)):
            # Nothing runs as root inside: Inspect's tools then run as the agent's own user.
            raise SandboxUserUnsupportedError(f"the bwrap sandbox runs every command as {USER}, not {user!r}")
        directory = WORKSPACE if cwd is None else str(Path(WORKSPACE) / cwd)
        argv = (
            self._enter()
            + self._environment(directory, env)
            + ["bash", "-c", _INNER, "openintern-exec", *cmd]
        )
        return await self._run(argv, input, timeout, concurrency)

    async def end_processes(self) -> int:
        """End every process the sample left running; returns how many survived (0 expected)."""
        # Outside the sample's cgroups: a sample at its process or memory cap could not start the killer.
        # Isolated mode (-I): `-c` would put the working directory, the agent's workspace, first on
        # sys.path, and a planted signal.py would run in place of the kill.
        argv = (
            self._enter()
            + self._environment(WORKSPACE, None)
            + [f"{python_bin()}/python3", "-I", "-c", _END_ALL]
        )
        result = await self._run(argv, None, 60, capped=False)
        if not result.success:
            raise RuntimeError(f"could not end the sandbox's processes: {result.stderr.strip()[-500:]}")
        return int(result.stdout.strip())

    async def write_file(self, file: str, contents: str | bytes) -> None:
        data = contents.encode() if isinstance(contents, str) else contents
        script = 'mkdir -p -- "$(dirname -- "$1")" && base64 -d > "$1"'
        result = await self.exec(["sh", "-c", script, "write", file], input=base64.b64encode(data))
        if not result.success:
            error = result.stderr.strip()
            if "Permission denied" in error or "Read-only" in error:
                raise PermissionError(f"cannot write {file} in the sandbox: {error}")
            if "Is a directory" in error:
                raise IsADirectoryError(f"cannot write {file}: it is a directory")
            raise RuntimeError(f"cannot write {file} in the sandbox: {error}")

    @overload
    async def read_file(self, file: str, text: Literal[True] = True) -> str: ...

    @overload
    async def read_file(self, file: str, text: Literal[False]) -> bytes: ...

    async def read_file(self, file: str, text: bool = True) -> str | bytes:
        # Exit codes say why a read failed, so each becomes the exception Inspect's contract names.
        # Only regular files are read: a FIFO would block the read (and the scorer) forever, a
        # device such as /dev/zero never ends.
        script = (
            'if [ -d "$1" ]; then exit 21; fi; if [ ! -e "$1" ]; then exit 2; fi; '
            'if [ ! -f "$1" ]; then exit 20; fi; if [ ! -r "$1" ]; then exit 13; fi; stat -L -c %s -- "$1"'
        )
        probe = await self.exec(["sh", "-c", script, "size", file])
        if probe.returncode == 2:
            raise FileNotFoundError(f"no such file in the sandbox: {file}")
        if probe.returncode == 20:
            raise FileNotFoundError(f"{file} is not a regular file (a FIFO, socket or device)")
        if probe.returncode == 21:
            raise IsADirectoryError(f"{file} is a directory")
        if probe.returncode == 13:
            raise PermissionError(f"cannot read {file} in the sandbox")
        size = int(probe.stdout.strip())
        if size > SandboxEnvironmentLimits.MAX_READ_FILE_SIZE:
            raise OutputLimitExceededError(SandboxEnvironmentLimits.MAX_READ_FILE_SIZE_STR, None)
        data = b""
        chunk = 4 << 20  # base64 of 4 MiB stays under Inspect's 10 MiB limit on one command's output
        for offset in range(0, max(size, 1), chunk):
            part = await self.exec(
                ["sh", "-c", f'tail -c +{offset + 1} -- "$1" | head -c {chunk} | base64 -w0', "read", file]
            )
            if not part.success:
                raise RuntimeError(f"cannot read {file} in the sandbox: {part.stderr.strip()}")
            data += base64.b64decode(part.stdout)
        return data.decode("utf-8") if text else data
