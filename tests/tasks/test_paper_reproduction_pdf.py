"""paper_reproduction_pdf: the decisive settings are in the PDF and nowhere else the agent can read;
the grader passes the paper's configuration and fails every shortcut and every single misread value."""

import json
import re
import shutil

import pypdf
import pytest

from evals.taskload import materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError

TASK_ID = "paper_reproduction_pdf"
FOLDER = task_dir(TASK_ID)
SPEC = load_spec(TASK_ID)
grader = load_module(FOLDER / "grader" / "grade.py", "paper_pdf_grader_under_test")
method, generate = grader.method, grader.generate
# What related work attributes to [4], and library defaults: no smoothing, no clipping, and scikit-learn's
# MLP penalty (1e-4, as in [4]; torch's 0 fails further and fits slowly without a penalty).
DISTRACTOR = {"label_smoothing": 0.1, "weight_decay": 1e-4, "clip": 3.0}
DEFAULTS = {"label_smoothing": 0.0, "weight_decay": 1e-4, "clip": 1e9}


def spellings(value: float) -> list[str]:
    """Ways a paper, a prompt or a data file could write `value`: plain, without the leading zero,
    scientific, 'x 10^', and as a percentage."""
    plain = f"{value:g}"
    mantissa, exponent = f"{value:e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = int(exponent)
    forms = {
        plain,
        plain.lstrip("0"),
        f"{mantissa}e{power}",
        f"{mantissa}e{power:+03d}",
        f"{mantissa}e{power:03d}",
    }
    forms |= {f"{mantissa} x 10^{power}", f"{mantissa}x10^{power}", f"{mantissa} * 10^{power}"}
    forms |= {f"{value * 100:g}%", f"{value * 100:g} %", f"{value * 100:g} percent"}
    return sorted(forms)


def occurs(value: float, text: str) -> list[str]:
    """The spellings of `value` found in `text` as whole numbers (not inside a longer number)."""
    return [
        s for s in spellings(value) if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text, re.IGNORECASE)
    ]


@pytest.fixture(scope="module", params=SPEC.instances)
def instance(request):
    workspace, hidden = materialise_instance(FOLDER, SPEC, request.param)
    return request.param, workspace, hidden


@pytest.fixture(scope="module")
def scored(instance, tmp_path_factory):
    """The instance with a fresh test set drawn as the scorer draws it; `grade(claimed, fresh, own)`
    writes the three tables and grades them."""
    seed, workspace, hidden = instance
    root = tmp_path_factory.mktemp(f"scored{seed}")
    shutil.copytree(hidden, root / "hidden")
    grader.make_test_set(root / "hidden", seed, 4242, root / "hidden" / "test")
    outputs = root / "outputs"
    outputs.mkdir()

    def grade(claimed, fresh, own=None):
        for name, table in (
            ("results.json", claimed),
            ("table.json", fresh),
            ("own_table.json", own or claimed),
        ):
            (outputs / name).write_text(json.dumps(table))
        return grader.grade(outputs, root / "hidden", seed)

    import pandas as pd

    data = {
        "workspace": pd.read_csv(workspace / "data.csv"),
        "fresh": pd.read_csv(root / "hidden" / "test" / "inputs" / "data.csv"),
    }
    truth = {
        "workspace": json.loads((hidden / "expected.json").read_text()),
        "fresh": json.loads((root / "hidden" / "test" / "expected.json").read_text()),
    }
    settings = json.loads((hidden / "decisive.json").read_text())["settings"]
    return grade, data, truth, settings


def test_decisive_settings_are_in_the_pdf_and_nowhere_else(instance):
    seed, workspace, hidden = instance
    decisive = json.loads((hidden / "decisive.json").read_text())
    assert decisive["paper"] == ["paper.pdf"] and len(decisive["settings"]) >= 3
    assert sorted(p.name for p in workspace.iterdir()) == ["data.csv", "paper.pdf"]
    pages = pypdf.PdfReader(workspace / "paper.pdf").pages
    assert len(pages) >= 4
    paper = "\n".join(page.extract_text() for page in pages)
    readable = {
        "prompt.md": (FOLDER / "prompt.md").read_text(),
        "data.csv": (workspace / "data.csv").read_text(),
    }
    for name, value in decisive["settings"].items():
        assert occurs(value, paper), f"seed {seed}: {name} = {value} is not in the PDF's text"
        for file, text in readable.items():
            assert not occurs(value, text), f"seed {seed}: {name} = {value} is spelled in {file}"
    method_section = paper[paper.index("3 Method") : paper.index("4 Experiments")]
    method_section = method_section.split("\n1 We use")[0]  # the footnote sits at the foot of the page
    for name, value in decisive["settings"].items():
        assert not occurs(value, method_section), f"{name} is stated in the method section"


def test_settings_vary_by_seed_and_differ_from_defaults_and_the_distractor():
    settings = [generate.settings_for(seed) for seed in range(6)]
    for name in DISTRACTOR:
        assert len({s[name] for s in settings}) >= 3, name
        assert all(s[name] not in (DISTRACTOR[name], DEFAULTS[name]) for s in settings), name


def test_the_paper_is_the_same_for_the_same_seed(tmp_path):
    for run in ("a", "b"):
        (tmp_path / run / "w").mkdir(parents=True)
        (tmp_path / run / "h").mkdir()
        generate.build(1, tmp_path / run / "w", tmp_path / run / "h")
    for name in ("w/paper.pdf", "w/data.csv", "h/expected.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_the_paper_configuration_scores_one(scored):
    grade, _, truth, _ = scored
    result = grade(truth["workspace"], truth["fresh"])
    assert result.metric == 1.0 and result.details["consistent"]


MISREADS = [("distractor", name, DISTRACTOR[name]) for name in DISTRACTOR] + [
    ("default", name, DEFAULTS[name]) for name in DEFAULTS if DEFAULTS[name] != DISTRACTOR[name]
]


@pytest.mark.parametrize(("source", "name", "wrong"), MISREADS)
def test_one_misread_setting_fails(scored, source, name, wrong):
    """Every other setting right, one taken from related work or left at the library default."""
    grade, data, _, settings = scored
    misread = {**settings, name: wrong}
    claimed = method.results_table(data["workspace"], misread)
    result = grade(claimed, method.results_table(data["fresh"], misread))
    assert result.details["consistent"] and result.metric < SPEC.scoring.success_threshold


def test_hard_coded_numbers_and_the_papers_table_fail(scored):
    grade, _, truth, _ = scored
    # The right numbers for data.csv from code that ignores its input.
    assert grade(truth["workspace"], truth["workspace"]).metric <= 0.05
    # The right code, but a claim that is not what it produces on data.csv.
    wrong_claim = {
        model: {size: value + 0.01 for size, value in row.items()}
        for model, row in truth["workspace"].items()
    }
    assert grade(wrong_claim, truth["fresh"], truth["workspace"]).metric <= 0.5


def test_malformed_tables_are_refused_with_the_reason(scored):
    grade, _, truth, _ = scored
    with pytest.raises(SubmissionError, match="mlp"):
        grade({"logistic": truth["workspace"]["logistic"]}, truth["fresh"])
    with pytest.raises(SubmissionError, match="logistic.n800"):
        grade({**truth["workspace"], "logistic": {"n300": 0.5, "n800": "0.5", "n2000": 0.5}}, truth["fresh"])
    with pytest.raises(SubmissionError, match="fresh data file"):
        grade(truth["workspace"], [1, 2, 3])
