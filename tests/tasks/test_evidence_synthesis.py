"""evidence_synthesis: the grader credits the careful meta-analysis and nothing short of it.

The oracle's answer scores 1 on every instance; the naive attempt (pool every paper as printed) and
each trivial submission score 0; every shortcut the generator guards against lies at least three
tolerances from the truth; the estimate gates the rest; malformed answers are SubmissionErrors that
name the field to fix.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evals.taskload import materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError

TASK = "evidence_synthesis"
FOLDER, SPEC = task_dir(TASK), load_spec(TASK)
GRADER = load_module(FOLDER / "grader" / "grade.py", "evidence_synthesis_grader_test")
TRIVIAL = sorted(p.stem for p in (FOLDER / "trivial").glob("*.py"))


def _run(script: Path, seed: int, tmp_path: Path) -> tuple[Path, Path]:
    """Run `script` in a fresh copy of the instance's workspace; return (that folder, hidden)."""
    workspace, hidden = materialise_instance(FOLDER, SPEC, seed)
    work = tmp_path / f"{script.parent.name}-{script.stem}-{seed}"
    shutil.copytree(workspace, work)
    subprocess.run([sys.executable, str(script)], cwd=work, check=True, capture_output=True)
    return work, hidden


def _score(work: Path, hidden: Path, seed: int) -> float:
    return SPEC.scoring.normalise(GRADER.grade(work, hidden, seed).metric)[0]


@pytest.fixture(scope="module")
def oracle(tmp_path_factory) -> dict[int, tuple[Path, Path, dict]]:
    """The oracle's answer on every instance: seed -> (folder, hidden, answer)."""
    tmp = tmp_path_factory.mktemp("oracle")
    runs = {}
    for seed in SPEC.instances:
        work, hidden = _run(FOLDER / "solution" / "solve.py", seed, tmp)
        runs[seed] = (work, hidden, json.loads((work / "answer.json").read_text()))
    return runs


def _regrade(oracle, seed: int, tmp_path: Path, **changes) -> float:
    """The score of the oracle's answer with some fields changed."""
    _, hidden, answer = oracle[seed]
    (tmp_path / "answer.json").write_text(json.dumps({**answer, **changes}))
    return _score(tmp_path, hidden, seed)


def test_oracle_scores_one_on_every_instance(oracle):
    for seed, (work, hidden, _) in oracle.items():
        assert _score(work, hidden, seed) == pytest.approx(1.0), seed


def test_naive_attempt_scores_nothing(tmp_path):
    for seed in SPEC.instances:
        work, hidden = _run(FOLDER / "naive" / "solve.py", seed, tmp_path)
        assert _score(work, hidden, seed) == 0.0, seed


@pytest.mark.parametrize("script", TRIVIAL)
def test_trivial_submissions_score_at_most_005(tmp_path, script):
    for seed in SPEC.instances:
        work, hidden = _run(FOLDER / "trivial" / f"{script}.py", seed, tmp_path)
        assert _score(work, hidden, seed) <= 0.05, f"{script} seed {seed}"


def test_every_shortcut_misses_by_three_tolerances():
    for seed in SPEC.instances:
        truth = json.loads((materialise_instance(FOLDER, SPEC, seed)[1] / "truth.json").read_text())
        for name, value in truth["shortcuts"].items():
            miss = abs(value - truth["pooled_estimate"]) / truth["tolerance"]
            assert miss >= 3.0, f"seed {seed}: {name} is {miss:.2f} tolerances from the truth"


def test_the_estimate_gates_everything_else(oracle, tmp_path):
    """A right selection, CI and verdict with the wrong estimate earn nothing; credit fades from one to
    two tolerances."""
    seed = SPEC.instances[0]
    _, hidden, answer = oracle[seed]
    tolerance = json.loads((hidden / "truth.json").read_text())["tolerance"]
    estimate = answer["pooled_estimate"]
    assert _regrade(oracle, seed, tmp_path, pooled_estimate=estimate + 2.01 * tolerance) == 0.0
    assert _regrade(oracle, seed, tmp_path, pooled_estimate=estimate + 1.5 * tolerance) == pytest.approx(0.5)
    assert _regrade(oracle, seed, tmp_path, pooled_estimate=estimate - 0.9 * tolerance) == pytest.approx(1.0)


def test_each_part_counts(oracle, tmp_path):
    seed = SPEC.instances[1]
    _, hidden, answer = oracle[seed]
    truth = json.loads((hidden / "truth.json").read_text())
    wrong_verdict = next(v for v in GRADER.VERDICTS if v != answer["verdict"])
    assert _regrade(oracle, seed, tmp_path, verdict=wrong_verdict) == pytest.approx(0.8)
    narrow = {"ci_lower": answer["pooled_estimate"], "ci_upper": answer["pooled_estimate"]}
    assert _regrade(oracle, seed, tmp_path, **narrow) == pytest.approx(0.8)
    everything = {"included": truth["papers"], "excluded": {}}
    f1 = 2 * len(truth["included"]) / (len(truth["papers"]) + len(truth["included"]))
    assert _regrade(oracle, seed, tmp_path, **everything) == pytest.approx(0.8 + 0.1 * f1)


def test_every_eligibility_problem_and_format_appears_across_seeds():
    """Seeds 0-29 draw every reason, every topic and every verdict (so the instances are not one shape)."""
    generate = load_module(FOLDER / "generate.py", "evidence_synthesis_generate_test")
    reasons, domains, verdicts = set(), set(), set()
    for seed in range(30):
        _, domain, studies, _, _, claim, _ = generate.draw_instance(seed)
        reasons |= {s["reason"] for s in studies if s["reason"]}
        domains.add(domain.key)
        verdicts.add(claim["verdict"])
    assert reasons == set(GRADER.REASONS)
    assert len(domains) == 4 and verdicts == set(GRADER.VERDICTS)


def test_prompt_example_holds_placeholders_only():
    prompt = (FOLDER / "prompt.md").read_text()
    (example,) = re.findall(r"```json\n(.*?)```", prompt, re.S)
    assert not re.findall(r"\d", re.sub(r"<[^>]*>", "", example))
    assert set(json.loads(re.sub(r"<[^>]*>", "0", example))) == set(GRADER.KEYS)


def _answer(oracle, seed: int, **changes) -> dict:
    return {**oracle[seed][2], **changes}


MALFORMED = {
    "missing key": ({"verdict": None}, "lacks"),
    "not a number": ({"pooled_estimate": "1.2"}, "finite number"),
    "bounds reversed": ({"ci_lower": 5.0, "ci_upper": -5.0}, "above ci_upper"),
    "unknown verdict": ({"verdict": "maybe"}, "'verdict' must be one of"),
    "included not a list": ({"included": "P1"}, "'included' must be a list"),
    "excluded not an object": ({"excluded": ["P1"]}, "'excluded' must be an object"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_answers_are_submission_errors(oracle, tmp_path, case):
    seed = SPEC.instances[0]
    changes, message = MALFORMED[case]
    answer = _answer(oracle, seed, **changes)
    answer = {k: v for k, v in answer.items() if v is not None}
    (tmp_path / "answer.json").write_text(json.dumps(answer))
    with pytest.raises(SubmissionError, match=message):
        GRADER.grade(tmp_path, oracle[seed][1], seed)


def test_selection_must_list_every_paper_once_with_known_reasons(oracle, tmp_path):
    seed = SPEC.instances[0]
    _, hidden, answer = oracle[seed]
    first, *rest = answer["included"]
    cases = {
        "missing": {"included": rest},
        "listed twice": {"included": [first, *answer["included"]]},
        "not a paper": {"included": [*answer["included"], "P99"]},
        "unknown exclusion reasons": {
            "excluded": {**answer["excluded"], first: "too small"},
            "included": rest,
        },
    }
    for message, changes in cases.items():
        (tmp_path / "answer.json").write_text(json.dumps({**answer, **changes}))
        with pytest.raises(SubmissionError, match=message):
            GRADER.grade(tmp_path, hidden, seed)


def test_unreadable_answers_are_submission_errors(oracle, tmp_path):
    seed = SPEC.instances[0]
    with pytest.raises(SubmissionError, match="cannot be read"):
        GRADER.grade(tmp_path, oracle[seed][1], seed)
    (tmp_path / "answer.json").write_text("{not json")
    with pytest.raises(SubmissionError, match="not valid JSON"):
        GRADER.grade(tmp_path, oracle[seed][1], seed)


def test_generation_is_deterministic(tmp_path):
    generate = load_module(FOLDER / "generate.py", "evidence_synthesis_generate_determinism")
    for run in ("a", "b"):
        (tmp_path / run / "w").mkdir(parents=True)
        (tmp_path / run / "h").mkdir()
        generate.build(7, tmp_path / run / "w", tmp_path / run / "h")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files and all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )


def test_oracle_reproduces_the_truth_on_every_topic_and_problem(tmp_path):
    """Seeds 0-11 and 29 (a leaked test split) cover the four topics and every eligibility problem: the
    oracle, reading only the workspace, finds the truth's selection and verdict and its estimate to
    within 1e-6 tolerances."""
    generate = load_module(FOLDER / "generate.py", "evidence_synthesis_generate_oracle")
    for seed in [*range(12), 29]:
        work, hidden = tmp_path / f"w{seed}", tmp_path / f"h{seed}"
        work.mkdir()
        hidden.mkdir()
        generate.build(seed, work, hidden)
        subprocess.run(
            [sys.executable, str(FOLDER / "solution" / "solve.py")], cwd=work, check=True, capture_output=True
        )
        truth, answer = (json.loads(p.read_text()) for p in (hidden / "truth.json", work / "answer.json"))
        assert answer["included"] == truth["included"] and answer["excluded"] == truth["excluded"], seed
        assert answer["verdict"] == truth["verdict"], seed
        assert abs(answer["pooled_estimate"] - truth["pooled_estimate"]) < 1e-6 * truth["tolerance"], seed


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[int, tuple[Path, dict]]:
    """Seeds 0-39 built afresh: seed -> (workspace, truth), for checks that need many seeds."""
    generate = load_module(FOLDER / "generate.py", "evidence_synthesis_generate_many")
    runs = {}
    for seed in range(40):
        work, hidden = tmp_path_factory.mktemp(f"w{seed}"), tmp_path_factory.mktemp(f"h{seed}")
        generate.build(seed, work, hidden)
        runs[seed] = (work, json.loads((hidden / "truth.json").read_text()))
    return runs


def _openings(text: str) -> set[str]:
    """The first four words of every sentence and line, lower-cased (numbers and signs dropped)."""
    found = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        words = re.findall(r"[A-Za-z][\w'-]*", sentence)
        if len(words) >= 4:
            found.add(" ".join(words[:4]).lower())
    return found


def test_no_fixed_phrase_tells_the_eligible_papers_apart(built):
    """A sentence opening present in exactly the eligible papers (or exactly the ineligible ones) is a
    shortcut past the screening (the secondary-outcome sentence once was, on every seed); over seeds
    0-39 any such match is chance (at most 3 seeds of 60 for any one opening, measured)."""
    splits: dict[str, int] = {}
    for work, truth in built.values():
        papers: dict[str, set[str]] = {}
        for path in (work / "papers").glob("*.md"):
            for opening in _openings(path.read_text()):
                papers.setdefault(opening, set()).add(path.stem)
        eligible, ineligible = set(truth["included"]), set(truth["excluded"])
        for opening, holders in papers.items():
            if holders in (eligible, ineligible):
                splits[opening] = splits.get(opening, 0) + 1
    assert max(splits.values(), default=0) <= 4, sorted(splits.items(), key=lambda kv: -kv[1])[:5]


def test_every_paper_says_its_cis_are_normal_approximation_intervals(built):
    """Methods say the arms were compared with a t-test; without this sentence a reader following the
    Handbook (6.5.2.3) would take a small study's CI as t-based and its SE as width / (2 t_df)."""
    for seed, (work, _) in built.items():
        for path in (work / "papers").glob("*.md"):
            assert "normal-approximation (z) intervals" in path.read_text(), (seed, path.name)


def test_the_claim_threshold_and_dropping_the_other_scale_are_guarded_shortcuts(built, oracle, tmp_path):
    """An 'inconclusive' answer centred on the claim's threshold, and the pooling without the paper on
    another scale, land at least three tolerances from the truth on every seed, so score nothing."""
    for seed, (_, truth) in built.items():
        signed = truth["direction"] * truth["benefit_threshold"]
        assert truth["shortcuts"]["claim_threshold"] == pytest.approx(signed), seed
        for name in ("claim_threshold", "pool_without_other_unit"):
            miss = abs(truth["shortcuts"][name] - truth["pooled_estimate"]) / truth["tolerance"]
            assert miss >= 3.0, f"seed {seed}: {name} is {miss:.2f} tolerances from the truth"
    for seed in SPEC.instances:
        truth = json.loads((oracle[seed][1] / "truth.json").read_text())
        signed = truth["direction"] * truth["benefit_threshold"]
        at_threshold = {"pooled_estimate": signed, "ci_lower": signed, "ci_upper": signed}
        assert _regrade(oracle, seed, tmp_path, **at_threshold, verdict="inconclusive") == 0.0, seed


def test_papers_are_written_in_id_order(tmp_path, monkeypatch):
    """File times and inode numbers follow the writing order, which must not follow the roles."""
    generate = load_module(FOLDER / "generate.py", "evidence_synthesis_generate_order")
    written: list[str] = []
    write_text = Path.write_text

    def record(path: Path, *args, **kwargs) -> int:
        written.append(path.name)
        return write_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", record)
    for seed in range(6):
        written.clear()
        (tmp_path / f"w{seed}").mkdir()
        (tmp_path / f"h{seed}").mkdir()
        generate.build(seed, tmp_path / f"w{seed}", tmp_path / f"h{seed}")
        papers = [name for name in written if name.startswith("P")]
        assert papers == sorted(papers, key=lambda name: int(name[1:-3])), (seed, papers)
