"""The leaderboard page from real submission bundles: verified rows ranked, a forged bundle listed apart,
nothing fetched from the network, and the table rendered and sorted by headless Chromium."""

import base64
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from evals.run import run_matrix
from evals.taskspec import load_spec
from evals.verify import verify
from reports.leaderboard import build_leaderboard, pareto_front
from reports.submission import submit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CORE_TASK = "clinic_visits_dataset"  # a core-tier task whose oracle, naive attempt and null score apart


@pytest.fixture(scope="module")
def board(sanity_logs, tmp_path_factory) -> tuple[Path, dict[Path, list[str]]]:
    """Two real bundles (the sanity run, and oracle / naive / null on a core task) and a forged copy."""
    folder = tmp_path_factory.mktemp("board")
    sanity = submit(sanity_logs[0], folder)
    core_logs = tmp_path_factory.mktemp("logs") / "core-run"
    run_matrix([CORE_TASK], ["oracle", "naive", "null"], "mockllm/model", core_logs, display="none")
    core = submit(core_logs, folder)
    forged = Path(shutil.copytree(sanity, folder / "forged.bundle"))
    submission = json.loads((forged / "report" / "submission.json").read_text())
    for row in submission["results"]:
        row["score"] = 1.0
    (forged / "report" / "submission.json").write_text(json.dumps(submission))
    verification = {bundle: verify(bundle, ROOT) for bundle in (sanity, core, forged)}
    page = build_leaderboard(list(verification), folder / "leaderboard.html", verification)
    return page, verification


class _Tables(HTMLParser):
    """Rows of each <table id=...>: the cells' data-sort values (text where a cell has none)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.attrs: dict[str, dict] = {}
        self._table, self._row, self._in_body = None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
            self.attrs[self._table] = attrs
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
            self.tables[self._table].append(self._row)
        elif tag == "td" and self._row is not None:
            self._row.append(attrs.get("data-sort", ""))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "tr":
            self._row = None


def _tables(text: str) -> _Tables:
    parser = _Tables()
    parser.feed(text)
    return parser


def test_verified_rows_are_ranked_and_the_forged_bundle_is_listed_apart(board):
    page, verification = board
    assert [bool(problems) for problems in verification.values()] == [False, False, True]
    text = page.read_text()
    tables = _tables(text)
    rows = tables.tables["board"]
    runners = sorted((row[0], row[8]) for row in rows)  # agent, run
    expected = [("naive", "core-run"), ("null", "core-run"), ("null", "sanity-run"), ("oracle", "core-run")]
    assert runners == sorted(expected + [("oracle", "sanity-run")])
    core = json.loads((page.parent / "core-run.bundle" / "report" / "submission.json").read_text())
    overall = {row["agent"]: row["score"] for row in core["overall"]}
    scores = {row[0]: float(row[2]) for row in rows if row[8] == "core-run"}
    assert scores == pytest.approx(overall) and scores["oracle"] > scores["null"]
    assert [row[2] for row in rows if row[8] == "sanity-run"] == ["", ""]  # sanity tier: no headline score
    tasks = {run: {row[7] for row in rows if row[8] == run} for run in ("core-run", "sanity-run")}
    assert tasks == {
        "core-run": {f"{CORE_TASK} {load_spec(CORE_TASK).version}"},
        "sanity-run": {f"longley_ols {load_spec('longley_ols').version}"},
    }
    assert [float(row[2]) for row in rows[:3]] == sorted(scores.values(), reverse=True)  # best first
    assert len(tables.tables["unverified"]) == 1 and "forged.bundle" in text
    assert "results[0].score: bundle 1.0 vs recomputed" in text  # the reason, as verify gave it
    for link in re.findall(r'href="([^"]+)"', text):  # every link resolves to a file of a bundle
        assert (page.parent / link).exists(), link
    assert not re.search(r'(src|href)="(https?:)?//', text) and "<link" not in text  # nothing fetched
    [png] = re.findall(r'src="data:image/png;base64,([^"]+)"', text)
    assert base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"


def _dom(page: Path, fragment: str) -> _Tables:
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            f"{page.as_uri()}#{fragment}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return _tables(result.stdout)


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (as root: apt-get install -y chromium)"
)
def test_page_renders_and_sorts_in_headless_chromium(board, tmp_path):
    page, _ = board
    by_score = _dom(page, "sort=score:asc")
    assert by_score.attrs["board"]["data-sorted"] == "score:asc"
    values = [row[2] for row in by_score.tables["board"]]
    numbers = [float(v) for v in values if v]
    assert len(values) == 5 and numbers == sorted(numbers) and values[-2:] == ["", ""]  # missing last
    clicked = _dom(page, "click=agent,agent")  # two clicks on the header: descending, then ascending
    assert clicked.attrs["board"]["data-sorted"] == "agent:asc"
    agents = [row[0] for row in clicked.tables["board"]]
    assert agents == sorted(agents) and agents != [
        row[0] for row in _tables(page.read_text()).tables["board"]
    ]
    shot = tmp_path / "leaderboard.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=1280,900",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pareto_front_keeps_only_rows_no_other_beats_on_both():
    # (tokens, score): the free oracle dominates the costlier perfect run and every weaker free one.
    points = [(0, 0.0), (0, 0.33), (0, 1.0), (240, 0.33), (600, 1.0)]
    assert pareto_front(points) == [2]
    points = [(100, 0.2), (300, 0.9), (200, 0.5), (250, 0.5), (50, 0.0)]
    assert pareto_front(points) == [0, 1, 2, 4]  # (250, 0.5) costs more than (200, 0.5) for the same
