"""Paper tasks: every decisive setting is in the paper and nowhere else the agent can read.

Each paper task's generator lists its decisive settings (the values a reproduction must find in an
appendix, a footnote or a table caption) in `hidden/decisive.json`: {"paper": [files], "settings":
{name: value}}. For every instance, each value must appear in the paper in some spelling, and in no
spelling in the prompt or any other workspace file (code, data, notes): 0.037, .0370, 3.7e-2,
3.70E-02, 3.7 x 10^-2, 3.7 \\times 10^{-2}, 3.7%, and integers in digits or in words. Otherwise the
task could be solved without reading the paper.
"""

import json
import math
import re
from pathlib import Path

import pytest

from evals.taskload import materialise_instance
from evals.taskspec import load_spec, task_dir

PAPER_TASKS = ["paper_reproduction", "paper_reproduction_pdf"]

# A number as a paper or a data file may spell it: digits with an optional decimal part (or only one),
# thousands grouped by commas, an exponent (e-2, x 10^-2, \times 10^{-2}, ·10⁻²-free forms), a percent.
NUMBER = re.compile(
    r"""
    (?<![\w.])
    (?P<mantissa>[-+−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+))
    (?:
        \s*[eE](?P<exponent>[-+−]?\d+)
      | \s*(?:x|×|\*|·|\\times|\\cdot)\s*10\s*\^?\s*\{?\s*(?P<power>[-+−]?\d+)\s*\}?
    )?
    (?P<percent>\s*(?:%|\\%|\ percent))?
    """,
    re.VERBOSE,
)
BARE_POWER = re.compile(r"(?<![\w.])10\s*\^\s*\{?\s*(?P<power>[-+−]?\d+)\s*\}?")

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str | None:
    """English words for 0-999 ('thirty-seven', 'one hundred and five'), None beyond."""
    if not 0 <= n < 1000:
        return None
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])
    rest = "" if n % 100 == 0 else " and " + number_words(n % 100)
    return ONES[n // 100] + " hundred" + rest


def numbers_in(text: str) -> set[float]:
    """Every number spelled in `text`; a percent counts as itself and as its fraction."""
    found = set()
    for match in NUMBER.finditer(text):
        mantissa = match["mantissa"].replace(",", "").replace("−", "-")
        try:
            value = float(mantissa)
        except ValueError:
            continue
        exponent = match["exponent"] or match["power"]
        if exponent:
            value *= 10.0 ** int(exponent.replace("−", "-"))
        found.add(value)
        if match["percent"]:
            found.add(value / 100)
    for match in BARE_POWER.finditer(text):
        found.add(10.0 ** int(match["power"].replace("−", "-")))
    return found


def spelled(value, text: str) -> bool:
    """Whether `value` (a number or a word setting) is spelled anywhere in `text`."""
    if isinstance(value, str):
        return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE) is not None
    if any(math.isclose(value, found, rel_tol=1e-9, abs_tol=1e-15) for found in numbers_in(text)):
        return True
    words = number_words(int(value)) if float(value).is_integer() else None
    return words is not None and re.search(rf"(?<![\w-]){words}(?![\w-])", text, re.IGNORECASE) is not None


def text_of(path: Path) -> str:
    """What the agent reads in a file: a PDF's extracted text, any other file as text (binary bytes dropped)."""
    if path.suffix.lower() == ".pdf":
        import pypdf

        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    return path.read_bytes().decode("utf-8", errors="ignore")


def test_the_spelling_finder_finds_every_spelling():
    for spelling in (
        "0.037",
        ".037",
        "0.0370",
        "3.7e-2",
        "3.70E-02",
        "3.7 x 10^-2",
        "3.7 \\times 10^{-2}",
        "3.7%",
    ):
        assert spelled(0.037, f"we set it to {spelling} in all runs"), spelling
    assert spelled(0.001, "a rate of 10^-3") and spelled(1000, "1,000 steps") and spelled(37, "thirty-seven")
    for other in ("0.0371", "0.37", "x0.037y", "1.037", "37", "3.7"):
        assert not spelled(0.037, other), other
    assert not spelled(37, "0.375 and 137 and 37.5 and a3700") and spelled("macro", "Macro-averaged")


@pytest.mark.parametrize("task_id", PAPER_TASKS)
def test_decisive_settings_are_in_the_paper_and_nowhere_else(task_id):
    folder, spec = task_dir(task_id), load_spec(task_id)
    prompt = (folder / "prompt.md").read_text()
    for seed in spec.instances:
        workspace, hidden = materialise_instance(folder, spec, seed)
        decisive = json.loads((hidden / "decisive.json").read_text())
        assert len(decisive["settings"]) >= 3, f"{task_id}: at least three decisive settings"
        paper_files = {workspace / name for name in decisive["paper"]}
        assert all(path.is_file() for path in paper_files), decisive["paper"]
        paper = "\n".join(text_of(path) for path in sorted(paper_files))
        others = {"prompt.md": prompt} | {
            str(path.relative_to(workspace)): text_of(path)
            for path in sorted(workspace.rglob("*"))
            if path.is_file() and path not in paper_files
        }
        for name, value in decisive["settings"].items():
            assert spelled(value, paper), f"{task_id} seed {seed}: {name}={value} is not in the paper"
            leaks = [file for file, text in others.items() if spelled(value, text)]
            assert not leaks, (
                f"{task_id} seed {seed}: {name}={value} can be read outside the paper, in {leaks}"
            )


def test_a_pdf_only_paper_ships_as_pdf_only():
    spec = load_spec("paper_reproduction_pdf")
    workspace, hidden = materialise_instance(task_dir("paper_reproduction_pdf"), spec, spec.instances[0])
    papers = json.loads((hidden / "decisive.json").read_text())["paper"]
    assert papers and all(name.endswith(".pdf") for name in papers)
    assert not [
        p for p in workspace.rglob("*") if p.suffix in (".md", ".tex", ".txt") and "paper" in p.name.lower()
    ]
