"""The bwrap sandbox itself, below the level of an eval: what the agent's processes can and cannot
reach, and that a sandbox leaves nothing behind. (Whole-eval attacks: test_adversarial_*.py.)"""

import asyncio
import os
from pathlib import Path

import pytest

from evals import bwrap, bwrap_layout
from evals.bwrap import BwrapConfig, BwrapSandbox


async def _with_sandbox(work, config: BwrapConfig | None = None):
    environments = await BwrapSandbox.sample_init("test", config or BwrapConfig(), {})
    sandbox = environments["default"]
    try:
        return await work(sandbox)
    finally:
        await BwrapSandbox.sample_cleanup("test", None, environments, False)


def test_no_host_variable_is_visible_even_for_a_moment(monkeypatch):
    """Every process on the way into the sandbox runs with a clean environment: a watcher scanning
    /proc/*/environ while forty commands start never sees the host's secret."""
    monkeypatch.setenv("OPENINTERN_CANARY_KEY", "sk-canary-0123")
    watcher = (
        'nohup python3 -c "import glob, time\n'
        "end = time.time() + 20\n"
        "while time.time() < end:\n"
        "    for path in glob.glob('/proc/[0-9]*/environ'):\n"
        "        try:\n"
        "            if b'sk-canary' in open(path, 'rb').read(): open('seen', 'w').write(path)\n"
        "        except OSError: pass\n"
        '" > /dev/null 2>&1 &'
    )

    async def work(sandbox):
        await sandbox.exec(["bash", "--login", "-c", watcher])
        for index in range(40):
            await sandbox.exec(["echo", str(index)])
        return await sandbox.exec(["bash", "-c", "cat seen 2>/dev/null; env"])

    result = asyncio.run(_with_sandbox(work))
    assert "sk-canary" not in result.stdout and "/proc" not in result.stdout


def test_shared_memory_works_and_dev_is_read_only():
    """multiprocessing (DataLoader workers, joblib) needs a writable /dev/shm; nothing else in /dev."""

    async def work(sandbox):
        script = "python3 -c 'import multiprocessing as m; print(m.Pool(2).map(abs, [-1, -2]))'; touch /dev/x"
        return await sandbox.exec(["bash", "--login", "-c", script])

    result = asyncio.run(_with_sandbox(work))
    assert result.stdout.strip() == "[1, 2]"
    assert "Read-only file system" in result.stderr


def test_the_agent_cannot_end_its_sandbox():
    async def work(sandbox):
        signalled = await sandbox.exec(["bash", "-c", "kill -INT 1; kill -TERM 1; kill -KILL 1; sleep 0.3"])
        after = await sandbox.exec(["echo", "still here"])
        return signalled, after

    signalled, after = asyncio.run(_with_sandbox(work))
    assert "Operation not permitted" in signalled.stderr
    assert after.stdout.strip() == "still here"


def test_a_sandbox_leaves_no_process_and_no_cgroup_behind():
    async def work(sandbox):
        # wait inside the sandbox until the detached process has become `sleep 301` (it is still a
        # forked shell for a moment after the command returns)
        started = "setsid nohup sleep 301 > /dev/null 2>&1 & for _ in $(seq 100); do pgrep -fx 'sleep 301' && break; sleep 0.05; done"
        await sandbox.exec(["bash", "-c", started])
        assert _sleeping_301(), "the daemon ran"
        return sandbox, list(sandbox.cgroups.folders)

    sandbox, cgroups = asyncio.run(_with_sandbox(work))
    assert sandbox.process.poll() is not None
    assert not _sleeping_301()
    assert cgroups and not any(folder.exists() for folder in cgroups)


def _sleeping_301() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cmdline").read_bytes() == b"sleep\x00301\x00":
                found.append(int(entry.name))
        except OSError:  # the process ended while we looked
            pass
    return found


def test_the_check_starts_a_real_sandbox(monkeypatch):
    """check_bwrap runs a command in a real sandbox, so any flag this machine's bubblewrap lacks fails
    it before any sample; a failure names the fix."""
    monkeypatch.setattr(bwrap, "_bwrap_checked", None)
    bwrap.check_bwrap()
    monkeypatch.setattr(bwrap, "_bwrap_checked", None)
    monkeypatch.setattr(bwrap, "bwrap_args", lambda config, fd: ["bwrap", "--no-such-flag", "true"])
    with pytest.raises(bwrap.BwrapUnavailableError, match="update bubblewrap"):
        bwrap.check_bwrap()


@pytest.mark.skipif(os.geteuid() != 0, reason="cgroups are created as root here")
def test_stale_cgroups_of_a_dead_harness_are_removed():
    own = dict(line.split(":", 2)[1:] for line in Path("/proc/self/cgroup").read_text().splitlines())
    parent = Path(f"/sys/fs/cgroup/pids{own.get('pids', '/')}".rstrip("/"))
    stale = parent / "openintern-4194303-deadbeef"  # above any pid_max: that harness is gone
    stale.mkdir()
    asyncio.run(_with_sandbox(lambda sandbox: sandbox.exec(["true"])))
    assert not stale.exists()


def test_a_python_under_tmp_is_bound_over_the_fresh_tmp(monkeypatch):
    """A checkout under /tmp (a CI clone) has its .venv there: it must be bound after /tmp's tmpfs."""
    monkeypatch.setattr(bwrap_layout, "_python_roots", lambda: [Path("/tmp/clone/.venv")])
    args = bwrap_layout.bwrap_args(BwrapConfig(), 3)
    tmpfs = next(i for i in range(len(args) - 1) if args[i : i + 2] == ["--tmpfs", "/tmp"])
    bind = next(
        i
        for i in range(len(args) - 2)
        if args[i : i + 3] == ["--ro-bind", "/tmp/clone/.venv", "/tmp/clone/.venv"]
    )
    assert bind > tmpfs


def test_a_gpu_task_gets_the_nvidia_devices_and_others_none(tmp_path):
    """task.yaml resources.gpu: the device nodes (and /sys, which the CUDA driver reads) are bound in;
    a CPU task's sandbox has no NVIDIA device even on a GPU machine."""
    dev, sys_dir = tmp_path / "dev", tmp_path / "sys"
    for name in ("nvidia0", "nvidiactl", "nvidia-uvm", "null"):
        (dev / name).parent.mkdir(parents=True, exist_ok=True)
        (dev / name).touch()
    sys_dir.mkdir()
    args = bwrap_layout._gpu_args(dev, sys_dir)
    bound = [args[i + 2] for i, arg in enumerate(args) if arg == "--dev-bind"]
    assert bound == ["/dev/nvidia-uvm", "/dev/nvidia0", "/dev/nvidiactl"]
    assert ["--ro-bind", str(sys_dir), "/sys"] == args[-3:]
    assert bwrap_layout._gpu_args(tmp_path / "no-dev", sys_dir) == []  # no GPU: nothing to bind
    cpu_task = bwrap_layout.bwrap_args(BwrapConfig(), info_fd=3)
    assert "--dev-bind" not in cpu_task and "/sys" not in cpu_task
