"""Model presets: names resolve, vLLM presets carry their tool-calling flags, and the prices reach
Inspect so that a real run's log carries its cost."""

import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelCost, ModelOutput, ModelUsage, get_model, get_model_info, set_model_info
from inspect_ai.model._model_info import _custom_models, clear_model_info_cache
from inspect_ai.solver import generate

from evals.presets import PRESETS, Preset, PresetError, preset_for, register_prices, resolve_model, serve_args

ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def inspect_model_info():
    """Start each test from Inspect's own model database (earlier runs in this process registered
    prices), and leave the registry as the test found it."""
    saved = dict(_custom_models)
    clear_model_info_cache()
    yield
    clear_model_info_cache()
    for model, info in saved.items():
        set_model_info(model, info)


def test_every_preset_resolves_to_its_inspect_model():
    for name, preset in PRESETS.items():
        assert preset.name == name
        assert resolve_model(name) == preset.model
        assert preset_for(preset.model) is preset
        assert preset_for(name) is preset
        if preset.kind != "api":
            assert preset.model.startswith(f"{preset.kind}/"), name
        assert preset.source.startswith("https://"), name
        assert preset.prices is not None, name
    assert preset_for("mockllm/model") is None


def test_inspect_model_names_pass_through_and_unknown_names_fail_in_one_line():
    assert resolve_model("vllm/Qwen/Qwen3-8B") == "vllm/Qwen/Qwen3-8B"
    assert resolve_model("mockllm/model") == "mockllm/model"
    with pytest.raises(PresetError) as error:
        resolve_model("foo")
    message = str(error.value)
    assert "\n" not in message
    assert "'foo'" in message
    for name in PRESETS:
        assert name in message


def test_every_vllm_preset_serves_tool_calls_at_its_context_length():
    vllm = [preset for preset in PRESETS.values() if preset.kind == "vllm"]
    assert len(vllm) >= 3
    for preset in vllm:
        args = serve_args(preset.name)
        assert args[0] == preset.model.removeprefix("vllm/")
        assert "--enable-auto-tool-choice" in args
        parser = args[args.index("--tool-call-parser") + 1]
        assert not parser.startswith("--"), preset.name
        assert args[args.index("--max-model-len") + 1] == str(preset.context_length)
        assert preset.prices == ModelCost(input=0, output=0, input_cache_write=0, input_cache_read=0)
        assert "GPU time is not priced" in preset.note
    assert serve_args("qwen3-8b")[:4] == [
        "Qwen/Qwen3-8B",
        "--enable-auto-tool-choice",
        "--tool-call-parser",
        "hermes",
    ]
    assert "llama3_json" in serve_args("llama-3.1-8b")
    with pytest.raises(PresetError, match="not a vLLM preset"):
        serve_args("claude-sonnet-4-5")


def test_register_prices_makes_inspect_know_the_prices_of_priced_presets_only():
    models = ["anthropic/claude-sonnet-4-5", "vllm/Qwen/Qwen3-8B", "mockllm/model"]
    sonnet, qwen = PRESETS["claude-sonnet-4-5"].prices, PRESETS["qwen3-8b"].prices
    expected = {"anthropic/claude-sonnet-4-5": sonnet, "vllm/Qwen/Qwen3-8B": qwen}
    assert register_prices(models) == expected
    assert register_prices(models) == expected  # idempotent
    claude = get_model_info("anthropic/claude-sonnet-4-5")
    assert claude.cost == sonnet
    assert (claude.organization, claude.context_length) == ("Anthropic", 200_000)  # the catalog entry kept
    assert get_model_info("vllm/Qwen/Qwen3-8B").cost == qwen
    assert get_model_info("vllm/Qwen/Qwen3-8B").context_length == 32768  # served length, not the catalog's
    assert get_model_info("mockllm/model") is None


def test_register_prices_works_for_models_unknown_to_inspect():
    # set_model_cost alone raises "Model not found" for these: they need set_model_info
    unknown = ["embedded/smollm2-135m-instruct", "vllm/meta-llama/Llama-3.1-8B-Instruct"]
    assert all(get_model_info(model) is None for model in unknown)
    prices = register_prices([preset.model for preset in PRESETS.values()])
    assert set(prices) == {preset.model for preset in PRESETS.values()}
    for preset in PRESETS.values():
        assert get_model_info(preset.model).cost == preset.prices, preset.name


def test_a_real_inspect_run_logs_the_cost_of_its_tokens(tmp_path, monkeypatch):
    prices = ModelCost(input=1.0, output=2.0, input_cache_write=1.25, input_cache_read=0.1)
    monkeypatch.setitem(
        PRESETS,
        "mock",
        Preset(name="mock", model="mockllm/model", kind="api", context_length=8192, prices=prices),
    )
    output = ModelOutput.from_content("mockllm/model", "hello")
    output.usage = ModelUsage(input_tokens=1000, output_tokens=500, total_tokens=1500)
    task = Task(dataset=[Sample(input="hi")], solver=generate())
    [log] = inspect_eval(
        task,
        model=get_model("mockllm/model", custom_outputs=[output]),
        model_cost_config=register_prices(["mockllm/model"]),
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    cost = (1000 * 1.0 + 500 * 2.0) / 1_000_000
    [sample] = log.samples
    assert sample.model_usage["mockllm/model"].total_cost == pytest.approx(cost)
    assert log.stats.model_usage["mockllm/model"].total_cost == pytest.approx(cost)


def _presets_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "evals.presets", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_prints_serve_args_for_the_makefile_and_refuses_other_presets():
    served = _presets_cli("serve-args", "qwen3-8b")
    assert served.returncode == 0, served.stderr
    [line] = served.stdout.splitlines()
    assert line.split()[0] == "Qwen/Qwen3-8B"
    assert "--tool-call-parser hermes" in line

    refused = _presets_cli("serve-args", "claude-sonnet-4-5")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "claude-sonnet-4-5" in refused.stderr

    listed = _presets_cli("list")
    assert listed.returncode == 0, listed.stderr
    for preset in PRESETS.values():
        assert preset.model in listed.stdout
    assert "3 / 15" in listed.stdout  # claude-sonnet-4-5, $ per million input / output tokens
