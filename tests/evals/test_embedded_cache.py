"""Reusing llama.cpp's KV state (evals/embedded_cache.py) and check-after grammar sampling
(evals/embedded_sampling.py), on the real embedded GGUF: what is reused is what evaluating gives."""

import json

import llama_cpp
import pytest
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, GenerateConfig, get_model
from inspect_ai.tool import bash, python
from llama_cpp import llama_grammar

from evals.embedded import resolve_gguf
from evals.embedded_cache import KVStates
from evals.embedded_protocol import _argument_grammar
from evals.embedded_sampling import CheckAfterLlama

GGUF = str(resolve_gguf("smollm2-135m-instruct"))
SYSTEM = "You are a careful research engineer. " * 20
IDENTITY = {"model": "test", "n_ctx": 2048}


def _llama(cls=CheckAfterLlama):
    return cls(model_path=GGUF, n_ctx=2048, n_threads=2, verbose=False)


def _counting(llama) -> list[int]:
    """Record how many tokens each llama.eval call evaluates."""
    evaluated: list[int] = []
    original = llama.eval

    def eval(tokens):
        evaluated.append(len(tokens))
        return original(tokens)

    llama.eval = eval
    return evaluated


def _tokens(llama, text: str) -> list[int]:
    return llama.tokenize(text.encode(), special=True)


@pytest.fixture
def prefix_and_prompts():
    llama = _llama()
    prefix = _tokens(llama, f"<|im_start|>system\n{SYSTEM}<|im_end|>\n")
    a = _tokens(llama, f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n" + "Fit OLS. " * 30)
    b = _tokens(llama, f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n" + "Plot data. " * 30)
    assert a[: len(prefix)] == prefix == b[: len(prefix)]
    return llama, prefix, a, b


def test_second_sample_restores_the_shared_prefix_instead_of_evaluating_it(prefix_and_prompts, tmp_path):
    llama, prefix, a, b = prefix_and_prompts
    states = KVStates(llama, IDENTITY, 1 << 30, tmp_path)
    evaluated = _counting(llama)
    states.prepare(a, len(prefix), "sample a")
    assert states.counts.prefix_evaluated_tokens == len(prefix) and evaluated == [len(prefix)]
    expected = llama.create_completion(prompt=b, max_tokens=6, temperature=0.0)["choices"][0]["text"]
    # Another agent (another system block, as the final submission's) takes the model in between.
    other = _tokens(llama, "<|im_start|>system\nYou only submit.<|im_end|>\n<|im_start|>user\nGo.")
    states.prepare(other, len(_tokens(llama, "<|im_start|>system\nYou only submit.<|im_end|>\n")), "sample a")
    llama.create_completion(prompt=other, max_tokens=2, temperature=0.0)
    evaluated.clear()
    states.prepare(b, len(prefix), "sample b")
    # restored (the shared prefix, or sample a's saved conversation, which starts with it), not evaluated
    assert states.counts.prefix_memory_hits + states.counts.conversations_restored == 1 and evaluated == []
    assert list(llama.input_ids[: llama.n_tokens][: len(prefix)]) == prefix
    assert llama.create_completion(prompt=b, max_tokens=6, temperature=0.0)["choices"][0]["text"] == expected
    assert sum(evaluated) < len(b) - len(prefix) + 12  # only b's own tokens and the generated ones


def test_a_restored_prefix_gives_exactly_what_evaluating_gives(prefix_and_prompts, tmp_path):
    llama, prefix, a, b = prefix_and_prompts
    KVStates(llama, IDENTITY, 1 << 30, tmp_path).prepare(a, len(prefix))  # evaluates, writes the file
    evaluated_logits = llama.create_completion(prompt=a, max_tokens=12, temperature=0.0)["choices"][0]["text"]
    [file] = tmp_path.glob("*.kv")

    fresh = _llama()  # another process, in effect: nothing in memory
    evaluated = _counting(fresh)
    restored = KVStates(fresh, IDENTITY, 1 << 30, tmp_path)
    restored.prepare(a, len(prefix))
    assert restored.counts.prefix_disk_hits == 1 and evaluated == [] and restored.source == "disk"
    assert (
        fresh.create_completion(prompt=a, max_tokens=12, temperature=0.0)["choices"][0]["text"]
        == evaluated_logits
    )
    # Later calls on those cells say they descend from the file, however the context got them.
    restored.prepare(b, len(prefix), "another sample")
    assert restored.source in ("context (prefix from disk)", "memory (prefix from disk)")
    assert file.exists()


def test_a_state_from_another_model_or_build_is_not_used(prefix_and_prompts, tmp_path):
    llama, prefix, a, _ = prefix_and_prompts
    KVStates(llama, IDENTITY, 1 << 30, tmp_path).prepare(a, len(prefix))
    other = KVStates(_llama(), {**IDENTITY, "build": "AVX512"}, 1 << 30, tmp_path)
    other.prepare(a, len(prefix))
    assert other.counts.prefix_disk_hits == 0 and other.counts.prefix_evaluated_tokens == len(prefix)
    assert len(list(tmp_path.glob("*.kv"))) == 2


@pytest.mark.parametrize("damage", ["truncate", "garbage", "altered"])
def test_a_damaged_state_file_is_evaluated_again_and_rewritten(prefix_and_prompts, tmp_path, damage):
    llama, prefix, a, _ = prefix_and_prompts
    KVStates(llama, IDENTITY, 1 << 30, tmp_path).prepare(a, len(prefix))
    [file] = tmp_path.glob("*.kv")
    whole = file.read_bytes()
    if damage == "truncate":
        file.write_bytes(whole[: len(whole) // 2])
    elif damage == "garbage":
        file.write_bytes(whole[:6] + b"\xff" * 64)
    else:  # 32 bytes of the KV data changed: the file is whole, its values are not
        file.write_bytes(whole[:-1000] + bytes(b ^ 0x5A for b in whole[-1000:-968]) + whole[-968:])
    fresh = _llama()
    states = KVStates(fresh, IDENTITY, 1 << 30, tmp_path)
    states.prepare(a, len(prefix))
    assert states.counts.disk_errors and states.counts.prefix_evaluated_tokens == len(prefix)
    assert file.read_bytes() == whole  # rewritten whole
    fresh.create_completion(prompt=a, max_tokens=2, temperature=0.0)  # and the context works


def test_interleaved_samples_restore_their_own_conversation(prefix_and_prompts, tmp_path):
    llama, prefix, a, b = prefix_and_prompts
    sample_a, sample_b = object(), object()  # the owners: two samples' transcripts
    states = KVStates(llama, IDENTITY, 1 << 30, None)
    evaluated = _counting(llama)
    states.prepare(a, len(prefix), sample_a)
    llama.create_completion(prompt=a, max_tokens=4, temperature=0.0)
    a_next = [*llama.input_ids[: llama.n_tokens]] + _tokens(llama, "<|im_end|>\nok")
    states.prepare(b, len(prefix), sample_b)  # sample b's turn displaces sample a's conversation
    llama.create_completion(prompt=b, max_tokens=4, temperature=0.0)
    evaluated.clear()
    states.prepare(a_next, len(prefix), sample_a)  # sample a again
    llama.create_completion(prompt=a_next, max_tokens=1, temperature=0.0)
    assert states.counts.conversations_saved >= 1 and states.counts.conversations_restored == 1
    assert sum(evaluated) <= 8  # its new tokens only, not its whole conversation
    assert states.source == "conversation"


def test_one_sample_moving_on_saves_nothing(prefix_and_prompts):
    """The research agent's budget note ends every prompt and changes each step: the context is cut
    back a little every step, and that is no reason to save it."""
    llama, prefix, a, _ = prefix_and_prompts
    sample = object()
    states = KVStates(llama, IDENTITY, 1 << 30, None)
    prompt = a
    sources = []
    for step in range(3):
        noted = prompt + _tokens(llama, f"Budget note {step}: " + "left " * 40)
        states.prepare(noted, len(prefix), sample)
        sources.append(states.source)
        llama.create_completion(prompt=noted, max_tokens=2, temperature=0.0)
        prompt = prompt + _tokens(llama, f"<|im_end|>\nstep {step}")
    assert states.counts.conversations_saved == 0
    assert sources == ["evaluated", "context", "context"]
    states.prepare(a, len(prefix), object())  # another sample: now the conversation is worth keeping
    assert states.counts.conversations_saved == 1


def test_memory_stays_within_its_capacity(prefix_and_prompts):
    llama, prefix, a, b = prefix_and_prompts
    states = KVStates(llama, IDENTITY, 1, None)  # one byte: at most the newest state is kept
    for prompt in (a, b, a):
        states.prepare(prompt, len(prefix))
        llama.create_completion(prompt=prompt, max_tokens=2, temperature=0.0)
    assert len(states._states) == 1


@pytest.mark.anyio
async def test_embedded_models_of_a_process_share_the_loaded_model_and_its_prefix(tmp_path):
    first = get_model("embedded/smollm2-135m-instruct", memoize=False, state_cache_dir=str(tmp_path)).api
    second = get_model("embedded/smollm2-135m-instruct", memoize=False, state_cache_dir=str(tmp_path)).api
    assert first.engine is second.engine
    off = get_model("embedded/smollm2-135m-instruct", memoize=False, state_cache_mb=0)
    assert off.api.engine is not first.engine and off.api.engine.states is None
    output = await off.generate([ChatMessageUser(content="Hi.")], config=GenerateConfig(max_tokens=2))
    assert output.metadata["kv_from"] == "off"


@pytest.mark.anyio
async def test_a_second_sample_through_inspect_skips_the_shared_prefix(tmp_path):
    model = get_model(
        "embedded/smollm2-135m-instruct", memoize=False, n_ctx=4096, state_cache_dir=str(tmp_path)
    )
    counts = model.api.engine.states.counts
    evaluated, kv_from = [], []
    for task in ("List the files.", "Show the first line of data.csv."):
        messages = [ChatMessageSystem(content=SYSTEM), ChatMessageUser(content=task)]
        output = await model.generate(
            messages, tools=[bash(), python()], tool_choice="any", config=GenerateConfig(max_tokens=24)
        )
        kv_from.append(output.metadata["kv_from"])
        evaluated.append(
            (counts.prefix_evaluated_tokens, counts.prefix_memory_hits + counts.conversations_restored)
        )
        # the final submission's call (another tool list, so another system block) comes in between
        await model.generate(
            messages, tools=[python()], tool_choice="any", config=GenerateConfig(max_tokens=8)
        )
    # the system prompt and tools evaluated once, restored for the second sample (alone, or as the
    # start of the first sample's saved conversation)
    (first_evaluated, first_restores), (_, second_restores) = evaluated
    assert first_evaluated > 300 and first_restores == 0 and second_restores == 1
    assert kv_from[0] == "evaluated" and kv_from[1] in ("memory", "conversation")  # the log says which


def _grammar_first_and_check_after(prompt: str, grammar_text: str | None, schema: dict | None, **sampling):
    results = []
    for cls in (llama_cpp.Llama, CheckAfterLlama):
        llama = _llama(cls)
        grammar = (
            _argument_grammar(llama_grammar, schema)
            if schema
            else llama_grammar.LlamaGrammar.from_string(grammar_text, verbose=False)
        )
        out = llama.create_completion(prompt=prompt, grammar=grammar, max_tokens=48, **sampling)
        results.append(out["choices"][0]["text"])
    return results


CHAT = f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\nList the files.<|im_end|>\n<|im_start|>assistant\n"
SCHEMA = {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}


def test_check_after_sampling_is_grammar_first_sampling_when_greedy():
    router = 'root ::= "functions.bash:" | "functions.python:" | "message:"\n'
    first, after = _grammar_first_and_check_after(CHAT, router, None, temperature=0.0, stop=[":"])
    assert first == after and first in {"functions.bash", "functions.python", "message"}
    first, after = _grammar_first_and_check_after(CHAT + "functions.bash:\n", None, SCHEMA, temperature=0.0)
    assert first == after


@pytest.mark.parametrize("seed", range(4))
def test_check_after_sampling_obeys_the_grammar_at_temperature(seed):
    llama = _llama()
    grammar = _argument_grammar(llama_grammar, SCHEMA)
    # A prompt that invites prose, so the unconstrained pick is often rejected and resampled.
    prose = "<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n"
    out = llama.create_completion(prompt=prose, grammar=grammar, max_tokens=200, temperature=1.2, seed=seed)
    if out["choices"][0]["finish_reason"] == "stop":
        assert set(json.loads(out["choices"][0]["text"])) == {"command"}
    else:  # cut at max_tokens: still a prefix of a conforming object
        assert out["choices"][0]["text"].lstrip().startswith('{"command"') or out["choices"][0][
            "text"
        ].lstrip().startswith("{")


def test_a_read_only_state_folder_costs_speed_never_the_call(prefix_and_prompts, tmp_path, monkeypatch):
    llama, prefix, a, _ = prefix_and_prompts
    KVStates(llama, IDENTITY, 1 << 30, tmp_path).prepare(a, len(prefix))
    import evals.embedded_cache as cache

    def refuse(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(cache.os, "utime", refuse)
    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    fresh = _llama()
    states = KVStates(fresh, IDENTITY, 1 << 30, tmp_path)
    states.prepare(a, len(prefix))  # read: works, the recency stamp fails quietly
    assert states.counts.prefix_disk_hits == 1
    other = KVStates(_llama(), {**IDENTITY, "n_ctx": 1}, 1 << 30, tmp_path)
    other.prepare(a, len(prefix))  # write: fails, said in the counts, the call goes on
    assert other.counts.prefix_evaluated_tokens == len(prefix) and other.counts.disk_errors
