"""`make bench`, the embedded model: its speed in the agent loop against llama.cpp's own, and its build.

    .venv/bin/python -m evals.bench_embedded            # the rows below, printed as a table
    .venv/bin/python -m evals.bench_embedded throughput # one build's raw tokens/s as JSON (a subprocess)

Each figure has an anchor measured in the same run:

- **In the loop against raw.** research_agent runs the demo task on the embedded model, two samples
  one after the other, with an empty state cache (the first sample pays for everything). Every model
  call the log records is then replayed outside the loop: the same llama-cpp-python calls, prompts,
  grammars and seeds (`generate_turn` on a fresh model), each sample from an empty context, with no
  state kept between samples or calls except what llama-cpp-python itself reuses from the previous
  call. A later step in the loop should cost what its replay does; the second sample's first step
  should cost far less than its replay, which evaluates the shared system prompt and tools again.
  The replay runs a minute after the loop, and this VM's speed drifts by up to 25% in minutes; the
  loop's own cost is also measured without drift: each call records the time it spent inside
  llama-cpp-python (`llama_seconds` in the log), against the model event's working time.
- **Later steps against token rates.** A later step against what its evaluated tokens cost at the raw
  prompt and generation rates of the same build, measured in the same run.
- **The shipped build against a native one.** Raw prompt and generation tokens/s of the portable build
  the project installs against a `-march=native` build of the same llama-cpp-python version (built by
  `make bench` into .bench/llama-native-<version>), each in its own process.
- **Check-after grammar sampling** (evals/embedded_sampling.py) against llama-cpp-python's grammar-first
  sampler: tokens/s of the same constrained generation.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROMPT_TOKENS = 2048
GENERATED_TOKENS = 64
REPEATS = 3
Row = tuple[str, str, str, float]


@dataclass
class Call:
    """One model call of the loop run, as its log records it."""

    sample: str
    step: int  # 0 for the sample's first call
    seconds: float  # the call's working time
    input_tokens: int
    output_tokens: int
    evaluated_tokens: int  # tokens llama.cpp ran through the model in the call
    llama_seconds: float  # of `seconds`, the time inside llama-cpp-python
    seed: int
    event: Any  # the ModelEvent, to replay the call


# -- raw throughput, one build per process --


def _text_tokens(llama: Any, count: int) -> list[int]:
    """`count` tokens of fixed English-and-code text (this project's own sources)."""
    text = "".join(path.read_text() for path in sorted(Path(__file__).parent.glob("*.py")))
    tokens = llama.tokenize(text.encode(), add_bos=False, special=False)
    return (tokens * (count // max(len(tokens), 1) + 1))[:count]


def throughput(n_threads: int | None = None) -> dict[str, Any]:
    """Raw llama.cpp speed of the importable llama_cpp build on the embedded GGUF: prompt tokens/s
    (PROMPT_TOKENS from an empty context), generation tokens/s (GENERATED_TOKENS greedy after them),
    constrained generation tokens/s with the grammar first (llama-cpp-python) and checked after
    (evals/embedded_sampling.py). Best of REPEATS each."""
    import llama_cpp
    from llama_cpp import llama_grammar

    from evals.embedded import resolve_gguf
    from evals.embedded_protocol import _argument_grammar

    gguf = str(resolve_gguf("smollm2-135m-instruct"))
    threads = n_threads or os.cpu_count() or 1
    llama = llama_cpp.Llama(model_path=gguf, n_ctx=4096, n_threads=threads, verbose=False)
    tokens = _text_tokens(llama, PROMPT_TOKENS)
    prompt, generation = [], []
    for _ in range(REPEATS):
        llama.reset()
        started = time.perf_counter()
        llama.eval(tokens)
        prompt.append(len(tokens) / (time.perf_counter() - started))
        started = time.perf_counter()
        for _ in range(GENERATED_TOKENS):  # greedy decoding, one token at a time, no sampler cost
            llama.eval([_argmax(llama)])
        generation.append(GENERATED_TOKENS / (time.perf_counter() - started))
    result = {
        "build": llama_cpp.llama_print_system_info().decode().strip(),
        "version": llama_cpp.__version__,
        "threads": threads,
        "prompt_tokens_per_s": max(prompt),
        "generation_tokens_per_s": max(generation),
    }
    from evals.embedded_sampling import CheckAfterLlama

    schema = {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}
    chat = "<|im_start|>user\nList the files, then count the lines of every .py file.<|im_end|>\n"
    chat += "<|im_start|>assistant\nfunctions.bash:\n"
    texts = {}
    for name, cls in (("grammar_first", llama_cpp.Llama), ("check_after", CheckAfterLlama)):
        constrained = cls(model_path=gguf, n_ctx=4096, n_threads=threads, verbose=False)
        prompt_tokens = tokens[:1024] + constrained.tokenize(chat.encode(), add_bos=False, special=True)
        constrained.eval(prompt_tokens)
        rates = []
        for _ in range(REPEATS):
            grammar = _argument_grammar(llama_grammar, schema)
            started = time.perf_counter()
            # Greedy: both samplers then write the same tokens (tested), so they do the same work.
            out = constrained.create_completion(
                prompt=prompt_tokens, grammar=grammar, max_tokens=48, temperature=0.0
            )
            rates.append(out["usage"]["completion_tokens"] / (time.perf_counter() - started))
            texts[name] = out["choices"][0]["text"]
        result[f"constrained_{name}_tokens_per_s"] = max(rates)
    if texts["grammar_first"] != texts["check_after"]:
        raise RuntimeError(f"the two samplers wrote different tokens: {texts}")
    return result


def _argmax(llama: Any) -> int:
    import llama_cpp
    import numpy as np

    logits = llama_cpp.llama_get_logits_ith(llama._ctx.ctx, -1)
    return int(np.argmax(np.ctypeslib.as_array(logits, shape=(llama._n_vocab,))))


def _best(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Per key, the highest rate of several throughput() results (the other keys from the first)."""
    return {k: max(r[k] for r in results) if k.endswith("_per_s") else v for k, v in results[0].items()}


def native_site(version: str) -> Path:
    """Where `make bench` installs the -march=native build of llama-cpp-python `version`."""
    return Path(f".bench/llama-native-{version}/site")


def _throughput_in(site: Path | None) -> dict[str, Any] | None:
    """throughput() in a fresh process, importing llama_cpp from `site` first when given."""
    env = dict(os.environ)
    if site is not None:
        if not (site / "llama_cpp").is_dir():
            return None
        env["PYTHONPATH"] = os.pathsep.join([str(site.resolve()), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
    result = subprocess.run(
        [sys.executable, "-m", "evals.bench_embedded", "throughput"], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        raise RuntimeError(f"the throughput benchmark failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the agent loop against the same calls replayed --


def loop_calls(samples: int = 2) -> tuple[list[Call], dict[str, int]]:
    """Model calls of research_agent on the demo task (demo limits), `samples` samples one after the
    other, on a fresh embedded model with an empty state cache; and what the cache did."""
    from inspect_ai.log import read_eval_log
    from inspect_ai.model import get_model

    from evals.cli import DEMO_LIMITS, DEMO_TASKS
    from evals.embedded import EMBEDDED_DEFAULT
    from evals.run import run_matrix

    with tempfile.TemporaryDirectory() as states, tempfile.TemporaryDirectory() as logs:
        model = get_model(EMBEDDED_DEFAULT, memoize=False, state_cache_dir=states)
        run_matrix(
            DEMO_TASKS,
            ["research_agent"],
            model,
            Path(logs),
            epochs=samples,
            max_samples=1,
            time_limit=DEMO_LIMITS["seconds"],
            message_limit=DEMO_LIMITS["messages"],
            display="none",
        )
        [log_file] = Path(logs).rglob("*.eval")
        log = read_eval_log(str(log_file), resolve_attachments=True)
        states = getattr(getattr(model.api, "engine", None), "states", None)
        counts = vars(states.counts).copy() if states is not None else {}
    calls = []
    for sample in sorted(log.samples or [], key=lambda s: s.epoch):
        events = [e for e in sample.events if e.event == "model"]
        for step, event in enumerate(events):
            usage, meta = event.output.usage, event.output.metadata  # what evals/embedded.py records
            calls.append(
                Call(
                    f"{sample.id}/{sample.epoch}",
                    step,
                    event.working_time or 0.0,
                    usage.input_tokens,
                    usage.output_tokens,
                    meta["evaluated_tokens"],
                    meta["llama_seconds"],
                    meta["seed"],
                    event,
                )
            )
    return calls, counts


def replay(calls: list[Call]) -> list[float]:
    """Seconds of each call replayed outside the loop (see the module docstring)."""
    from inspect_ai.model import GenerateConfig

    from evals.embedded import (
        DEFAULT_MAX_TOKENS,
        _message_to_openai,
        _tool_choice_name,
        _tool_to_openai,
        resolve_gguf,
        sampling_for,
    )
    from evals.embedded_protocol import generate_turn
    from evals.embedded_sampling import CheckAfterLlama

    llama = CheckAfterLlama(
        model_path=str(resolve_gguf("smollm2-135m-instruct")),
        n_ctx=8192,
        n_threads=os.cpu_count(),
        verbose=False,
    )
    seconds, differ = [], 0
    for call in calls:
        if call.step == 0:
            llama.reset()  # a new sample: nothing kept
        event, config = call.event, call.event.config or GenerateConfig()
        messages = [_message_to_openai(m) for m in event.input]
        tools = [_tool_to_openai(t) for t in event.tools]
        sampling = {**sampling_for(config, 0), "seed": call.seed}
        started = time.perf_counter()
        turn = generate_turn(
            llama,
            messages,
            tools,
            _tool_choice_name(event.tool_choice, event.tools),
            sampling,
            config.max_tokens or DEFAULT_MAX_TOKENS,
        )
        seconds.append(time.perf_counter() - started)
        differ += turn.output_tokens != call.output_tokens
    if differ:  # the replay wrote other tokens (another KV batching, sampling): other work, said so
        print(f"Replay: {differ} of {len(calls)} calls generated another number of tokens than in the loop")
    return seconds


def _rate_seconds(call: Call, rates: dict[str, Any]) -> float:
    """What a call's evaluated tokens cost at raw rates: its prompt part at the prompt rate, its
    generated tokens at the generation rate."""
    prompt = max(call.evaluated_tokens - call.output_tokens, 0)
    return prompt / rates["prompt_tokens_per_s"] + call.output_tokens / rates["generation_tokens_per_s"]


def embedded_rows(samples: int = 2) -> list[Row]:
    """The embedded model's rows of the `make bench` table."""
    # The two builds take turns, best of each kept: neither gets the quieter minute of a shared machine.
    import llama_cpp

    site = native_site(llama_cpp.__version__)
    rounds = [(_throughput_in(None), _throughput_in(site)) for _ in range(2)]
    shipped = _best([r[0] for r in rounds])
    native = _best([r[1] for r in rounds if r[1] is not None]) if rounds[0][1] is not None else None
    if native is None:
        print(f"No native build at {site}: `make bench` builds it (BENCH_NATIVE=yes).")
    elif native["version"] != shipped["version"]:  # never with the Makefile's per-version folder
        print(
            f"The native build is llama-cpp-python {native['version']}, the shipped one {shipped['version']}."
        )
        native = None
    calls, counts = loop_calls(samples)
    raw = replay(calls)
    print(
        f"Embedded loop run: {len(calls)} calls over {samples} samples; state cache: "
        + ", ".join(f"{k} {v}" for k, v in counts.items() if v)
    )
    rows: list[Row] = []
    firsts = [i for i, c in enumerate(calls) if c.step == 0]
    later = [i for i, c in enumerate(calls) if c.step > 0 and c.event.tools and len(c.event.tools) > 1]
    for n, index in enumerate(firsts[:2]):
        call = calls[index]
        which = "first sample (empty cache)" if n == 0 else "second sample"
        rows.append(
            (
                f"embedded: first step, {which}, {call.input_tokens} prompt tokens, "
                f"{call.evaluated_tokens} evaluated (s)",
                f"{call.seconds:.2f} loop",
                f"{raw[index]:.2f} raw replay",
                call.seconds / raw[index],
            )
        )
    if later:
        loop_s = statistics.median(calls[i].seconds for i in later)
        raw_s = statistics.median(raw[i] for i in later)
        rows.append(
            (
                f"embedded: later steps, median of {len(later)} (s)",
                f"{loop_s:.2f} loop",
                f"{raw_s:.2f} raw replay",
                loop_s / raw_s,
            )
        )
        inside = statistics.median(calls[i].llama_seconds for i in later)
        rows.append(
            (
                "embedded: later steps, the model event against its own time in llama-cpp-python, "
                f"median of {len(later)} (s)",
                f"{loop_s:.2f} loop",
                f"{inside:.2f} in llama-cpp-python",
                loop_s / inside,
            )
        )
        rated = statistics.median(_rate_seconds(calls[i], shipped) for i in later)
        tokens = statistics.median(calls[i].evaluated_tokens for i in later)
        rows.append(
            (
                f"embedded: later steps against raw token rates, median {tokens:.0f} tokens evaluated (s)",
                f"{loop_s:.2f} loop",
                f"{rated:.2f} at raw rates",
                loop_s / rated,
            )
        )
    for key, what in (("prompt_tokens_per_s", "prompt"), ("generation_tokens_per_s", "generation")):
        if native is None:
            rows.append(
                (f"llama.cpp {what} tokens/s, shipped build", f"{shipped[key]:.0f}", "no native build", 1.0)
            )
        else:
            rows.append(
                (
                    f"llama.cpp {what} tokens/s (higher is better), shipped build vs -march=native",
                    f"{shipped[key]:.0f} shipped",
                    f"{native[key]:.0f} native",
                    shipped[key] / native[key],
                )
            )
    rows.append(constrained_row(shipped))
    print(f"Shipped build: {shipped['build']}")
    if native is not None:
        print(f"Native build:  {native['build']}")
    return rows


def constrained_row(shipped: dict[str, Any]) -> Row:
    after, first = (
        shipped["constrained_check_after_tokens_per_s"],
        shipped["constrained_grammar_first_tokens_per_s"],
    )
    return (
        "constrained generation tokens/s (higher is better): check-after vs grammar-first sampling",
        f"{after:.0f} check-after",
        f"{first:.0f} grammar-first",
        after / first,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", choices=["rows", "throughput"], default="rows")
    parser.add_argument("--samples", type=int, default=2)
    args = parser.parse_args(argv)
    if args.what == "throughput":
        print(json.dumps(throughput()))
        return
    print("\n| figure | measured | anchor | ratio |\n|---|---:|---:|---:|")
    for figure, measured, anchor, ratio in embedded_rows(args.samples):
        print(f"| {figure} | {measured} | {anchor} | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
