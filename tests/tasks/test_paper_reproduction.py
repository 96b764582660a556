"""paper_reproduction: the decisive settings are in the paper and nowhere else the agent reads, and
the grader passes the paper's configuration and fails every near miss, hard-coded numbers and
malformed tables."""

import dataclasses
import json
import re
import shutil

import numpy as np
import pytest

from evals.taskload import materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError

FOLDER = task_dir("paper_reproduction")
SPEC = load_spec("paper_reproduction")
grader = load_module(FOLDER / "grader" / "grade.py", "paper_reproduction_grader_under_test")
generate = grader.generate
ONES = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spellings(value: float | int) -> list[str]:
    """Ways a paper or a file could write `value`: digits, a bare leading point, scientific notation,
    per cent, and an integer in words."""
    if isinstance(value, int):
        tens, ones = divmod(value, 10)
        words = TEENS[ones] if tens == 1 else TENS[tens] + (f"-{ONES[ones]}" if ones else "")
        return [str(value), words, words.replace("-", " ")]
    mantissa, exponent = f"{value:e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = int(exponent)
    written = [f"{value:g}", f"{value:g}".lstrip("0")]
    written += [f"{mantissa}e{power}", f"{mantissa}e{power:+03d}", f"{mantissa}e{power:03d}"]
    written += [
        f"{mantissa} x 10^{power}",
        f"{mantissa}×10^{power}",
        f"{value * 100:g}%",
        f"{value * 100:g} %",
    ]
    return sorted(set(written))


def found(text: str, value: float | int) -> list[str]:
    """The spellings of `value` that occur in `text` as a whole number (not inside a longer one)."""
    return [
        s
        for s in spellings(value)
        if re.search(rf"(?<![\w.]){re.escape(s)}(?![\w]|\.\d)", text, flags=re.IGNORECASE)
    ]


@pytest.mark.parametrize("seed", SPEC.instances)
def test_every_decisive_setting_is_in_the_paper_and_in_no_other_file_the_agent_reads(seed):
    workspace, hidden = materialise_instance(FOLDER, SPEC, seed)
    decisive = json.loads((hidden / "decisive.json").read_text())
    paper = "".join((workspace / name).read_text() for name in decisive["paper"])
    others = {p.name: p.read_text() for p in workspace.rglob("*") if p.is_file()}
    others = {name: text for name, text in others.items() if f"paper/{name}" not in decisive["paper"]}
    others["prompt.md"] = (FOLDER / "prompt.md").read_text()
    assert len(decisive["settings"]) >= 3
    for name, value in decisive["settings"].items():
        assert found(paper, value), (seed, name, value)
        for file, text in others.items():
            assert not found(text, value), (seed, name, value, file, found(text, value))


@pytest.mark.parametrize("seed", SPEC.instances)
def test_the_method_section_and_related_work_state_no_decisive_value(seed):
    workspace, hidden = materialise_instance(FOLDER, SPEC, seed)
    settings = json.loads((hidden / "decisive.json").read_text())["settings"]
    main = (workspace / "paper" / "main.md").read_text()
    for section in ("## 2 Related work", "## 4 Method"):
        text = main[main.index(section) : main.index("\n## ", main.index(section) + 1)]
        assert not [v for v in settings.values() if found(text, v)], (seed, section)


def test_settings_vary_per_seed_and_differ_from_defaults_and_the_distractor():
    defaults = generate.Settings(None, 1.0, 5, 1)
    studies = [generate.study(seed) for seed in range(12)]
    for field in ("clip_threshold", "inverse_regularisation", "neighbours", "min_leaf"):
        assert len({getattr(s.settings, field) for s in studies}) >= 6, field
        for s in studies:
            assert getattr(s.settings, field) not in (getattr(defaults, field), getattr(s.distractor, field))
    assert len({tuple(generate.placement(seed).values()) for seed in range(12)}) >= 4


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """Seed 0's data, hidden folder and a scoring-time test set, built once for the grader tests."""
    workspace, hidden_source = materialise_instance(FOLDER, SPEC, 0)
    hidden = tmp_path_factory.mktemp("paper") / "hidden"
    shutil.copytree(hidden_source, hidden)
    grader.make_test_set(hidden, 0, 99, hidden / "test")
    import pandas as pd

    return pd.read_csv(workspace / "data.csv"), pd.read_csv(hidden / "test" / "inputs" / "data.csv"), hidden


def _grade(tmp_path, instance, settings, claimed=None, fresh=None):
    """Grade `settings` run as submitted code would be: one forest seed, on both data sets."""
    data, test, hidden = instance
    own = generate.results_table(data, settings, [0])
    for name, table in [
        ("results.json", claimed or own),
        ("own_reproduced.json", own),
        ("reproduced.json", fresh or generate.results_table(test, settings, [0])),
    ]:
        (tmp_path / name).write_text(json.dumps(table))
    return grader.grade(tmp_path, hidden, 0)


def test_the_papers_configuration_passes_with_any_forest_seed(tmp_path, instance):
    data, test, hidden = instance
    true = generate.study(0).settings
    assert _grade(tmp_path, instance, true).metric == 1.0
    other_seed = generate.results_table(test, true, [7])
    assert _grade(tmp_path, instance, true, fresh=other_seed).metric == 1.0


NEAR_MISSES = {
    "library defaults, clip at 3 (the naive attempt)": dict(
        clip_threshold=3.0, inverse_regularisation=1.0, neighbours=5, min_leaf=1
    ),
    "no clipping": dict(clip_threshold=None),
    "C = 1": dict(inverse_regularisation=1.0),
    "k = 5": dict(neighbours=5),
}  # leaf 1 is not a near miss on seed 0: a guessed leaf of 35 matches its forest, so those cells are blind


@pytest.mark.parametrize("miss", NEAR_MISSES)
def test_a_missed_setting_fails(tmp_path, instance, miss):
    settings = dataclasses.replace(generate.study(0).settings, **NEAR_MISSES[miss])
    assert _grade(tmp_path, instance, settings).metric < SPEC.scoring.success_threshold


def test_the_related_work_configuration_fails(tmp_path, instance):
    assert _grade(tmp_path, instance, generate.study(0).distractor).metric <= 0.5


def test_a_blind_configuration_scores_zero(tmp_path, instance):
    """Clip 3, defaults and a guessed leaf size of 35 (trivial/reproduce_blind.py): the forest's cells
    would match, but cells a blind configuration matches do not count."""
    blind = generate.Settings(3.0, 1.0, 5, 35)
    grade = _grade(tmp_path, instance, blind)
    assert grade.metric == 0.0 and ["random_forest", "brier"] in grade.details["workspace_blind"]


def test_hard_coded_numbers_score_zero(tmp_path, instance):
    data, test, hidden = instance
    truth = json.loads((hidden / "truth.json").read_text())
    reported = json.loads((hidden / "reported.json").read_text())
    true = generate.study(0).settings
    for frozen in (truth, reported):
        (tmp_path / "results.json").write_text(json.dumps(frozen))
        (tmp_path / "own_reproduced.json").write_text(json.dumps(frozen))
        (tmp_path / "reproduced.json").write_text(json.dumps(frozen))
        assert grader.grade(tmp_path, hidden, 0).metric == 0.0
    # Right code, but results.json claims the truth rather than what the code wrote (another seed).
    claimed = {m: {k: v + 0.0005 for k, v in cells.items()} for m, cells in truth.items()}
    grade = _grade(tmp_path, instance, true, claimed=claimed)
    assert not grade.details["consistent"] and grade.metric == 0.0


@pytest.mark.parametrize(
    "content, reason",
    [
        ("[1, 2]", "JSON object"),
        ('{"knn": {"auc": 0.7, "brier": 0.2}}', "logistic_regression"),
        ('{"logistic_regression": {"auc": "high", "brier": 0.2}, "knn": {}, "random_forest": {}}', "auc"),
        ('{"logistic_regression": 0.8, "knn": 0.8, "random_forest": 0.8}', "logistic_regression"),
    ],
)
def test_malformed_tables_are_submission_errors_with_a_reason(tmp_path, instance, content, reason):
    data, test, hidden = instance
    good = json.dumps(json.loads((hidden / "truth.json").read_text()))
    for name in ("results.json", "own_reproduced.json", "reproduced.json"):
        (tmp_path / name).write_text(good)
    (tmp_path / "results.json").write_text(content)
    with pytest.raises(SubmissionError, match=reason):
        grader.grade(tmp_path, hidden, 0)


def test_spellings_catch_what_they_should():
    assert found("C = 0.037.", 0.037) and found("a rate of 3.7%", 0.037) and found("C=.037", 0.037)
    assert (
        not found("0.037215,1.960000", 0.037) and not found("1.960000", 1.96) and found("[-1.96, 1.96]", 1.96)
    )
    assert found("k = 47 nearest", 47) and found("forty-seven", 47) and not found("147,0.470000", 47)
    assert np.isclose(0.037, float(spellings(0.037)[0]))
