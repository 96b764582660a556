"""Submission bundles from real runs: a fresh bundle verifies, and each way of tampering with one (a score
in submission.json, a score inside a log, the task, the sandbox, the limits) fails with a line naming it."""

import argparse
import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import get_model
from inspect_ai.scorer import match
from inspect_ai.solver import generate

from evals.run import run_matrix
from evals.taskspec import content_hash, load_spec
from evals.verify import verify, verify_main
from reports.submission import BundleError, report_from_bundle, submit, submit_main
from tests.conftest import text_reply
from tests.reports.logedit import agent_log, copy_logs, edit_log

ROOT = Path(__file__).resolve().parents[2]
TASK = ROOT / "tasks" / "longley_ols"


@pytest.fixture(scope="module")
def bundle(sanity_logs, tmp_path_factory) -> Path:
    log_dir, _ = sanity_logs
    return submit(log_dir, tmp_path_factory.mktemp("submissions"))


def _copy(bundle: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(bundle, tmp_path / bundle.name))


def _rehash(bundle: Path) -> None:
    """What a careful forger does next: the manifest rewritten to match the edited files."""
    path = bundle / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["files"] = [entry for entry in manifest["files"] if (bundle / entry["path"]).is_file()]
    for entry in manifest["files"]:
        data = (bundle / entry["path"]).read_bytes()
        entry.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    path.write_text(json.dumps(manifest))


def _submission(bundle: Path) -> dict:
    return json.loads((bundle / "report" / "submission.json").read_text())


def _oracle_row(submission: dict) -> int:
    [index] = [
        i
        for i, row in enumerate(submission["results"])
        if row["agent"] == "oracle" and row.get("primary", True)
    ]
    return index


def _oracle_log(bundle: Path) -> Path:
    [path] = [
        p
        for p in (bundle / "logs").rglob("*.eval")
        if read_eval_log(str(p)).eval.metadata["agent"] == "oracle"
    ]
    return path


def test_fresh_bundle_holds_logs_report_and_manifest_and_verifies(bundle, sanity_logs, tmp_path):
    log_dir, _ = sanity_logs
    copied = sorted(p.relative_to(log_dir).as_posix() for p in log_dir.rglob("*") if p.is_file())
    assert (
        sorted(
            p.relative_to(bundle / "logs" / log_dir.name).as_posix()
            for p in (bundle / "logs").rglob("*")
            if p.is_file()
        )
        == copied
    )
    assert "eval-set.json" in copied and sum(name.endswith(".eval") for name in copied) == 2
    for name in ("report.md", "report.html", "results.csv", "submission.json"):
        assert (bundle / "report" / name).is_file(), name
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["format"] == "openintern-bundle/1" and manifest["run_id"] == log_dir.name
    assert manifest["command"].startswith(f"openintern submit {log_dir}")
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(listed) == on_disk
    for path, entry in listed.items():
        data = (bundle / path).read_bytes()
        assert entry == {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert _submission(bundle)["results"][_oracle_row(_submission(bundle))]["score"] == 1.0
    assert verify(bundle, ROOT) == []
    assert verify(_copy(bundle, tmp_path / "moved"), ROOT) == []  # wherever it is copied to


def test_an_existing_bundle_is_never_replaced(bundle, sanity_logs):
    log_dir, _ = sanity_logs
    with pytest.raises(BundleError, match="already exists"):
        submit(log_dir, bundle.parent)


def test_edited_score_in_submission_json_is_named(bundle, tmp_path):
    forged = _copy(bundle, tmp_path)
    submission = _submission(forged)
    row = _oracle_row(submission)
    submission["results"][row]["score"] = 0.8
    (forged / "report" / "submission.json").write_text(json.dumps(submission))
    problems = verify(forged, ROOT)
    assert any(
        p.startswith("file report/submission.json: sha256") and p.endswith("(edited)") for p in problems
    )
    named = f"report/submission.json: results[{row}].score: bundle 0.8 vs recomputed 1.0 (agent oracle"
    assert any(p.startswith(named) and "task longley_ols" in p for p in problems), problems
    _rehash(forged)
    problems = verify(forged, ROOT)
    assert problems and all(p.startswith("report/submission.json: ") for p in problems), problems
    assert any(p.startswith(named) for p in problems)


def test_edited_log_is_caught_by_the_manifest_and_by_recomputation(bundle, tmp_path):
    forged = _copy(bundle, tmp_path)
    path = _oracle_log(forged)
    log = read_eval_log(str(path))
    [sample] = log.samples
    for score in sample.scores.values():
        score.value = {"score": 0.25, "success": 0.0}
    write_eval_log(log, str(path))  # Inspect's own writer: a well-formed .eval zip with the new score
    relative = path.relative_to(forged).as_posix()
    row = _oracle_row(_submission(forged))
    recomputed = f"report/submission.json: results[{row}].score: bundle 1.0 vs recomputed 0.25 (agent oracle"
    problems = verify(forged, ROOT)
    assert any(p.startswith(f"file {relative}: sha256") and p.endswith("(edited)") for p in problems), (
        problems
    )
    assert any(p.startswith(recomputed) for p in problems), problems
    _rehash(forged)  # the manifest now matches the edited log: only recomputation can tell
    problems = verify(forged, ROOT)
    assert not any(p.startswith("file ") for p in problems), problems
    assert any(p.startswith(recomputed) for p in problems), problems
    assert any(
        "results.csv: row" in p and "column score: bundle '1.0' vs recomputed '0.25'" in p for p in problems
    )
    inside = [
        f"log {relative}: its samples give {name} mean {now} but the log's own results (written by Inspect "
        "when the run ended) say 1: a sample's score was changed after the run"
        for name, now in (("score", "0.25"), ("success", "0"))
    ]
    assert set(inside) <= set(problems)
    # A careful forger rebuilds the report from the edited log as well: the log still contradicts itself.
    shutil.rmtree(forged / "report")
    rebuilt = report_from_bundle(forged, forged.name.removesuffix(".bundle"), tmp_path / "rebuilt", None)
    shutil.move(rebuilt.parent, forged / "report")
    _rehash(forged)
    assert verify(forged, ROOT) == inside


def test_removed_log_is_named_by_the_manifest_and_by_recomputation(bundle, tmp_path):
    forged = _copy(bundle, tmp_path)
    path = _oracle_log(forged)
    path.unlink()
    relative = path.relative_to(forged).as_posix()
    assert f"file {relative}: listed in manifest.json but missing from the bundle (removed)" in verify(
        forged, ROOT
    )
    _rehash(forged)
    problems = verify(forged, ROOT)
    assert not any(p.startswith("file ") for p in problems), problems
    assert any(
        p.startswith("report/submission.json: logs[")
        and f"in the bundle but not in the recomputation (file {path.name})" in p
        for p in problems
    ), problems
    assert any(p.startswith("report/results.csv: row") and "(agent oracle" in p for p in problems), problems


def test_changed_task_is_named_with_both_hashes(bundle, tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(TASK, checkout / "tasks" / "longley_ols")
    assert verify(bundle, checkout) == []  # an unchanged copy of the task verifies
    logged = content_hash(TASK)
    with (checkout / "tasks" / "longley_ols" / "README.md").open("a") as readme:
        readme.write("\nA change after the run.\n")
    changed = content_hash(checkout / "tasks" / "longley_ols")
    version = load_spec("longley_ols").version
    assert verify(bundle, checkout) == [
        f"task longley_ols {version}: hash {logged} in the logs vs {changed} in this checkout "
        f"({checkout / 'tasks' / 'longley_ols'}): the task changed since the run"
    ]
    shutil.rmtree(checkout / "tasks" / "longley_ols")
    [line] = verify(bundle, checkout)
    assert line.startswith("task longley_ols: not an OpenIntern task of this checkout")


@pytest.fixture(scope="module")
def local_loose_bundle(tmp_path_factory) -> Path:
    """A real run on the unisolated sandbox with a time limit twice the task's own."""
    log_dir = tmp_path_factory.mktemp("logs") / "local-loose"
    run_matrix(
        ["longley_ols"],
        ["oracle"],
        "mockllm/model",
        log_dir,
        sandbox="local",
        time_limit=1200,
        display="none",
    )
    return submit(log_dir, tmp_path_factory.mktemp("submissions"))


def test_local_sandbox_and_looser_limits_are_flagged(local_loose_bundle):
    declared = load_spec("longley_ols").limits.time
    assert declared < 1200
    problems = verify(local_loose_bundle, ROOT)
    assert len(problems) == 2, problems
    sandbox, limits = problems
    assert sandbox.startswith("sandbox local (oracle on longley_ols): unisolated")
    assert limits == (
        f"limits: task longley_ols time 1200 in the logs vs {declared} s declared in this checkout's "
        "task.yaml (looser than the task allows)"
    )


def test_foreign_task_is_named_as_not_verifiable(tmp_path):
    """An ordinary Inspect task (no OpenIntern task folder, no sandbox) bundles, but cannot verify."""
    task = Task(
        name="plain_qa",
        dataset=MemoryDataset(
            [Sample(input="2+2?", target="4", id="a"), Sample(input="3+3?", target="6", id="b")]
        ),
        solver=generate(),
        scorer=match(),
    )
    log_dir = tmp_path / "logs" / "foreign-run"
    model = get_model("mockllm/model", custom_outputs=[text_reply("4"), text_reply("5")])
    inspect_eval(task, model=model, log_dir=str(log_dir), display="none")
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert any(p.startswith("task plain_qa: not an OpenIntern task of this checkout") for p in problems), (
        problems
    )
    assert (
        "sandbox none (generate on plain_qa): the logs record no sandbox, so isolation cannot be verified"
        in problems
    )
    assert not any(p.startswith(("file ", "report/")) for p in problems), problems


def test_cli_functions_print_the_bundle_and_the_verdict(sanity_logs, tmp_path, capsys):
    log_dir, _ = sanity_logs
    assert submit_main(argparse.Namespace(log_dir=log_dir, out=tmp_path, baseline=None)) == 0
    made = tmp_path / f"{log_dir.name}.bundle"
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(made)
    assert verify_main(argparse.Namespace(bundle=made)) == 0
    assert capsys.readouterr().out.startswith(f"verified: {made}")
    (made / "report" / "report.md").write_text("edited")
    assert verify_main(argparse.Namespace(bundle=made)) == 1
    out = capsys.readouterr().out
    assert "file report/report.md: sha256" in out and f"NOT verified: {made}" in out


def test_a_folder_that_is_no_bundle_is_one_line(tmp_path):
    [line] = verify(tmp_path, ROOT)
    assert (
        line == f"bundle: {tmp_path / 'manifest.json'}: missing; is {tmp_path} a bundle made by "
        "`openintern submit`?"
    )


# Forgeries and real runs that the numbers alone cannot tell from honest ones: each is named by a check of
# what the report's text, the log's header, plan and samples, and the checkout's task.yaml say.


def _solved_copy(solved_log, tmp_path: Path) -> Path:
    """A folder holding a copy of research_agent's solved longley_ols log; the copy's path."""
    log_dir = tmp_path / "logs" / "solved-run"
    log_dir.mkdir(parents=True)
    return Path(shutil.copy(solved_log.location, log_dir / Path(solved_log.location).name))


def test_report_md_and_html_are_recomputed_but_for_their_build_time(bundle, tmp_path):
    forged = _copy(bundle, tmp_path)
    md, html = forged / "report" / "report.md", forged / "report" / "report.html"
    for path in (md, html):  # another build time, as a later rebuild has: not a difference
        path.write_text(
            re.sub(r"Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2}", "Generated 2001-01-01 00:00", path.read_text())
        )
    _rehash(forged)
    assert verify(forged, ROOT) == []
    md.write_text(md.read_text().replace("| null |", "| null (forged) |", 1))
    html.write_text(html.read_text().replace("<td>null</td>", "<td>null (forged)</td>", 1))
    (forged / "report" / "notes.txt").write_text("added")
    _rehash(forged)
    problems = verify(forged, ROOT)
    assert any(p.startswith("report/report.md: line ") and "null (forged)" in p for p in problems), problems
    assert any(p.startswith("report/report.html: line ") and "null (forged)" in p for p in problems), problems
    assert "report/notes.txt: in the bundle but not made by rebuilding the report from its logs" in problems
    assert len([p for p in problems if not p.startswith("file ")]) == 3, problems  # "file": the manifest's


def test_a_tier_or_version_relabelled_in_a_logs_header_is_named(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    oracle = agent_log(log_dir, "oracle")

    def relabel(log) -> None:
        log.eval.metadata.update(tier="core")  # into the headline
        log.eval.task_version = "9-Z"  # the samples' metadata still say the real version

    edit_log(oracle, relabel)
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    spec, name = load_spec("longley_ols"), f"log logs/{log_dir.name}/{oracle.name}"
    assert f"{name}: tier core in the log vs {spec.tier} in this checkout's task.yaml" in problems
    assert f"{name}: task version 9-Z in the header vs {spec.version} in its samples" in problems


def test_every_problem_of_the_rebuilt_report_fails_verification(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    null = agent_log(log_dir, "null")
    null.write_bytes(null.read_bytes()[:1000])  # unreadable: the null agent's zeros would vanish
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert any(p.startswith(f"report problem: {null.name}: cannot be read") for p in problems), problems


def test_scored_samples_in_a_log_without_results_fail_verification(sanity_logs, tmp_path):
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    null = agent_log(log_dir, "null")

    def promote(log) -> None:  # the null agent solves the task, and no metric is left to contradict it
        for sample in log.samples:
            for score in sample.scores.values():
                score.value = {"score": 1.0, "success": 1.0}
        log.results = None

    edit_log(null, promote)
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert f"log logs/{log_dir.name}/{null.name}: scored samples but no results" in " ".join(problems), (
        problems
    )


def test_samples_past_the_token_limit_the_log_claims_fail_verification(solved_log, tmp_path):
    path = _solved_copy(solved_log, tmp_path)

    def claim(log) -> None:
        log.eval.config.token_limit = 100
        log.eval.metadata["limits"]["tokens"] = 100

    edit_log(path, claim)
    problems = verify(submit(path.parent, tmp_path / "submissions"), ROOT)
    assert any(
        p.startswith(f"log logs/solved-run/{path.name}: 1 samples used more tokens than the limit of 100")
        for p in problems
    ), problems
    assert verify(submit(Path(solved_log.location).parent, tmp_path / "honest"), ROOT) == []


def test_a_token_limit_metered_by_a_formula_fails_verification(tmp_path):
    """Inspect's own `--token-limit 'FORMULA:N'`: the log's token_limit reads N, the metering is looser."""
    from evals.agents import oracle
    from evals.taskload import build_task

    log_dir = tmp_path / "logs" / "metered"
    inspect_eval(
        build_task("longley_ols", solver=oracle()),
        model="mockllm/model",
        token_limit="(input*0.0001)+output:300000",
        log_dir=str(log_dir),
        display="none",
    )
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert any("token limit metered as '(input*0.0001)+output'" in p for p in problems), problems


def test_a_model_relabelled_in_the_header_is_named_with_the_model_that_ran(solved_log, tmp_path):
    path = _solved_copy(solved_log, tmp_path)
    edit_log(path, lambda log: setattr(log.eval, "model", "anthropic/claude-opus-4-1"))
    problems = verify(submit(path.parent, tmp_path / "submissions"), ROOT)
    assert (
        f"log logs/solved-run/{path.name}: the header names model anthropic/claude-opus-4-1 but its samples' "
        "usage is of mockllm/model only: the model was relabelled"
    ) in problems


def test_an_agent_named_otherwise_than_the_plan_that_ran_is_named(tmp_path):
    from evals.agents import oracle
    from evals.taskload import build_task

    log_dir = tmp_path / "logs" / "label-run"
    [log] = inspect_eval(
        build_task("longley_ols", solver=oracle()),
        model="mockllm/model",
        metadata={"agent": "research_agent"},
        log_dir=str(log_dir),
        display="none",
    )
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert (
        f"log logs/label-run/{Path(log.location).name}: the metadata names agent research_agent but the plan "
        "that ran ends with solver oracle (expected research_agent): the agent was relabelled"
    ) in problems


def test_samples_are_checked_against_the_instances_task_yaml_declares(sanity_logs, tmp_path):
    """One of three instances (`--sample-id`, a real run), and a log copied under a new task id."""
    from evals.agents import null
    from evals.taskload import build_task

    log_dir = tmp_path / "logs" / "subset-run"
    inspect_eval(
        build_task("hampel_smoother", solver=null()),
        model="mockllm/model",
        sample_id="hampel_smoother-1",
        log_dir=str(log_dir),
        display="none",
    )
    seeds = load_spec("hampel_smoother").instances
    missing = sorted(f"hampel_smoother-{seed} epoch 1" for seed in seeds if seed != 1)
    problems = verify(submit(log_dir, tmp_path / "submissions"), ROOT)
    assert (
        f"samples of null on mockllm/model x hampel_smoother: {len(missing)} sample-epochs missing "
        f"({', '.join(missing)}); task.yaml declares instances {seeds} x 1 epochs"
    ) in problems, problems

    twice = copy_logs(sanity_logs[0], tmp_path)
    oracle = agent_log(twice, "oracle")
    copy = Path(shutil.copy(oracle, oracle.with_name(oracle.stem + "-copy.eval")))
    edit_log(copy, lambda log: setattr(log.eval, "task_id", log.eval.task_id + "x"))
    problems = verify(submit(twice, tmp_path / "twice"), ROOT)
    assert any(
        p.startswith("samples of oracle on mockllm/model x longley_ols: 1 sample-epochs held more than once")
        for p in problems
    ), problems


def test_figures_are_compared_with_the_ones_drawn_again_from_the_logs(bundle, tmp_path):
    forged = _copy(bundle, tmp_path)
    first, second = sorted((forged / "report").glob("*.png"))[:2]
    first.write_bytes(second.read_bytes())  # report.md now shows another figure under this name
    html = forged / "report" / "report.html"
    encoded = [base64.b64encode(p.read_bytes()).decode() for p in (bundle / "report" / first.name, second)]
    html.write_text(html.read_text().replace(*encoded))  # and report.html inlines it
    _rehash(forged)
    problems = verify(forged, ROOT)
    assert any(p.startswith(f"report/{first.name}: ") and "recomputed" in p for p in problems), problems
    assert any(
        p.startswith("report/report.html: line ") and f"<inlined {second.name}>" in p for p in problems
    ), problems


def test_a_renamed_reducer_is_recomputed_or_named(sanity_logs, tmp_path):
    """Renaming the epoch reducer must not switch off the check of a log's samples against its results."""
    log_dir = copy_logs(sanity_logs[0], tmp_path)
    null = agent_log(log_dir, "null")

    def promote(log, reducer: str) -> None:
        for sample in log.samples:
            for score in sample.scores.values():
                score.value = {"score": 1.0, "success": 1.0}
        for score in log.results.scores:
            score.reducer = reducer

    edit_log(null, lambda log: promote(log, "max"))  # recomputed with max: the results still say 0
    problems = verify(submit(log_dir, tmp_path / "max"), ROOT)
    assert (
        f"log logs/{log_dir.name}/{null.name}: its samples give score mean 1 but the log's own results"
        in (" ".join(problems))
    ), problems
    edit_log(null, lambda log: promote(log, "pass_at_2"))  # one this cannot recompute: named
    problems = verify(submit(log_dir, tmp_path / "pass_at"), ROOT)
    assert any("reduces epochs by 'pass_at_2', which this cannot recompute" in p for p in problems), problems


def test_samples_usage_is_checked_against_the_headers_totals(solved_log, tmp_path):
    path = _solved_copy(solved_log, tmp_path)

    def edit(log) -> None:
        for sample in log.samples:
            for usage in sample.model_usage.values():
                usage.total_cost = 0.0001  # the header's totals, Inspect's own, record no cost
                usage.total_tokens //= 2  # and half the tokens

    edit_log(path, edit)
    header = read_eval_log(str(path), header_only=True)
    [(model, totals)] = header.stats.model_usage.items()
    problems = verify(submit(path.parent, tmp_path / "submissions"), ROOT)
    name = f"log logs/solved-run/{path.name}"
    assert f"{name}: its samples record a cost of 0.0001 for {model}, the header's totals None" in problems
    halved = sum(u.total_tokens for s in read_eval_log(str(path)).samples for u in s.model_usage.values())
    assert (
        f"{name}: its samples record {halved} tokens of {model}, the header's totals {totals.total_tokens}"
        in (problems)
    )
