"""The embedded default model: the real GGUF through llama.cpp, driven through Inspect's model API."""

import json

import pytest
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, GenerateConfig, get_model
from inspect_ai.tool import ToolFunction, bash, python

from evals.embedded import EMBEDDED_DEFAULT, EmbeddedModelError, resolve_gguf
from evals.embedded_protocol import render_prompt

pytestmark = pytest.mark.anyio
MESSAGES = [
    ChatMessageSystem(content="You are a helpful assistant that uses tools."),
    ChatMessageUser(content="List the files in the current directory."),
]


@pytest.fixture(scope="module")
def model():
    return get_model(EMBEDDED_DEFAULT, memoize=False)


def test_gguf_ships_in_the_package():
    path = resolve_gguf("smollm2-135m-instruct")
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000


def test_unknown_model_name_says_what_is_known():
    with pytest.raises(EmbeddedModelError, match="smollm2-135m-instruct"):
        resolve_gguf("gpt-17")


async def test_emits_a_parsed_tool_call_with_real_tokens(model):
    output = await model.generate(
        MESSAGES, tools=[bash(), python()], tool_choice="any", config=GenerateConfig(max_tokens=64)
    )
    [call] = output.message.tool_calls
    assert call.function in {"bash", "python"}
    assert (
        output.stop_reason == "tool_calls"
        and output.usage.input_tokens > 50
        and output.usage.output_tokens > 0
    )
    # bounded generation: a truncated argument is reported as a parse error, never an exception
    assert call.parse_error is None or "cut off at 64 tokens" in call.parse_error


async def test_arguments_cut_off_by_the_token_bound_say_so(model):
    output = await model.generate(
        MESSAGES, tools=[python()], tool_choice=ToolFunction("python"), config=GenerateConfig(max_tokens=6)
    )
    [call] = output.message.tool_calls
    assert call.parse_error.startswith("the call was cut off at 6 tokens") and call.arguments == {}


def test_raw_control_characters_in_a_string_argument_are_accepted():
    from evals.embedded import _tool_call_from_openai

    call = _tool_call_from_openai(
        {"function": {"name": "python", "arguments": '{"code": "a = 1\n\tprint(a)"}'}}
    )
    assert call.parse_error is None and call.arguments == {"code": "a = 1\n\tprint(a)"}


async def test_plain_text_without_tools(model):
    output = await model.generate(MESSAGES, config=GenerateConfig(max_tokens=16))
    assert output.message.text and not output.message.tool_calls and output.usage.output_tokens <= 16


async def test_prompt_longer_than_context_is_model_length():
    small = get_model(EMBEDDED_DEFAULT, n_ctx=256, memoize=False)
    long_messages = [ChatMessageUser(content="word " * 400)]
    output = await small.generate(long_messages, config=GenerateConfig(max_tokens=16))
    assert output.stop_reason == "model_length" and output.completion == ""


def test_tool_results_are_shown_to_the_model():
    call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "bash", "arguments": json.dumps({"command": "ls"})},
    }
    prompt = render_prompt(
        [
            {"role": "user", "content": "list files"},
            {"role": "assistant", "content": "", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": "paper.md"},
        ],
        [
            {
                "type": "function",
                "function": {"name": "bash", "description": "run", "parameters": {"type": "object"}},
            }
        ],
    )
    assert 'functions.bash:\n{"command": "ls"}' in prompt
    assert "Output of functions.bash:\npaper.md" in prompt
    assert prompt.endswith("<|im_start|>assistant\n")


async def test_the_forced_final_report_closes_within_its_bounds(model):
    from agent.report import brief_submit

    ramble = [
        ChatMessageSystem(content="You are a research engineer."),
        ChatMessageUser(
            content="Write a very long report of everything you did, repeat it, then call submit."
        ),
    ]
    for seed in range(3):
        output = await model.generate(
            ramble,
            tools=[brief_submit(600)],
            tool_choice=ToolFunction("submit"),
            config=GenerateConfig(max_tokens=768, seed=seed, temperature=1.0),
        )
        [call] = output.message.tool_calls
        assert call.parse_error is None and len(call.arguments["summary"]) <= 360
        assert sum(len(value) for value in call.arguments.values()) <= 600
