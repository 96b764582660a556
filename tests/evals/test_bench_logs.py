"""The report benchmark's synthetic logs (evals/bench_logs.py): a small generation read back by Inspect's
own reader and by the reports' frames. The timings themselves live in `make bench`, never here."""

import math
from collections import Counter
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log, read_eval_log_sample_summaries

from evals.bench_logs import AGENTS, SUBMITTING, TURNS, Layout, bench_logs, generator_version, write_logs
from reports import behaviour_frame, load_logs, samples_frame

# 4 logs (every agent, one task) x 4 seeds x 3 epochs = 48 sample-epochs; the fixed schedule of endings
# makes the 4th sample-epoch of each log limit-stopped and the 8th errored.
LAYOUT = Layout(agents=4, tasks=1, samples=4, epochs=3)


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bench-logs")
    write_logs(folder, LAYOUT, processes=2)  # the pool the benchmark uses
    return folder


@pytest.fixture(scope="module")
def inspect_logs(bench_dir):
    """Every log as Inspect's own reader reads it, keyed by agent."""
    logs = [read_eval_log(str(path)) for path in sorted(bench_dir.glob("*.eval"))]
    return {log.eval.metadata["agent"]: log for log in logs}


def _events(sample, kind: str) -> int:
    return sum(1 for event in sample.events if event.event == kind)


def test_inspect_reads_every_log_with_the_harness_metadata(inspect_logs, bench_dir):
    assert sorted(inspect_logs) == sorted(AGENTS)
    for log in inspect_logs.values():
        assert log.status == "success"
        meta = log.eval.metadata
        assert {"task_id", "task_version", "task_hash", "tier", "limits", "sandbox", "agent"} <= set(meta)
        assert meta["limits"]["messages"] == log.eval.config.message_limit
        assert len(log.samples) == LAYOUT.samples * LAYOUT.epochs
        assert {(s.id, s.epoch) for s in log.samples} == {
            (f"{meta['task_id']}-{seed}", epoch) for seed in range(LAYOUT.samples) for epoch in (1, 2, 3)
        }
        summaries = read_eval_log_sample_summaries(log.location)
        assert len(summaries) == len(log.samples)


def test_samples_are_the_size_asked_for_and_end_every_way(inspect_logs):
    for agent, log in inspect_logs.items():
        endings = Counter()
        for sample in log.samples:
            usage = next(iter(sample.model_usage.values()))
            assert usage.total_tokens == usage.input_tokens + usage.output_tokens > 0
            assert usage.total_cost is not None and sample.working_time <= sample.total_time
            if sample.error is not None:
                endings["error"] += 1
                assert sample.scores is None and _events(sample, "tool") < TURNS
                continue
            value = sample.scores[log.eval.metadata["task_id"]].value
            assert set(value) == {"score", "success"} and 0 <= value["score"] <= 1
            assert value["success"] == float(value["score"] >= 0.8)
            assert _events(sample, "tool") == TURNS  # 20 tool calls, each with its result message
            if sample.limit is not None:
                endings["limit"] += 1
                assert len(sample.messages) == 2 + 2 * TURNS
            elif agent in SUBMITTING:
                endings["submit"] += 1
                assert (
                    len(sample.messages) == 2 + 2 * TURNS
                    and sample.messages[-2].tool_calls[0].function == "submit"
                )
            else:  # the CLI scaffolds end with a final answer after their 20 calls
                endings["final answer"] += 1
                assert len(sample.messages) == 3 + 2 * TURNS and not sample.messages[-1].tool_calls
        assert endings["error"] == 1 and endings["limit"] == 1, (agent, endings)


def test_header_metrics_are_the_mean_of_the_sample_scores(inspect_logs):
    for log in inspect_logs.values():
        task = log.eval.metadata["task_id"]
        scored = [s.scores[task].value for s in log.samples if s.scores]
        metrics = log.results.scores[0].metrics
        assert metrics["score"].value == pytest.approx(sum(v["score"] for v in scored) / len(scored))
        assert log.results.completed_samples == len(scored) == len(log.samples) - 1


def test_the_reports_frames_count_what_inspect_reads(bench_dir, inspect_logs):
    logs = load_logs(bench_dir)
    samples = samples_frame(logs)
    every = [(log.eval.metadata["agent"], s) for log in inspect_logs.values() for s in log.samples]
    assert len(samples) == len(every) == LAYOUT.sample_epochs  # one scorer: one row per sample-epoch
    assert samples["error"].notna().sum() == sum(s.error is not None for _, s in every) == 4
    assert samples["limit"].notna().sum() == sum(s.limit is not None for _, s in every) == 4
    assert samples["score"].isna().sum() == 4  # the errored ones: not scored 0
    cost = sum(next(iter(s.model_usage.values())).total_cost for _, s in every)
    assert samples["cost"].sum() == pytest.approx(cost) and cost > 0
    assert samples["total_tokens"].sum() == sum(
        next(iter(s.model_usage.values())).total_tokens for _, s in every
    )

    behaviour = behaviour_frame(logs).set_index(["agent", "sample_id", "epoch"])
    assert len(behaviour) == LAYOUT.sample_epochs
    for agent, sample in every:
        row = behaviour.loc[(agent, str(sample.id), sample.epoch)]
        assert row["tool_calls"] == _events(sample, "tool")
        assert row["model_turns"] == _events(sample, "model")
        assert bool(row["submitted"]) == (
            agent in SUBMITTING and sample.error is None and sample.limit is None
        )
    assert not math.isnan(behaviour["parsed_calls"].sum())


def test_the_cache_is_reused_and_an_interrupted_generation_is_redone(tmp_path):
    tiny = Layout(agents=1, tasks=1, samples=2, epochs=2)
    folder = bench_logs(tiny, cache=tmp_path, processes=1)
    assert folder.parent.name == generator_version()
    [log] = folder.glob("*.eval")
    written = log.stat().st_mtime_ns
    assert bench_logs(tiny, cache=tmp_path, processes=1) == folder
    assert log.stat().st_mtime_ns == written  # reused, not rewritten

    (folder / "complete.json").unlink()  # as if the generation had been interrupted
    log.write_bytes(b"")
    bench_logs(tiny, cache=tmp_path, processes=1)
    assert len(read_eval_log(str(log)).samples) == tiny.sample_epochs
