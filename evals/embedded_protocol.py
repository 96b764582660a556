"""How a small GGUF chat model is asked for tool calls: a ChatML prompt plus llama.cpp grammars.

The protocol is the one llama-cpp-python's `chatml-function-calling` handler uses (the model first
chooses between `message:` and `functions.<name>:` under a grammar, then writes the arguments under a
grammar built from the tool's JSON schema), with three fixes that handler lacks:

- every generation step is bounded by `max_tokens` (the handler passes `max_tokens=None`, so one
  unterminated string argument runs until the context is full, minutes on a CPU);
- tool results are shown to the model (the handler's template drops `tool` messages);
- a prompt that does not fit the context is reported as `model_length` before any generation.

One tool call per turn: small models do badly with parallel calls.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Turn", "generate_turn", "render_prompt", "shared_prefix"]

_TOOLS_PREAMBLE = """

You have access to the following functions:
{functions}

You can respond to users messages with either a single message or a function call.

To respond with a message begin the message with 'message:', use the following format:

message:
<message>

To call a function begin the message with 'functions.<function_name>:', use the following format:

functions.<function_name>:
{{ "arg1": "value1", "arg2": "value2" }}"""


@dataclass
class Turn:
    """One assistant turn: text, or a single tool call (name and raw JSON arguments)."""

    content: str
    tool_name: str | None
    tool_arguments: str | None
    input_tokens: int
    output_tokens: int
    stop_reason: str  # "stop", "tool_calls", "max_tokens" or "model_length"
    seed: int | None = None  # set by the caller
    evaluated_tokens: int | None = None  # tokens llama.cpp ran through the model; set by the caller
    llama_seconds: float | None = None  # time the turn took in llama-cpp-python; set by the caller
    kv_from: str | None = None  # where the prompt's leading KV cells came from; set by the caller


def _block(role: str, text: str) -> str:
    return f"<|im_start|>{role}\n{text}<|im_end|>\n"


def render_prompt(messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> str:
    """ChatML prompt for OpenAI-style messages; the tool list goes into the system message."""
    functions = "".join(
        f"\nfunctions.{t['function']['name']}:\n{t['function'].get('description', '')}\n"
        f"{json.dumps(t['function']['parameters'])}\n"
        for t in tools
    )
    preamble = _TOOLS_PREAMBLE.format(functions=functions) if tools else ""
    if not messages or messages[0]["role"] != "system":
        messages = [{"role": "system", "content": "You are a helpful assistant."}, *messages]
    prompt = ""
    names: dict[str, str] = {}  # tool_call_id -> function name, to label results
    for message in messages:
        role, content = message["role"], message.get("content") or ""
        if role == "system":
            prompt += _block("system", content + preamble)
        elif role == "assistant":
            calls = message.get("tool_calls") or []
            for call in calls:
                names[call["id"]] = call["function"]["name"]
            text = f"message:\n{content}" if tools and content else content
            text += "".join(
                f"functions.{c['function']['name']}:\n{c['function']['arguments']}" for c in calls
            )
            prompt += _block("assistant", text)
        elif role == "tool":
            name = names.get(message.get("tool_call_id", ""), "the function")
            prompt += _block("user", f"Output of functions.{name}:\n{content}")
        else:
            prompt += _block("user", content)
    return prompt + "<|im_start|>assistant\n"


def shared_prefix(prompt: str) -> str:
    """The prompt's first block (the system prompt and the tool list): what every sample of a run shares."""
    end = prompt.find("<|im_end|>\n")
    return prompt[: end + len("<|im_end|>\n")] if end >= 0 else ""


def _argument_grammar(llama_grammar: Any, parameters: dict[str, Any]) -> Any:
    try:
        return llama_grammar.LlamaGrammar.from_json_schema(json.dumps(parameters), verbose=False)
    except Exception:  # noqa: BLE001  llama.cpp's schema converter rejects some schemas: fall back to any JSON
        return llama_grammar.LlamaGrammar.from_string(llama_grammar.JSON_GBNF, verbose=False)


def generate_turn(
    llama: Any,
    messages: list[dict[str, Any]],
    tools: list[dict[str, Any]],
    tool_choice: str | None,
    sampling: dict[str, Any],
    max_tokens: int,
    prepare: Callable[[list[int], int], None] | None = None,
) -> Turn:
    """Generate one assistant turn with llama.cpp.

    Args:
        llama: A `llama_cpp.Llama`.
        messages: OpenAI-style chat messages.
        tools: OpenAI-style function tools.
        tool_choice: None/"none" (text only), "auto", "any" (must call a tool) or a tool name.
        sampling: temperature, top_p, seed for the free-text and argument steps.
        max_tokens: Bound on the tokens of each generation step.
        prepare: Called with the prompt's tokens and the length of its shared prefix before anything
            is evaluated, to put known KV state in place (evals/embedded_cache.py).
    """
    from llama_cpp import llama_grammar

    tools = [] if tool_choice in (None, "none") else tools
    prompt = render_prompt(messages, tools)

    def tokenize(text: str) -> list[int]:  # as llama-cpp-python tokenizes a text prompt
        return llama.tokenize(text.encode(), special=True)

    tokens = tokenize(prompt)
    input_tokens = len(tokens)
    if input_tokens + max_tokens + 16 > llama.n_ctx():
        return Turn("", None, None, input_tokens, 0, "model_length")
    if prepare is not None:
        prepare(tokens, len(tokenize(shared_prefix(prompt))))

    def complete(text: str, grammar: Any = None, stop: list[str] | None = None, **overrides: Any) -> dict:
        args = {**sampling, "max_tokens": max_tokens, "stop": stop or ["<|im_end|>"], **overrides}
        return llama.create_completion(
            prompt=tokens if text == prompt else tokenize(text), grammar=grammar, **args
        )

    by_name = {t["function"]["name"]: t["function"] for t in tools}
    if tool_choice in by_name:
        chosen: str | None = tool_choice
        output_tokens = 0
    elif tools:
        options = [f'"functions.{name}:"' for name in by_name]
        if tool_choice == "auto":
            options.append('"message:"')
        router = llama_grammar.LlamaGrammar.from_string(f"root ::= {' | '.join(options)}\n", verbose=False)
        step = complete(prompt, router, stop=[":"], temperature=0.0, max_tokens=32)
        head = step["choices"][0]["text"]
        output_tokens = step["usage"]["completion_tokens"]
        chosen = head[len("functions.") :].rstrip(":") if head.startswith("functions.") else None
    else:
        chosen, output_tokens = None, 0

    if chosen is None:
        text_prompt = prompt + ("message:\n" if tools else "")
        step = complete(text_prompt)
        choice = step["choices"][0]
        stop_reason = "max_tokens" if choice["finish_reason"] == "length" else "stop"
        return Turn(
            choice["text"].strip(),
            None,
            None,
            input_tokens,
            output_tokens + step["usage"]["completion_tokens"],
            stop_reason,
        )

    step = complete(
        prompt + f"functions.{chosen}:\n", _argument_grammar(llama_grammar, by_name[chosen]["parameters"])
    )
    arguments = step["choices"][0]["text"].strip()
    # Cut off at max_tokens, the arguments are an unfinished JSON prefix: say so, so the caller can
    # tell the model why its call failed.
    stop_reason = "max_tokens" if step["choices"][0]["finish_reason"] == "length" else "tool_calls"
    return Turn(
        "", chosen, arguments, input_tokens, output_tokens + step["usage"]["completion_tokens"], stop_reason
    )
