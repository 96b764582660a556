"""Model presets: the one place that names the models a comparison can use.

    python -m evals.presets list                    # name, Inspect model, kind, context, $ per Mtok
    python -m evals.presets serve-args qwen3-8b     # the HF id and `vllm serve` flags (make serve-vllm)
    openintern run --suite smoke --model qwen3-8b   # a preset name wherever a model is asked for

A preset gives the Inspect model name, how the model is reached (the embedded model in this process,
an open model behind a vLLM server, or a vendor's API), its context length, the `vllm serve` flags its
tool calls need, and its prices in $ per million tokens, with the page each came from.
`register_prices` tells Inspect those prices before a run, so every log carries what it cost.

Prices change: they are as published in PRICES_AS_OF and must be checked on the vendor's page (the
preset's `source`) before a cost is quoted. Open models served here are priced at 0: GPU time is not.
"""

import sys
from dataclasses import dataclass
from typing import Literal

from inspect_ai.model import ModelCost, ModelInfo, get_model_info, set_model_cost, set_model_info

__all__ = [
    "PRESETS",
    "PRICES_AS_OF",
    "Preset",
    "PresetError",
    "preset_for",
    "register_prices",
    "resolve_model",
    "serve_args",
]

PRICES_AS_OF = "2026-11"
"""When the API prices below were taken from the vendors' pages."""

VLLM_TOOL_CALLING = "https://docs.vllm.ai/en/latest/features/tool_calling.html"
ANTHROPIC_PRICING = "https://docs.anthropic.com/en/docs/about-claude/pricing"
OPENAI_PRICING = "https://openai.com/api/pricing/"

# Every open model is served with the same window, so a comparison between them is not one of
# context length; 32k fits each of them, with its KV cache, on one 80 GB GPU.
SERVED_CONTEXT = 32768
_TOOLS = ("--enable-auto-tool-choice", "--tool-call-parser")
_SERVED = ("--max-model-len", str(SERVED_CONTEXT))

FREE = ModelCost(input=0.0, output=0.0, input_cache_write=0.0, input_cache_read=0.0)
"""A model run on our own hardware: logs carry a cost of 0.0, not a missing cost."""
LOCAL_NOTE = "served locally: tokens cost 0 here, GPU time is not priced"


@dataclass(frozen=True)
class Preset:
    """One model a comparison can name."""

    name: str
    """Short id used on the command line and in run configs, e.g. "qwen3-8b"."""
    model: str
    """The Inspect model name, e.g. "vllm/Qwen/Qwen3-8B"."""
    kind: Literal["embedded", "vllm", "api"]
    """Run in this process, behind a vLLM server, or through a vendor's API."""
    context_length: int
    """Tokens of context (for vLLM, what `--max-model-len` serves)."""
    vllm_args: tuple[str, ...] = ()
    """The `vllm serve` flags after the model id: tool calling, served length, formats."""
    prices: ModelCost | None = None
    """$ per million tokens (input, output, cache write, cache read); None when unknown."""
    source: str = ""
    """Where the flags or prices come from (a vendor's docs page or vLLM's tool-calling docs)."""
    note: str = ""
    """What a reader should know before choosing it."""


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in [
        Preset(
            name="embedded",
            model="embedded/smollm2-135m-instruct",
            kind="embedded",
            context_length=8192,
            prices=FREE,
            source="https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct",
            note="runs on the CPU in this process (evals/embedded.py): a demo of the loop, not a capable agent",
        ),
        Preset(
            name="qwen3-8b",
            model="vllm/Qwen/Qwen3-8B",
            kind="vllm",
            context_length=SERVED_CONTEXT,
            vllm_args=(*_TOOLS, "hermes", "--reasoning-parser", "qwen3", *_SERVED),
            prices=FREE,
            source=VLLM_TOOL_CALLING,
            note=f"{LOCAL_NOTE}; thinking goes to reasoning content (--reasoning-parser qwen3)",
        ),
        Preset(
            name="llama-3.1-8b",
            model="vllm/meta-llama/Llama-3.1-8B-Instruct",
            kind="vllm",
            context_length=SERVED_CONTEXT,
            vllm_args=(
                *_TOOLS,
                "llama3_json",
                "--chat-template",
                "examples/tool_chat_template_llama3.1_json.jinja",
                *_SERVED,
            ),
            prices=FREE,
            source=VLLM_TOOL_CALLING,
            note=f"{LOCAL_NOTE}; gated on Hugging Face (accept the licence); the chat template is the "
            "file in vLLM's source tree (examples/), which must exist at that path where vllm serve runs",
        ),
        Preset(
            name="mistral-small",
            model="vllm/mistralai/Mistral-Small-3.2-24B-Instruct-2506",
            kind="vllm",
            context_length=SERVED_CONTEXT,
            vllm_args=(
                *_TOOLS,
                "mistral",
                "--tokenizer-mode",
                "mistral",
                "--config-format",
                "mistral",
                "--load-format",
                "mistral",
                *_SERVED,
            ),
            prices=FREE,
            source="https://huggingface.co/mistralai/Mistral-Small-3.2-24B-Instruct-2506",
            note=f"{LOCAL_NOTE}; about 48 GB of bf16 weights: one 80 GB GPU",
        ),
        Preset(
            name="gpt-oss-20b",
            model="vllm/openai/gpt-oss-20b",
            kind="vllm",
            context_length=SERVED_CONTEXT,
            vllm_args=(*_TOOLS, "openai", *_SERVED),
            prices=FREE,
            source=VLLM_TOOL_CALLING,
            note=f"{LOCAL_NOTE}; vLLM documents tool_choice='auto' only for this parser",
        ),
        Preset(
            name="claude-sonnet-4-5",
            model="anthropic/claude-sonnet-4-5",
            kind="api",
            context_length=200_000,
            prices=ModelCost(input=3.00, output=15.00, input_cache_write=3.75, input_cache_read=0.30),
            source=ANTHROPIC_PRICING,
            note="needs ANTHROPIC_API_KEY; cache write at the 5-minute rate",
        ),
        Preset(
            name="claude-haiku-4-5",
            model="anthropic/claude-haiku-4-5",
            kind="api",
            context_length=200_000,
            prices=ModelCost(input=1.00, output=5.00, input_cache_write=1.25, input_cache_read=0.10),
            source=ANTHROPIC_PRICING,
            note="needs ANTHROPIC_API_KEY; cache write at the 5-minute rate",
        ),
        Preset(
            name="gpt-5",
            model="openai/gpt-5",
            kind="api",
            context_length=400_000,
            prices=ModelCost(input=1.25, output=10.00, input_cache_write=1.25, input_cache_read=0.125),
            source=OPENAI_PRICING,
            note="needs OPENAI_API_KEY; OpenAI does not charge cache writes apart (priced as input)",
        ),
        Preset(
            name="gpt-5-mini",
            model="openai/gpt-5-mini",
            kind="api",
            context_length=400_000,
            prices=ModelCost(input=0.25, output=2.00, input_cache_write=0.25, input_cache_read=0.025),
            source=OPENAI_PRICING,
            note="needs OPENAI_API_KEY; OpenAI does not charge cache writes apart (priced as input)",
        ),
    ]
}


class PresetError(ValueError):
    """A model name that is neither a preset nor an Inspect model name."""


def resolve_model(name: str) -> str:
    """The Inspect model name for a preset name; an Inspect model name ("provider/model") as is.

    Raises:
        PresetError: `name` is neither; the message lists the presets.
    """
    if name in PRESETS:
        return PRESETS[name].model
    if "/" in name:
        return name
    raise PresetError(
        f"unknown model or preset '{name}'; presets: {', '.join(PRESETS)}; "
        "or give an Inspect model name such as anthropic/claude-sonnet-4-5"
    )


def preset_for(model: str) -> Preset | None:
    """The preset for an Inspect model name (or a preset name), None when there is none."""
    if model in PRESETS:
        return PRESETS[model]
    return next((preset for preset in PRESETS.values() if preset.model == model), None)


def serve_args(name: str) -> list[str]:
    """The Hugging Face model id and the `vllm serve` flags of a vLLM preset.

    Raises:
        PresetError: `name` is not a vLLM preset.
    """
    preset = PRESETS.get(name)
    if preset is None or preset.kind != "vllm":
        vllm = [p.name for p in PRESETS.values() if p.kind == "vllm"]
        raise PresetError(f"'{name}' is not a vLLM preset; vLLM presets: {', '.join(vllm)}")
    return [preset.model.removeprefix("vllm/"), *preset.vllm_args]


def _register(preset: Preset) -> None:
    known = get_model_info(preset.model)
    if preset.kind == "api" and known is not None:
        set_model_cost(preset.model, preset.prices)
        return
    # Unknown to Inspect's database (embedded/..., most vllm/...): set_model_cost would raise
    # "Model not found". A local server serves exactly our context length, whatever entry a fuzzy
    # match found (vllm/Qwen/Qwen3-8B matches a hosted Qwen3-8B at 40960), so ours replaces it.
    fields = known.model_dump() if known is not None else {}
    fields.update(context_length=preset.context_length, cost=preset.prices)
    set_model_info(preset.model, ModelInfo(**fields))


def register_prices(models: list[str]) -> dict[str, ModelCost]:
    """Tell Inspect the prices of every model here that has a priced preset; idempotent.

    Models without a preset (mockllm/model, any other name) are left as they are.

    Args:
        models: Inspect model names (preset names work too).

    Returns:
        {Inspect model name: prices}, to pass as `model_cost_config` to `eval` or `eval_set` so that
        every sample's model usage carries its `total_cost`.
    """
    prices: dict[str, ModelCost] = {}
    for model in models:
        preset = preset_for(model)
        if preset is None or preset.prices is None:
            continue
        _register(preset)
        prices[preset.model] = preset.prices
    return prices


def _price(cost: ModelCost | None) -> str:
    if cost is None:
        return "unknown"
    return f"{cost.input:g} / {cost.output:g}"


def _table() -> str:
    rows = [("name", "model", "kind", "context", "$in / $out per Mtok")]
    rows += [(p.name, p.model, p.kind, str(p.context_length), _price(p.prices)) for p in PRESETS.values()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join([*lines, f"API prices as of {PRICES_AS_OF}: they change, check each preset's source."])


def main(argv: list[str]) -> int:
    """`list` prints the presets; `serve-args NAME` prints a vLLM preset's model id and flags."""
    if argv == ["list"]:
        print(_table())
        return 0
    if len(argv) == 2 and argv[0] == "serve-args":
        try:
            print(" ".join(serve_args(argv[1])))
        except PresetError as error:
            print(f"evals.presets: error: {error}", file=sys.stderr)
            return 2
        return 0
    print("usage: python -m evals.presets list | serve-args NAME", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
