"""Every research tool through real Inspect runs: a scripted model calls the tool in the bwrap
sandbox (the default) and the test reads what the tool returned to the model. Bad input (missing files, binary and
non-UTF-8 files, huge files, crashing and over-budget scripts) must come back as a short message and
never end the sample."""

import base64
import json

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.model import get_model

from agent import AgentConfig, research_agent
from evals.bwrap import BwrapConfig
from tests.agent.files import PAPER_MD, PAPER_PDF, dataset_files
from tests.conftest import scripted


def _file(content: str | bytes) -> str:
    if isinstance(content, str):
        return content
    return "data:application/octet-stream;base64," + base64.b64encode(content).decode()


BWRAP = ("openintern_bwrap", BwrapConfig())  # the default sandbox: every tool must work inside it


def run_tools(
    tmp_path,
    calls: list[tuple[str, dict]],
    files: dict,
    config: AgentConfig | None = None,
    sandbox=BWRAP,
):
    """Run research_agent with a model that makes `calls` one per turn and then submits.

    Returns the sample and the text of each tool result, in order (the submit call has none).
    """
    steps = [*calls, ("submit", {"summary": "done", "numbers": "n=1 (from a test)"})]
    task = Task(
        dataset=[Sample(input="Study the materials here.", files={k: _file(v) for k, v in files.items()})],
        solver=research_agent(config),
        sandbox=sandbox,
        message_limit=200,
    )
    model = get_model("mockllm/model", custom_outputs=scripted(*steps), memoize=False)
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path / "logs"), display="none")
    assert log.status == "success", log.error
    [sample] = log.samples
    assert sample.error is None and sample.limit is None
    outputs = [m.error.message if m.error else m.text for m in sample.messages if m.role == "tool"]
    assert len(outputs) == len(calls), "every call got a result and the sample went on to submit"
    return sample, outputs


PAPERS = {"paper.md": PAPER_MD, "papers/noise.pdf": PAPER_PDF, "notes/readme.txt": "See paper.md."}


def test_read_paper_lists_outlines_and_reads_by_section_page_and_offset(tmp_path):
    _, (listing, outline, section, by_title, pages, pdf_outline, more) = run_tools(
        tmp_path,
        [
            ("read_paper", {}),
            ("read_paper", {"path": "paper.md"}),
            ("read_paper", {"path": "paper.md", "section": "3"}),
            ("read_paper", {"path": "paper.md", "section": "training"}),
            ("read_paper", {"path": "papers/noise.pdf", "pages": "2-3"}),
            ("read_paper", {"path": "papers/noise.pdf"}),
            ("read_paper", {"path": "paper.md", "start": 1000}),
        ],
        PAPERS,
    )
    assert "3 paper(s)" in listing and "papers/noise.pdf" in listing and "paper.md" in listing
    # A long paper gives its outline, not its whole text.
    assert "Sections" in outline and "[4] 2.1 Training" in outline and "Limits apply. " * 50 not in outline
    assert "91.2% accuracy" in section and "learning rate" not in section
    assert "learning rate of 0.003" in by_title
    assert "--- page 2 ---" in pages and "momentum 0.9" in pages and "4.1 percent" in pages
    assert "Gradient noise" not in pages
    assert "3 pages" in pdf_outline and "2 Method" in pdf_outline
    assert "showing characters 1,000-7,000 of" in more and "start=7000" in more


def test_search_papers_finds_lines_in_markdown_and_pdf(tmp_path):
    _, (hits, pdf_hits, none) = run_tools(
        tmp_path,
        [
            ("search_papers", {"query": "learning rate"}),
            ("search_papers", {"query": "weight decay"}),
            ("search_papers", {"query": "transformer"}),
        ],
        PAPERS,
    )
    assert "paper.md (section '2.1 Training')" in hits and "0.003" in hits
    assert "papers/noise.pdf (p. 2)" in pdf_hits and "0.0005" in pdf_hits
    assert none == "No line matches 'transformer'."


def test_paper_tools_explain_bad_input(tmp_path):
    latin1 = "# R\u00e9sum\u00e9\nCaf\u00e9 au lait.\n".encode("latin-1")
    huge = "# Huge\n" + ("x" * 99 + "\n") * 250_000  # 25 MB: more than the tool reads
    _, (missing, not_utf8, binary, broken_pdf, bad_pages, no_section, huge_out) = run_tools(
        tmp_path,
        [
            ("read_paper", {"path": "nope.md"}),
            ("read_paper", {"path": "latin1.md"}),
            ("read_paper", {"path": "weights.txt"}),
            ("read_paper", {"path": "broken.pdf"}),
            ("read_paper", {"path": "papers/noise.pdf", "pages": "7-9"}),
            ("read_paper", {"path": "paper.md", "section": "Appendix Z"}),
            ("read_paper", {"path": "huge.md"}),
        ],
        {
            **PAPERS,
            "latin1.md": latin1,
            "weights.txt": b"\x00\x01\x02" * 100,
            "broken.pdf": b"%PDF-1.4 this is not really a pdf",
            "huge.md": huge,
        },
    )
    assert missing.startswith("No such file: nope.md.") and "paper.md" in missing
    assert "not valid UTF-8" in not_utf8 and "Caf\ufffd au lait" in not_utf8
    assert "binary file" in binary
    assert "could not be read as a PDF" in broken_pdf
    assert "has pages 1-3" in bad_pages
    assert "No section 'Appendix Z'" in no_section and "Sections" in no_section
    assert "only its first 20,000,000 bytes are read" in huge_out and len(huge_out) < 7_000


def test_arxiv_says_plainly_when_there_is_no_network(tmp_path):
    config = AgentConfig(arxiv_url="http://127.0.0.1:9")  # nothing listens on port 9
    _, (search, fetch, empty) = run_tools(
        tmp_path,
        [("arxiv", {"query": "sparse probes"}), ("arxiv", {"paper_id": "1706.03762"}), ("arxiv", {})],
        {},
        config,
    )
    assert search.startswith("No network:") and "127.0.0.1:9 cannot be reached" in search
    assert fetch.startswith("No network:") and "read_paper" in fetch
    assert empty.startswith("Give a query")


def test_inspect_dataset_profiles_each_format(tmp_path):
    _, (csv, jsonl, npz, latin1, rows, parquet) = run_tools(
        tmp_path,
        [
            ("inspect_dataset", {"path": "data/train.csv"}),
            ("inspect_dataset", {"path": "data/events.jsonl", "label": "kind"}),
            ("inspect_dataset", {"path": "data/arrays.npz"}),
            ("inspect_dataset", {"path": "data/latin1.csv"}),
            ("inspect_dataset", {"path": "data/train.csv", "rows": 2}),
            ("inspect_dataset", {"path": "data/train.parquet", "rows": 0}),
        ],
        dataset_files(),
    )
    assert "200 rows x 4 columns" in csv
    assert "age | float64 | 10 (5.0%)" in csv  # missing values counted, with their share
    assert "Label distribution (label, 2 values): 0: 180 (90.0%), 1: 20 (10.0%)" in csv
    assert "First 5 rows:" in csv
    assert "30 rows x 3 columns" in jsonl and "Label distribution (kind, 2 values): a: 20 (66.7%)" in jsonl
    assert (
        "x: shape (50, 3), dtype float64" in npz and "y: shape (50,)" in npz and "values: 0: 25, 1: 25" in npz
    )
    assert "not valid UTF-8; it was read as latin-1" in latin1 and "Jos\u00e9" in latin1
    assert "First 2 rows:" in rows
    assert "200 rows x 4 columns" in parquet and "age | float64 | 10 (5.0%)" in parquet
    assert "First" not in parquet


def test_inspect_dataset_reads_a_saved_hugging_face_dataset(tmp_path):
    import datasets

    folder = tmp_path / "hf"
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict({"text": ["a", "b", "c"], "label": [0, 1, 1]}),
            "test": datasets.Dataset.from_dict({"text": ["d"], "label": [0]}),
        }
    ).save_to_disk(str(folder))
    files = {f"hf/{p.relative_to(folder)}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    _, (out,) = run_tools(tmp_path, [("inspect_dataset", {"path": "hf"})], files)
    assert "Hugging Face dataset, splits: train (3 rows), test (1 rows)" in out
    assert "== split test ==" in out and "Label distribution (label, 2 values): 1: 2 (66.7%)" in out


def test_inspect_dataset_explains_bad_input(tmp_path):
    huge = "a,b,label\n" + "1.5,2.5,0\n2.5,3.5,1\n" * 6_000_000  # 120 MB: profiled on its first rows
    _, (missing, folder, unknown, malformed, bad_label, big) = run_tools(
        tmp_path,
        [
            ("inspect_dataset", {"path": "data/test.csv"}),
            ("inspect_dataset", {"path": "data"}),
            ("inspect_dataset", {"path": "model.bin"}),
            ("inspect_dataset", {"path": "broken.jsonl"}),
            ("inspect_dataset", {"path": "data/train.csv", "label": "species"}),
            ("inspect_dataset", {"path": "big.csv"}),
        ],
        {**dataset_files(), "model.bin": b"\x00" * 10, "broken.jsonl": '{"a": 1}\n{"a": \n', "big.csv": huge},
    )
    assert missing.startswith("No such file or folder: data/test.csv.") and "data/train.csv" in missing
    assert "is a folder, not a saved `datasets` dataset" in folder and "data/events.jsonl" in folder
    assert ".bin is not a dataset format" in unknown
    assert malformed.startswith("Could not read broken.jsonl as a dataset: ValueError")
    assert "no column 'species'" in bad_label
    assert (
        "about 12,000,000 rows): profiled its first 200,000 rows" in big and "200,000 rows x 3 columns" in big
    )


TRAIN = """
import json, sys, time
lr = float(sys.argv[1])
for epoch in range(3):
    print(json.dumps({"epoch": epoch, "loss": round(1 / (epoch + 1) / lr, 4)}))
print(json.dumps({"val_accuracy": 0.5 + lr}))
print("not a metric line {")
"""


def test_run_experiment_records_runs_and_list_experiments_compares_them(tmp_path):
    sample, (first, second, ranked, chosen) = run_tools(
        tmp_path,
        [
            ("run_experiment", {"command": "python3 train.py 0.1", "name": "lr=0.1"}),
            ("run_experiment", {"command": "python3 train.py 0.3", "name": "lr=0.3"}),
            ("list_experiments", {"metric": "val_accuracy"}),
            ("list_experiments", {"runs": "1", "metric": "loss", "lower_is_better": True}),
        ],
        {"train.py": TRAIN},
    )
    assert first.startswith("Run 1 (lr=0.1): finished after") and "no GPU (CPU only)" in first
    assert "Metrics (4 JSON line(s)): epoch=2, loss=3.333, val_accuracy=0.6" in first
    assert "not a metric line {" in first  # the output's tail comes back too
    assert second.startswith("Run 2 (lr=0.3): finished")
    assert ranked.index("run 2 lr=0.3") < ranked.index("run 1 lr=0.1"), "best val_accuracy first"
    assert "run 2" not in chosen and "loss=3.333" in chosen
    report = sample.output.completion
    assert "## Lab notebook (experiments.jsonl)" in report and "run 2 lr=0.3" in report
    assert "## Numbers and their sources\nn=1 (from a test)" in report


def test_run_experiment_survives_crashes_timeouts_memory_and_missing_scripts(tmp_path):
    hog = "x = bytearray(600_000_000)\nimport time; time.sleep(30)"
    _, (crash, slow, memory, missing, listing) = run_tools(
        tmp_path,
        [
            (
                "run_experiment",
                {"command": "python3 -c 'import json; print(json.dumps({\"step\": 1})); 1/0'"},
            ),
            ("run_experiment", {"command": "sleep 30", "name": "slow", "time_limit": 1}),
            ("run_experiment", {"command": f"python3 -c '{hog}'", "name": "hog", "memory_mb": 200}),
            ("run_experiment", {"command": "python3 nope.py"}),
            ("list_experiments", {}),
        ],
        {},
    )
    assert "crashed (exit code 1)" in crash and "ZeroDivisionError" in crash and "step=1" in crash
    assert "stopped: over its time limit of 1 s after 1." in slow
    assert "stopped: over its memory limit of 200 MB" in memory
    assert "crashed (exit code 2)" in missing and "nope.py" in missing
    assert listing.startswith("4 run(s) recorded") and "run 2 slow: stopped" in listing


SLOW_TRAIN = """import json, time
for epoch in range(3):
    time.sleep(3)
    print(json.dumps({"epoch": epoch, "val_accuracy": 0.7 + epoch / 10}), flush=True)
"""


@pytest.mark.parametrize("sandbox", [BWRAP, "openintern_local"], ids=["bwrap", "local"])
def test_a_background_run_overlaps_with_other_work(tmp_path, sandbox):
    """A 9 s training run in the background while the model spends 6 s writing the next script: the
    work takes about the run's time, not the sum (15 s); the run's metrics so far, its end and its
    notebook record all reach the model."""
    import time

    clock = []

    def timed(*steps):
        script = scripted(*steps)

        def respond(input, tools, tool_choice, config):
            clock.append(time.monotonic())
            return script(input, tools, tool_choice, config)

        return respond

    steps = [
        ("run_experiment", {"command": "python3 train.py", "name": "slow", "background": True}),
        ("bash", {"command": "sleep 6; echo 'print(2)' > next.py; cat next.py"}),
        ("check_experiment", {"run": 1}),
        ("check_experiment", {"run": 1, "wait": 30}),
        ("list_experiments", {}),
        ("submit", {"summary": "done"}),
    ]
    task = Task(
        dataset=[Sample(input="Train.", files={"train.py": SLOW_TRAIN})],
        solver=research_agent(),
        sandbox=sandbox,
        message_limit=60,
    )
    model = get_model("mockllm/model", custom_outputs=timed(*steps), memoize=False)
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")
    [sample] = log.samples
    assert sample.error is None
    started, wrote, so_far, finished, listing = [m.text for m in sample.messages if m.role == "tool"]
    assert (
        started.startswith("Run 1 (slow) started in the background") and "check_experiment(run=1)" in started
    )
    assert wrote.strip() == "print(2)"
    assert so_far.startswith("Run 1 (slow): running for ") and "Metrics so far (" in so_far
    assert "val_accuracy=0." in so_far and '{"epoch": 0, "val_accuracy": 0.7}' in so_far
    assert finished.startswith("Run 1 (slow): finished after 9.") and "epoch=2, val_accuracy=0.9" in finished
    assert listing.startswith("1 run(s) recorded") and "run 1 slow: finished" in listing
    # from the reply that starts the run to its result: the run's 9 s (and the checks), not 9 s + 6 s
    assert clock[4] - clock[0] < 13


def test_a_background_run_can_be_stopped_and_checked_when_none_is_running(tmp_path):
    _, (started, listed, stopped, none_left) = run_tools(
        tmp_path,
        [
            ("run_experiment", {"command": "echo '{\"step\": 1}'; sleep 100", "background": True}),
            ("check_experiment", {"run": 0, "wait": 1}),
            ("check_experiment", {"run": 1, "stop": True}),
            ("check_experiment", {}),
        ],
        {},
    )
    assert "started in the background" in started
    assert listed.startswith("Run 1 (run-1): running") and "step=1" in listed
    assert stopped.startswith("Run 1 (run-1): stopped on request after ") and "step=1" in stopped
    assert none_left.startswith("No run is going on in the background")


def test_plan_is_shown_with_each_budget_note_and_ends_up_in_the_report(tmp_path):
    seen = []
    steps = scripted(
        ("plan", {"steps": "[x] read the paper\ntrain the baseline"}),
        ("bash", {"command": "true"}),
        ("submit", {"summary": "baseline trained", "unfinished": "no tuning"}),
    )

    def respond(input, tools, tool_choice, config):
        seen.append(input[-1].text)
        return steps(input, tools, tool_choice, config)

    task = Task(
        dataset=[Sample(input="Train a baseline.")], solver=research_agent(), sandbox="openintern_local"
    )
    [log] = inspect_eval(
        task, model=get_model("mockllm/model", custom_outputs=respond), log_dir=str(tmp_path)
    )
    [sample] = log.samples
    assert [m.text for m in sample.messages if m.role == "tool"][0] == "Plan saved: 1 of 2 steps done."
    assert "Your plan:" not in seen[0] and "Your plan:\n[x] read the paper\n[ ] train the baseline" in seen[1]
    report = sample.output.completion
    assert report.startswith("## What was done\nbaseline trained")
    assert "## Plan\n[x] read the paper" in report and report.endswith("## Unfinished\nno tuning")
    assert "Lab notebook" not in report  # no experiment was run


def test_every_tool_docstring_gives_the_model_a_schema_with_described_arguments():
    from inspect_ai.tool import ToolDef

    from agent import build_tools

    for tool in build_tools(AgentConfig()):
        definition = ToolDef(tool)
        assert definition.description, definition.name
        for name, param in definition.parameters.properties.items():
            assert param.description, f"{definition.name}.{name}"
    json.dumps([ToolDef(t).parameters.model_dump() for t in build_tools(AgentConfig())])


def test_nothing_the_model_reads_says_it_is_being_evaluated_or_sandboxed():
    from inspect_ai.tool import ToolDef

    from agent import build_tools, submit
    from agent.config import PROMPTS_DIR

    texts = {p.name: p.read_text() for p in PROMPTS_DIR.glob("*.md")}
    for tool in [*build_tools(AgentConfig()), submit()]:
        definition = ToolDef(tool)
        texts[definition.name] = definition.description + json.dumps(definition.parameters.model_dump())
    for name, text in texts.items():
        for word in ("sandbox", "evaluated", "benchmark", "grader", "graded", "scored", "this test"):
            assert word not in text.lower(), f"{name} says {word!r}"


@pytest.mark.parametrize("sandbox", [BWRAP, "openintern_local"], ids=["bwrap", "local"])
def test_a_foreground_run_outlives_a_cancelled_call_only_until_its_own_limit(tmp_path, sandbox):
    """A run whose call is cancelled used to go on running with its supervisor gone: the run now
    ends by its own time limit (the budget cuts that limit to the step's deadline), recorded, with
    nothing left running."""
    import time

    import anyio
    from inspect_ai.solver import solver
    from inspect_ai.util import sandbox as current_sandbox

    from agent.tools.research import run_experiment

    @solver
    def cancel_a_run():
        async def solve(state, generate):
            started = time.monotonic()
            with anyio.move_on_after(2):
                await run_experiment()(command="echo '{\"step\": 1}'; sleep 333.3", name="long", time_limit=6)
            waited = time.monotonic() - started
            script = "pgrep -f 'sleep 33[3].3' || echo 'no run left'; cat experiments.jsonl"
            result = await current_sandbox().exec(["bash", "-c", script])
            state.output.completion = f"{waited:.1f}\n{result.stdout}"
            return state

        return solve

    task = Task(dataset=[Sample(input="x")], solver=cancel_a_run(), sandbox=sandbox)
    [log] = inspect_eval(task, model="mockllm/model", log_dir=str(tmp_path), display="none")
    [sample] = log.samples
    assert sample.error is None, sample.error
    waited, left, record = sample.output.completion.splitlines()
    assert 6 <= float(waited) < 10 and left == "no run left"
    record = json.loads(record)
    assert record["status"] == "stopped: over its time limit of 6 s" and record["metrics"] == {"step": 1}
