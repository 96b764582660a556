"""A static leaderboard page from a folder of submission bundles (reports/submission.py).

One self-contained HTML file (inline CSS and JS, the figure as a base64 PNG; nothing is fetched): a table
with one row per agent x model of every verified bundle, sortable by clicking a column header, a
cost/score Pareto plot, and for each row links to its bundle's report.html and its transcripts.

Verification lives in evals/ (it needs the checkout's tasks), so the caller passes its results in:
`openintern leaderboard DIR` verifies each bundle, then calls build_leaderboard. Bundles that fail are
listed apart, each with the reasons, and never ranked or plotted: a reader sees that a submission was
made and why it does not count, while every ranked number is one that recomputed from its logs.

The page opens sorted by a column when its address ends in #sort=<column>:<asc|desc>, e.g.
leaderboard.html#sort=score:desc, and #click=<column>,<column> clicks those headers in turn: how a
headless browser checks the sorting without a driver.
"""

import base64
import html
import io
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import matplotlib

matplotlib.use("Agg")  # headless: the page is a file, never a window
import matplotlib.pyplot as plt

__all__ = ["Entry", "build_leaderboard", "leaderboard_entries", "pareto_front"]


@dataclass(frozen=True)
class Entry:
    """One row of the ranked table: an agent x model of one verified bundle."""

    bundle: Path
    run_id: str
    agent: str
    model: str
    score: float  # mean over the headline tasks; NaN when the bundle has none for this agent x model
    ci_low: float
    ci_high: float
    success_rate: float
    cost: float  # per sample; NaN where the logs record no price
    tokens: float  # per sample
    sandbox: str
    tasks: tuple[str, ...]
    date: str


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan


def _mean(values: list[float]) -> float:
    kept = [v for v in values if not math.isnan(v)]
    return sum(kept) / len(kept) if kept else math.nan


def _tasks(submission: dict, rows: list[dict]) -> tuple[str, ...]:
    """'task version' of the headline tasks a score averages, else of every task the rows ran."""
    pairs = submission.get("headline_tasks") or [(r.get("task"), r.get("task_version", "")) for r in rows]
    return tuple(sorted({f"{task} {version}".strip() for task, version in pairs}))


def leaderboard_entries(bundle: Path, submission: dict) -> list[Entry]:
    """The rows of one bundle: its `overall` rows (headline tasks only), plus every other agent x model
    of its results with no headline score (sanity-tier tasks only, which never enter one)."""
    overall = {(r.get("agent"), r.get("model")): r for r in submission.get("overall", [])}
    results = [r for r in submission.get("results", []) if r.get("primary", True)]
    runners = sorted({(r.get("agent"), r.get("model")) for r in results} | overall.keys(), key=str)
    entries = []
    for agent, model in runners:
        rows = [r for r in results if (r.get("agent"), r.get("model")) == (agent, model)]
        head = overall.get((agent, model), {})
        entries.append(
            Entry(
                bundle=bundle,
                run_id=str(submission.get("run_id", bundle.name)),
                agent=str(agent),
                model=str(model),
                score=_number(head.get("score")),
                ci_low=_number(head.get("ci_low")),
                ci_high=_number(head.get("ci_high")),
                success_rate=_number(head.get("success_rate"))
                if head
                else _mean([_number(r.get("success_rate")) for r in rows]),
                cost=_number(head.get("mean_cost"))
                if head
                else _mean([_number(r.get("mean_cost")) for r in rows]),
                tokens=_number(head.get("mean_tokens"))
                if head
                else _mean([_number(r.get("mean_tokens")) for r in rows]),
                sandbox=", ".join(submission.get("sandboxes", [])) or "not recorded",
                tasks=_tasks(submission, rows) if head else _tasks({}, rows),
                date=str(submission.get("generated_at", ""))[:10],
            )
        )
    return entries


def pareto_front(points: list[tuple[float, float]]) -> list[int]:
    """Indices of the (cost, score) points no other point dominates: none is as cheap and as good and
    strictly better on one of the two. Quadratic, and plainly so: a leaderboard has tens of rows."""
    return [
        i
        for i, (x, y) in enumerate(points)
        if not any(u <= x and v >= y and (u < x or v > y) for u, v in points)
    ]


def _pareto_png(entries: list[Entry]) -> tuple[str, str] | None:
    """(base64 PNG, what the x axis is) of score against cost per sample, or tokens per sample when
    any row has no cost, the Pareto frontier in red. None when no row has a headline score."""
    scored = [e for e in entries if not math.isnan(e.score)]
    if not scored:
        return None
    by_cost = all(not math.isnan(e.cost) for e in scored)
    axis = "cost per sample (USD)" if by_cost else "tokens per sample (no price recorded for some runs)"
    points = [((e.cost if by_cost else e.tokens), e.score) for e in scored]
    front = sorted(points[i] for i in pareto_front(points))
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    ax.scatter([p[0] for p in points], [p[1] for p in points], color="#4C72B0", zorder=3)
    ax.plot(
        [p[0] for p in front], [p[1] for p in front], "o-", color="#C44E52", zorder=4, label="Pareto frontier"
    )
    for (x, y), entry in zip(points, scored):
        ax.annotate(
            f"{entry.agent} ({entry.run_id})", (x, y), textcoords="offset points", xytext=(6, 4), fontsize=7
        )
    right = max(p[0] for p in points) or 1.0
    ax.set_xlim(-0.05 * right, 1.45 * right)  # room for the labels of the costliest rows
    ax.set_xlabel(axis)
    ax.set_ylabel("overall score (headline tasks)")
    ax.set_ylim(-0.05, 1.1)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode(), axis


def _link(target: Path, page_dir: Path) -> str:
    return quote(Path(os.path.relpath(target, page_dir)).as_posix())


def _cell(text: str, sort_value, title: str = "") -> str:
    """A cell with the value the sort uses (numbers as numbers; missing values sort last)."""
    if isinstance(sort_value, float) and math.isnan(sort_value):
        sort_value = ""
    hint = f' title="{html.escape(title)}"' if title else ""
    return f'<td data-sort="{html.escape(str(sort_value))}"{hint}>{text}</td>'


def _fmt(value: float, spec: str, missing: str = "–") -> str:
    return missing if math.isnan(value) else format(value, spec)


def _row(entry: Entry, page_dir: Path) -> str:
    ci = "" if math.isnan(entry.ci_low) else f" [{entry.ci_low:.2f}, {entry.ci_high:.2f}]"
    score = f"{entry.score:.2f}{ci}" if not math.isnan(entry.score) else "– (no headline task)"
    report = _link(entry.bundle / "report" / "report.html", page_dir)
    logs = _link(entry.bundle / "logs", page_dir)
    links = f'<a href="{report}">report</a> · <a href="{logs}/">transcripts</a>'
    cells = [
        _cell(html.escape(entry.agent), entry.agent),
        _cell(html.escape(entry.model), entry.model),
        _cell(score, entry.score),
        _cell(_fmt(entry.success_rate, ".0%"), entry.success_rate),
        _cell(_fmt(entry.cost, ".4f", "not recorded"), entry.cost),
        _cell(_fmt(entry.tokens, ",.0f"), entry.tokens),
        _cell(html.escape(entry.sandbox), entry.sandbox),
        _cell(
            html.escape(", ".join(entry.tasks)) if len(entry.tasks) <= 2 else f"{len(entry.tasks)} tasks",
            " ".join(entry.tasks),  # sorting by this column groups the rows that ran the same tasks
            ", ".join(entry.tasks),
        ),
        _cell(html.escape(entry.run_id), entry.run_id),
        _cell(html.escape(entry.date), entry.date),
        _cell("verified", "verified"),
        f"<td>{links}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


_COLUMNS = [
    ("agent", "agent"),
    ("model", "model"),
    ("score", "overall score [95% CI]"),
    ("success", "success rate"),
    ("cost", "cost / sample (USD)"),
    ("tokens", "tokens / sample"),
    ("sandbox", "sandbox"),
    ("tasks", "tasks"),
    ("run", "run"),
    ("date", "submitted"),
    ("status", "status"),
]

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:1.2em 2em;color:#222;max-width:1250px}
h1{margin:0.2em 0} h2{margin:0.6em 0 0.3em;font-size:1.2em}
table{border-collapse:collapse;margin:0.6em 0;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:left}
.panels{display:flex;gap:2em;align-items:flex-start} .panels section{flex:1 1 0;min-width:0}
.panels img{max-width:100%}
#board td:nth-child(10){white-space:nowrap}
th[data-key]{cursor:pointer;background:#f0f0f0;user-select:none}
th[data-key]:hover{background:#e0e6f0}
th.asc::after{content:" ▲"} th.desc::after{content:" ▼"}
tr:nth-child(even) td{background:#fafafa}
.unverified td{background:#fff3f3}
code{background:#f4f4f4;padding:1px 4px}
small{color:#555}
"""

# Sorting: each cell carries data-sort; numbers compare as numbers, empty values always last.
_SCRIPT = """
function sortTable(key, dir) {
  const table = document.getElementById('board');
  const heads = Array.from(table.tHead.rows[0].cells);
  const col = heads.findIndex(h => h.dataset.key === key);
  if (col < 0) return;
  const body = table.tBodies[0];
  const value = r => r.cells[col].dataset.sort;
  const rows = Array.from(body.rows).sort((a, b) => {
    const x = value(a), y = value(b);
    if (x === '' || y === '') return (x === '') - (y === '');
    const nx = Number(x), ny = Number(y);
    const c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
    return dir === 'asc' ? c : -c;
  });
  rows.forEach(r => body.appendChild(r));
  heads.forEach(h => h.classList.remove('asc', 'desc'));
  heads[col].classList.add(dir);
  table.dataset.sorted = key + ':' + dir;
}
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('#board th[data-key]').forEach(h => h.addEventListener('click', () =>
    sortTable(h.dataset.key, h.classList.contains('desc') ? 'asc' : 'desc')));
  // For a headless check: #sort=<column>:<asc|desc> sorts, #click=<column>,... clicks the headers.
  const sort = location.hash.match(/^#sort=([a-z]+):(asc|desc)$/);
  if (sort) sortTable(sort[1], sort[2]);
  const click = location.hash.match(/^#click=([a-z,]+)$/);
  if (click) click[1].split(',').forEach(k => document.querySelector(`#board th[data-key="${k}"]`)?.click());
});
"""


def _unverified_table(failed: dict[Path, list[str]], page_dir: Path) -> str:
    if not failed:
        return "<p>Every bundle in the folder verified.</p>"
    rows = []
    for bundle, problems in sorted(failed.items()):
        shown = "<br>".join(html.escape(p) for p in problems[:5])
        more = f"<br><small>... and {len(problems) - 5} more</small>" if len(problems) > 5 else ""
        report = _link(bundle / "report" / "report.html", page_dir)
        rows.append(
            f'<tr class="unverified"><td>{html.escape(bundle.name)}</td><td>{shown}{more}</td>'
            f'<td><a href="{report}">report</a></td></tr>'
        )
    return (
        "<table id='unverified'><thead><tr><th>bundle</th><th>why it does not verify</th><th></th></tr>"
        "</thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _read_submission(bundle: Path) -> tuple[dict | None, str | None]:
    path = bundle / "report" / "submission.json"
    try:
        return json.loads(path.read_text()), None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:  # the bundle is listed, not fatal
        return None, f"{path}: cannot be read ({error})"


def build_leaderboard(bundles: list[Path], out: Path, verification: dict[Path, list[str]]) -> Path:
    """Write the leaderboard page to `out` and return its path.

    Args:
        bundles: Bundle folders (made by `openintern submit`).
        out: The HTML file to write; links to the bundles are relative to its folder.
        verification: For each bundle, the lines `openintern verify` printed (empty: verified). A bundle
            missing here counts as not verified.
    """
    out = Path(out)
    page_dir = out.parent.resolve()
    checks = {Path(bundle).resolve(): problems for bundle, problems in verification.items()}
    entries, failed = [], {}
    for bundle in (Path(b).resolve() for b in bundles):
        problems = checks.get(bundle, ["no verification result was given for this bundle"])
        submission, unreadable = _read_submission(bundle)
        if problems or submission is None:
            failed[bundle] = problems or [unreadable]
            continue
        entries += leaderboard_entries(bundle, submission)
    entries.sort(key=lambda e: (math.isnan(e.score), -e.score if not math.isnan(e.score) else 0, e.agent))
    figure = _pareto_png(entries)
    heads = "".join(f'<th data-key="{key}">{html.escape(label)}</th>' for key, label in _COLUMNS)
    plot = (
        f'<img alt="score against cost, Pareto frontier in red" src="data:image/png;base64,{figure[0]}">'
        f"<p><small>x axis: {html.escape(figure[1])}. On the red line, the Pareto frontier: rows no other "
        "row beats on both score and cost.</small></p>"
        if figure
        else "<p>No verified row has a headline score yet (sanity-tier tasks never enter one).</p>"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>OpenIntern leaderboard</title>
<style>{_STYLE}</style><script>{_SCRIPT}</script></head>
<body>
<h1>OpenIntern leaderboard</h1>
<p>{len(entries)} rows from {len(bundles) - len(failed)} verified submission bundles. Each row is one
agent x model of one bundle; its overall score is the mean over the bundle's headline tasks (sanity-tier
tasks never enter it) with a 95% interval. Scores compare only between rows with the same tasks (sort by
that column to group them). Click a column header to sort.</p>
<table id="board"><thead><tr>{heads}<th>links</th></tr></thead>
<tbody>{"".join(_row(e, page_dir) for e in entries)}</tbody></table>
<p><small>"report" opens the bundle's report; "transcripts" is its logs folder. To read every transcript:
<code>inspect view --log-dir &lt;bundle&gt;/logs</code> (or <code>inspect view bundle --log-dir
&lt;bundle&gt;/logs --output-dir &lt;dir&gt;</code> for a static viewer to serve). Check a bundle
yourself with <code>openintern verify &lt;bundle&gt;</code>: it recomputes every number from the logs.
</small></p>
<div class="panels">
<section><h2>Cost and score</h2>
{plot}</section>
<section><h2>Not verified</h2>
<p>Bundles that failed <code>openintern verify</code>: never ranked or plotted, listed with the reasons.</p>
{_unverified_table(failed, page_dir)}</section>
</div>
</body></html>
"""
    )
    return out
