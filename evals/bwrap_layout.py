"""What a bwrap sandbox is made of: its caps (`BwrapConfig`), the file system it sees (`bwrap_args`)
and the cgroups that hold its memory and processes (`Cgroups`). The sandbox itself, and why it is
built this way, is evals/bwrap.py.
"""

import os
import sys
import time
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CLI_DIR",
    "CLI_PATH",
    "GID",
    "HOME",
    "PATH",
    "UID",
    "USER",
    "WORKSPACE",
    "BwrapConfig",
    "Cgroups",
    "bwrap_args",
    "python_bin",
]

WORKSPACE = "/workspace"
HOME = "/home/agent"
USER = "nobody"  # uid/gid 65534: owns nothing on the host, holds no capabilities
UID = GID = 65534
PATH = "/usr/local/bin:/usr/bin:/bin"
# The scaffold baselines' CLIs (evals/baselines.py), read-only, when the config names their folder.
CLI_DIR = "/opt/openintern-cli"
CLI_PATH = f"{CLI_DIR}/node_modules/.bin"

# Enough of /etc for programs to run (users, libraries, certificates, alternatives, shells' profiles);
# nothing that holds a secret (shadow, ssh keys, machine credentials).
ETC_ALLOWED = [
    "passwd", "group", "hosts", "nsswitch.conf", "host.conf", "resolv.conf", "ld.so.cache",
    "ld.so.conf", "ld.so.conf.d", "ssl", "ca-certificates", "ca-certificates.conf", "alternatives",
    "profile", "profile.d", "bash.bashrc", "inputrc", "localtime", "timezone", "mime.types",
    "debian_version", "os-release", "lsb-release", "terminfo", "fonts", "environment", "login.defs",
    "magic", "magic.mime", "protocols", "services", "mailcap", "python3", "python3.11", "gai.conf",
]  # fmt: skip

# PID 1 of the sandbox: reaps orphans so a runaway's zombies never pile up against the process cap.
# Python installs a SIGINT handler; PID 1 of a namespace with default dispositions cannot be signalled
# from inside it at all, so the agent (the same uid in unprivileged mode) cannot end the sandbox.
_REAPER = """
import os, signal, time
signal.signal(signal.SIGINT, signal.SIG_DFL)
while True:
    try:
        os.wait()
    except ChildProcessError:  # no child right now: wait for the next orphan
        time.sleep(0.5)
"""

# A size with a unit, as bubblewrap and the cgroup files take them after `_bytes`: "512m", "2g".
Size = Annotated[str, Field(pattern=r"^\d+[kmgKMG]$")]


def _bytes(size: str) -> int:
    number, unit = int(size[:-1]), size[-1].lower()
    return number * {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[unit]


class BwrapConfig(BaseModel):
    """Caps of one bwrap sandbox (task.yaml `resources` sets memory)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    memory: Size = Field(default="2g", description="Memory cap of the sample (cgroup).")
    processes: int = Field(
        default=512, gt=0, description="Cap on processes and threads alive at once (cgroup)."
    )
    workspace_size: Size = Field(default="1g", description="Disk cap of /workspace.")
    tmp_size: Size = Field(default="256m", description="Disk cap of /tmp.")
    var_tmp_size: Size = Field(default="512m", description="Disk cap of /var/tmp.")
    home_size: Size = Field(default="256m", description="Disk cap of HOME.")
    shm_size: Size = Field(default="256m", description="Cap of /dev/shm.")
    gpu: bool = Field(
        default=False,
        description="Give the sample the host's NVIDIA devices (task.yaml resources.gpu: the gpu tier).",
    )
    cli_dir: str | None = Field(
        default=None,
        description=f"Host folder of the baselines' CLIs, bound read-only at {CLI_DIR} (its .bin on PATH).",
    )

    def path(self) -> str:
        """PATH inside the sandbox: this Python first, for every command (a scaffold's shell tool need
        not start a login shell to find numpy), then the pinned CLIs (before the system's, so an
        unpinned `claude` in /usr/bin cannot stand in for them), then the system."""
        cli = f"{CLI_PATH}:" if self.cli_dir else ""
        return f"{python_bin()}:{cli}{PATH}"


def _python_roots() -> list[Path]:
    """This Python's installation and environment, bound read-only so every tool and helper runs
    (an environment inside its base installation, as conda's, is bound once with it)."""
    roots = sorted(
        root
        for root in {Path(sys.base_prefix).resolve(), Path(sys.prefix)}
        if not root.is_relative_to("/usr")
    )
    return [
        root for root in roots if not any(root != other and root.is_relative_to(other) for other in roots)
    ]


def python_bin() -> str:
    return str(Path(sys.prefix) / "bin")


def _gpu_args(dev: Path = Path("/dev"), sys_dir: Path = Path("/sys")) -> list[str]:
    """The host's NVIDIA device nodes, and /sys read-only (the CUDA driver reads the PCI topology
    there), for a gpu-tier sample; the driver's libraries are under /usr, bound already. Not exercised
    on a machine with a GPU yet (see README, "GPU tier")."""
    devices = sorted(dev.glob("nvidia*"))
    args = []
    for device in devices:
        args += ["--dev-bind", str(device), f"/dev/{device.name}"]
    if devices and sys_dir.is_dir():
        args += ["--ro-bind", str(sys_dir), "/sys"]
    return args


def bwrap_args(config: BwrapConfig, info_fd: int) -> list[str]:
    args = ["bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    args += ["--unshare-cgroup-try", "--die-with-parent", "--as-pid-1", "--hostname", "sandbox"]
    if os.geteuid() != 0:  # unprivileged: bwrap needs a user namespace of its own
        args += ["--unshare-user"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib32", "lib64", "libx32", "sbin"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ETC_ALLOWED:
        if (Path("/etc") / name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    # /dev/shm of its own: multiprocessing, DataLoader workers and joblib need a writable one.
    args += [
        "--dev",
        "/dev",
        "--size",
        str(_bytes(config.shm_size)),
        "--tmpfs",
        "/dev/shm",
        "--proc",
        "/proc",
    ]
    for path, size in ((WORKSPACE, config.workspace_size), ("/tmp", config.tmp_size),
                       ("/var/tmp", config.var_tmp_size), (HOME, config.home_size)):  # fmt: skip
        args += ["--size", str(_bytes(size)), "--tmpfs", path]
    # After the tmpfs mounts, so a Python that lives under /tmp (a fresh clone's .venv) is not hidden.
    parents: set[Path] = set()
    for root in _python_roots():
        args += ["--ro-bind", str(root), str(root)]
        parents.update(p for p in root.parents if p != Path("/"))
    if config.cli_dir:
        args += ["--ro-bind", config.cli_dir, CLI_DIR]
        parents.add(Path(CLI_DIR).parent)
    # bwrap makes the folders above a bound path with the bound folder's own mode (/root is 0700):
    # open them so `nobody` can reach the Python; what they hold beside it is not there.
    for parent in sorted(parents):
        args += ["--chmod", "0755", str(parent)]
    args += ["--chmod", "0755", "/etc", "--chmod", "1777", "/tmp", "--chmod", "1777", "/var/tmp"]
    args += ["--chmod", "1777", "/dev/shm"]
    if config.gpu:
        args += _gpu_args()
    args += ["--remount-ro", "/dev"]
    args += ["--info-fd", str(info_fd), sys.executable, "-c", _REAPER]
    return args


def _remove_stale(parent: Path) -> None:
    """Remove the empty cgroups of harness processes that died without cleaning up (named
    openintern-<pid>-<random>; a cgroup that still holds a process cannot be removed, and is kept)."""
    for folder in parent.glob("openintern-*-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            try:
                folder.rmdir()
            except OSError:  # not empty, or gone already: leave it
                pass


class Cgroups:
    """Memory and process caps for one sample, nested under this process's own cgroups (v1 or v2).

    Empty when the host does not let us create cgroups (not root, no delegation): the sandbox then
    runs without these two caps and `warning` says so.
    """

    def __init__(self, name: str, config: BwrapConfig) -> None:
        self.folders: list[Path] = []
        self.warning: str | None = None
        limits = {
            "memory": ("memory.limit_in_bytes", str(_bytes(config.memory))),
            "pids": ("pids.max", str(config.processes)),
        }
        own = dict(line.split(":", 2)[1:] for line in Path("/proc/self/cgroup").read_text().splitlines())
        try:
            if Path("/sys/fs/cgroup/memory/memory.limit_in_bytes").exists():  # cgroup v1
                for controller, (file, value) in limits.items():
                    folder = Path(f"/sys/fs/cgroup/{controller}{own.get(controller, '/')}".rstrip("/")) / name
                    _remove_stale(folder.parent)
                    folder.mkdir()
                    self.folders.append(folder)
                    (folder / file).write_text(value)
            elif Path("/sys/fs/cgroup/cgroup.controllers").exists():  # cgroup v2
                folder = Path(f"/sys/fs/cgroup{own.get('', '/')}".rstrip("/")) / name
                _remove_stale(folder.parent)
                folder.mkdir()
                self.folders.append(folder)
                (folder / "memory.max").write_text(str(_bytes(config.memory)))
                (folder / "pids.max").write_text(str(config.processes))
            else:
                self.warning = "no cgroup hierarchy found"
            if any(" " in str(folder) for folder in self.folders):  # procs_files is split on spaces
                self.remove()
                self.warning = "this process's cgroup path holds a space"
        # Not root, a read-only /sys, or a v2 tree without the controllers delegated to us: the
        # sandbox still isolates; only these two caps are missing, and the log says so.
        except OSError as error:
            self.remove()
            self.warning = f"cannot create cgroups ({error})"

    @property
    def procs_files(self) -> str:
        # Split by the shell on spaces: cgroup paths made here hold none (see Cgroups.__init__).
        return " ".join(str(folder / "cgroup.procs") for folder in self.folders)

    def remove(self) -> None:
        for folder in self.folders:
            for _ in range(50):  # a cgroup can be removed once its last process is gone
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)
        self.folders = []
