"""Reusing what llama.cpp has evaluated (its KV cache) across the calls, samples and runs of one model.

Every research-agent prompt starts with the same ~2,800 tokens (the system prompt and the tool list),
10-13 s of prompt evaluation on 2 cores. llama-cpp-python already reuses the longest prefix its
context holds from the previous call, which covers the consecutive steps of one sample. This module
covers the rest:

- The shared prefix (the prompt's first block: system prompt and tools) is evaluated on its own, from
  position 0, and its KV state is kept in memory and on disk. Later samples, epochs and tasks of the
  process restore it in milliseconds instead of evaluating it, and so do later runs on this machine.
- When another sample (`inspect eval --max-samples`) or another agent (the literature helper) takes
  the model, the conversation its call displaces is saved first, and the next call that continues it
  restores it instead of re-evaluating it.

A restored state is bit for bit the state that evaluating gives, and the shared prefix is always
evaluated the same way (alone, from position 0), so a cache hit never changes what the model writes.
States are llama.cpp's per-sequence state (`llama_state_seq_get_data`): the KV cells only, about 23 KB a
token for SmolLM2-135M with an f16 cache.
"""

import contextlib
import ctypes
import hashlib
import json
import os
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["KVStates", "StateCounts", "state_dir"]

MIN_GAIN = 32  # tokens: below this gain a save or restore (a 70 MB copy) is not worth its memory churn
DISK_FILES = 8  # shared-prefix states kept on disk, most recently used first
_MAGIC = b"OIKV2\n"  # then: token count, tokens, data size, sha256 of the data, the data


def state_dir() -> Path:
    """Where shared-prefix states are kept: $OPENINTERN_LLAMA_STATES, else ~/.cache/openintern/llama-states."""
    default = Path.home() / ".cache" / "openintern" / "llama-states"
    return Path(os.environ.get("OPENINTERN_LLAMA_STATES", default))


@dataclass
class _State:
    tokens: np.ndarray  # the tokens whose KV cells `data` holds, from position 0
    data: Any  # a ctypes uint8 array from llama_state_seq_get_data
    shared: bool  # a shared prefix (kept before conversations when memory runs short)
    from_disk: bool = False  # its leading cells came from a state file, not from evaluating


@dataclass
class StateCounts:
    """What the cache did, for benchmarks and tests: tokens evaluated for shared prefixes, and hits."""

    prefix_evaluated_tokens: int = 0
    prefix_memory_hits: int = 0
    prefix_disk_hits: int = 0
    conversations_saved: int = 0
    conversations_restored: int = 0
    disk_errors: list[str] = field(default_factory=list)


def _common(a: np.ndarray, b: np.ndarray) -> int:
    """Length of the longest common prefix of two token arrays."""
    n = min(len(a), len(b))
    differ = np.flatnonzero(a[:n] != b[:n])
    return int(differ[0]) if len(differ) else n


class KVStates:
    """The KV states of one `llama_cpp.Llama` (sequence 0): shared prefixes and displaced conversations.

    Not thread-safe: the caller holds the model's lock around `prepare` and the generation after it.
    """

    def __init__(self, llama: Any, identity: dict, capacity_bytes: int, directory: Path | None) -> None:
        """
        Args:
            llama: The model whose context this manages.
            identity: Everything the KV values depend on (model file, build, context settings); the
                disk files are keyed by it.
            capacity_bytes: Memory for kept states; least recently used go first.
            directory: Where shared-prefix states persist across runs; None keeps them in memory only.
        """
        self._llama = llama
        self._identity = json.dumps(identity, sort_keys=True).encode()
        self._capacity = capacity_bytes
        self._directory = directory
        self._states: OrderedDict[int, _State] = OrderedDict()  # least recently used first
        self._next_key = 0
        self._owner: int | None = None  # who made the last call
        self.counts = StateCounts()
        # Where the last prepared prompt's leading KV cells came from (a call's log metadata says it):
        # "context" (the previous call left them), "memory" or "disk" (a kept shared prefix),
        # "conversation" (a kept displaced conversation), "evaluated" (the shared prefix, evaluated now);
        # with " (prefix from disk)" when they descend from a state file loaded by an earlier call.
        self.source = "context"
        self._context_from_disk = False  # the context's shared prefix came from a state file

    def prepare(self, tokens: list[int], prefix_len: int, owner: Any = None) -> None:
        """Leave in the context the shared prefix of `tokens` at least, and a longer known prefix when
        one is kept that beats what the context holds by MIN_GAIN tokens.

        Args:
            tokens: The prompt about to be completed.
            prefix_len: How many of its first tokens are the shared prefix (the system block).
            owner: Who is calling (the sample's transcript): the conversation in the context is saved
                before it is cut back when another owner, or another agent (another system block) of
                the same owner, takes the model. The same agent moving on (its budget note, at the end
                of every prompt, changes each step) is not worth a save.
        """
        llama = self._llama
        prompt = np.asarray(tokens, dtype=np.intc)
        held = _common(llama.input_ids[: llama.n_tokens], prompt)
        another = id(owner) != self._owner or held < prefix_len
        if another and llama.n_tokens - held >= MIN_GAIN:
            self._save_current()
        self._owner = id(owner)  # an id, not the transcript: a finished sample's is not kept alive
        source = "context"
        key, known = self._best(prompt)
        if key is not None and known >= prefix_len and (held < prefix_len or known >= held + MIN_GAIN):
            if self._states[key].shared:
                self.counts.prefix_memory_hits += 1
                source = "memory"
            else:
                self.counts.conversations_restored += 1
                source = "conversation"
            self._restore(self._states[key])
            self._states.move_to_end(key)
            held = known
        if prefix_len > 0 and held < prefix_len:
            state = self._load(prompt[:prefix_len])  # restored into the context when found
            if state is not None:
                self.counts.prefix_disk_hits += 1
                source = "disk"
            else:
                llama.reset()
                self._context_from_disk = False
                llama.eval(prompt[:prefix_len].tolist())
                self.counts.prefix_evaluated_tokens += prefix_len
                source = "evaluated"
                state = self._snapshot(shared=True)
                self._store_on_disk(state)
            self._remember(state)
        from_disk = self._context_from_disk and source != "disk" and prefix_len > 0
        self.source = f"{source} (prefix from disk)" if from_disk else source

    def _best(self, prompt: np.ndarray) -> tuple[int | None, int]:
        """The kept state sharing the longest prefix with `prompt`, and that length."""
        best, length = None, 0
        for key, state in self._states.items():
            common = _common(state.tokens, prompt)
            if common > length:
                best, length = key, common
        return best, length

    def _save_current(self) -> None:
        """Keep the conversation the context holds, unless a kept state already covers nearly all of it."""
        llama = self._llama
        current = llama.input_ids[: llama.n_tokens]
        if len(current) == 0:
            return
        _, covered = self._best(current)
        if covered + MIN_GAIN > len(current):
            return
        # A conversation's older states are prefixes of this one: this one replaces them.
        older = [
            k for k, s in self._states.items() if not s.shared and _common(s.tokens, current) == len(s.tokens)
        ]
        for key in older:
            del self._states[key]
        self._remember(self._snapshot(shared=False))
        self.counts.conversations_saved += 1

    def _snapshot(self, shared: bool) -> _State:
        import llama_cpp

        ctx = self._llama._ctx.ctx
        size = llama_cpp.llama_state_seq_get_size(ctx, 0)
        data = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(ctx, data, size, 0)
        if written != size:
            raise RuntimeError(f"llama.cpp wrote {written} of {size} bytes of the sequence state")
        tokens = self._llama.input_ids[: self._llama.n_tokens].copy()
        return _State(tokens, data, shared, from_disk=self._context_from_disk)

    def _restore(self, state: _State) -> None:
        import llama_cpp

        llama = self._llama
        llama._ctx.kv_cache_seq_rm(0, 0, -1)
        if llama_cpp.llama_state_seq_set_data(llama._ctx.ctx, state.data, len(state.data), 0) == 0:
            llama.reset()
            raise RuntimeError("llama.cpp refused a saved sequence state")
        count = len(state.tokens)
        llama.input_ids[:count] = state.tokens
        llama.n_tokens = count
        llama._requires_eval = True  # no live logits: llama-cpp-python re-evaluates the last token
        self._context_from_disk = state.from_disk

    def _remember(self, state: _State) -> None:
        self._states[self._next_key] = state
        self._next_key += 1
        # Over capacity: drop conversations first (least recently used), then shared prefixes.
        held = sum(len(s.data) for s in self._states.values())
        for shared in (False, True):
            for key in [k for k, s in self._states.items() if s.shared == shared]:
                if held <= self._capacity or len(self._states) == 1:
                    return
                held -= len(self._states.pop(key).data)

    # -- on disk: shared prefixes only, keyed by the model's identity and the prefix's tokens --

    def _path(self, prefix: np.ndarray) -> Path | None:
        if self._directory is None:
            return None
        digest = hashlib.sha256(self._identity + b"\0" + prefix.astype("<i4").tobytes()).hexdigest()
        return self._directory / f"{digest[:32]}.kv"

    def _load(self, prefix: np.ndarray) -> _State | None:
        """The prefix's state from disk, restored into the context; None when absent or unusable."""
        path = self._path(prefix)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as file:
                if file.read(len(_MAGIC)) != _MAGIC:
                    raise ValueError("not a state file")
                if int.from_bytes(file.read(8), "little") != len(prefix):
                    raise ValueError("another prefix's state")
                tokens = np.frombuffer(file.read(4 * len(prefix)), dtype="<i4").astype(np.intc)
                size = int.from_bytes(file.read(8), "little")
                digest = file.read(32)
                if not np.array_equal(tokens, prefix) or size > path.stat().st_size:
                    raise ValueError("truncated, or another prefix's state")
                data = (ctypes.c_uint8 * size)()
                if file.readinto(data) != size or hashlib.sha256(data).digest() != digest:
                    raise ValueError("truncated or damaged (its sha256 does not match)")
            state = _State(tokens, data, shared=True, from_disk=True)
            self._restore(state)
        except (OSError, ValueError, RuntimeError) as error:
            self.counts.disk_errors.append(f"{path}: {error}")
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)  # a bad file is evaluated again and rewritten
            self._llama.reset()
            return None
        with contextlib.suppress(OSError):  # a read-only folder: the recency stamp is only a hint
            os.utime(path)
        return state

    def _store_on_disk(self, state: _State) -> None:
        path = self._path(state.tokens)
        if path is None:
            return
        partial = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC)
                file.write(len(state.tokens).to_bytes(8, "little"))
                file.write(state.tokens.astype("<i4").tobytes())
                file.write(len(state.data).to_bytes(8, "little"))
                file.write(hashlib.sha256(state.data).digest())
                file.write(memoryview(state.data))
            os.replace(partial, path)  # atomic: a reader sees a whole file or none
            partial = None
            kept = sorted(path.parent.glob("*.kv"), key=lambda p: p.stat().st_mtime, reverse=True)
            stale = [p for p in path.parent.glob("*.partial") if time.time() - p.stat().st_mtime > 3600]
            for old in kept[DISK_FILES:] + stale:  # beyond the newest; writes a crash left behind
                old.unlink(missing_ok=True)
        except OSError as error:  # a read-only or full disk costs speed, never the run
            self.counts.disk_errors.append(f"{path}: {error}")
        finally:
            if partial is not None:
                with contextlib.suppress(OSError):
                    os.unlink(partial)
