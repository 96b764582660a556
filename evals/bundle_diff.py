"""Compare a bundled report with the one rebuilt from the bundle's logs (evals/verify.py): submission.json
key by key and number by number ("generated_at" aside), every CSV cell by cell, report.md and report.html
line by line (the build time aside), the PNG figures pixel by pixel, and files the rebuild does not make.
Rows of tables are matched by who they are (agent, model, task, sample...), so a missing or added row is
named once. Each difference is one line that names it."""

import base64
import csv
import difflib
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path

from matplotlib.image import imread

__all__ = ["IGNORED_KEYS", "MAX_LINES_PER_FILE", "as_number", "compare_reports", "read_csv"]

IGNORED_KEYS = {"generated_at"}  # the only value of submission.json that differs between builds
MAX_LINES_PER_FILE = 20  # a file that differs everywhere is named, not listed cell by cell


def compare_reports(bundled: Path, recomputed: Path) -> list[str]:
    """submission.json key by key, every CSV the rebuild wrote cell by cell, report.md and report.html
    line by line (their "Generated <time>" aside; report.html's inlined figures named by the PNG file
    they equal), every figure pixel by pixel, and any file of the bundle's report the rebuild does not
    make."""
    lines = []
    made = sorted(p.name for p in recomputed.iterdir() if p.is_file())
    for name in made:
        if not (bundled / name).is_file():
            lines.append(f"report/{name}: missing from the bundle, though the logs give one")
            continue
        if name.endswith(".json"):
            found = _diff_json(_read_json(bundled / name), _read_json(recomputed / name), "")
        elif name.endswith(".csv"):
            found = _diff_csv(read_csv(bundled / name), read_csv(recomputed / name))
        elif name.endswith((".md", ".html")):
            found = _diff_text(_masked(bundled / name), _masked(recomputed / name))
        elif name.endswith(".png"):
            found = _diff_figure(bundled / name, recomputed / name)
        else:
            continue
        lines += _capped(f"report/{name}", list(found))
    extra = sorted(p.relative_to(bundled).as_posix() for p in bundled.rglob("*") if p.is_file())
    return lines + [
        f"report/{name}: in the bundle but not made by rebuilding the report from its logs"
        for name in extra
        if name not in made
    ]


# What differs between two builds of one report from the same logs: the time it was made (report.md and
# .html), and the figures' bytes where the plotting library's version or fonts differ.
_GENERATED = re.compile(r"Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")
_INLINED_FIGURE = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]*)")
# A figure drawn again from the same numbers elsewhere differs in a few anti-aliased or text pixels;
# another figure (or another number drawn) differs in far more.
_PIXEL_TOLERANCE, _PIXEL_SHARE = 0.1, 0.02


def _masked(path: Path) -> list[str]:
    """A report's lines with the build's time masked and each figure report.html inlines named by the
    report's PNG file it equals (each PNG is compared on its own); unreadable text is a finding."""
    try:
        text = path.read_text()
    except UnicodeDecodeError as error:
        return [f"<unreadable text: {error}>"]
    figures = {base64.b64encode(p.read_bytes()).decode(): p.name for p in path.parent.glob("*.png")}

    def named(match: re.Match) -> str:
        return f"<inlined {figures.get(match.group(1), 'figure that is none of the report PNG files')}>"

    return _INLINED_FIGURE.sub(named, _GENERATED.sub("Generated <time>", text)).splitlines()


def _diff_text(bundled: list[str], recomputed: list[str]) -> Iterator[str]:
    """Each run of lines where the two texts differ, as 'line N: bundle ... vs recomputed ...'."""
    matcher = difflib.SequenceMatcher(None, bundled, recomputed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            shown = " / ".join(bundled[i1:i2])[:200], " / ".join(recomputed[j1:j2])[:200]
            yield f"line {i1 + 1}: bundle {shown[0]!r} vs recomputed {shown[1]!r}"


def _diff_figure(bundled: Path, recomputed: Path) -> Iterator[str]:
    """Nothing when the PNGs are the same bytes or nearly the same pixels; else what differs."""
    if bundled.read_bytes() == recomputed.read_bytes():
        return
    try:
        a, b = imread(bundled), imread(recomputed)
    except (OSError, SyntaxError, ValueError) as error:
        yield f"not a readable PNG ({error})"
        return
    if a.shape != b.shape:
        yield f"image of {a.shape[1]}x{a.shape[0]} pixels vs {b.shape[1]}x{b.shape[0]} recomputed"
        return
    difference = abs(a - b)
    share = float(
        ((difference.max(axis=-1) if difference.ndim == 3 else difference) > _PIXEL_TOLERANCE).mean()
    )
    if share > _PIXEL_SHARE:
        yield f"{share:.0%} of its pixels differ from the figure drawn again from the logs"


def _capped(label: str, lines: list[str]) -> list[str]:
    shown = [f"{label}: {line}" for line in lines[:MAX_LINES_PER_FILE]]
    if len(lines) > MAX_LINES_PER_FILE:
        shown.append(f"{label}: ... and {len(lines) - MAX_LINES_PER_FILE} more differences")
    return shown


def _read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:  # a tampered file is a finding, not a crash
        return f"<unreadable JSON: {error}>"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


def as_number(value) -> float | None:
    """A JSON or CSV value as a number, where it is one (NaN included; booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _same(a, b) -> bool:
    """Equal values; numbers compare as numbers (1 == 1.0, NaN == NaN), to 1e-9 relative."""
    x, y = as_number(a), as_number(b)
    if x is None or y is None or isinstance(a, str) != isinstance(b, str):
        return a == b
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


# The fields that say which entry of a table a row is. Rows are matched on them, so that one row
# missing or added is named once instead of shifting every row after it.
IDENTITY = (
    "file",
    "log",
    "agent",
    "baseline",
    "model",
    "task",
    "task_version",
    "scorer",
    "sample_id",
    "epoch",
)
_SHOWN = ("file", "agent", "model", "task", "sample_id", "epoch")


def _context(item) -> str:
    """Which row an entry of a table is, for a reader: ' (agent X, model M, task T)'."""
    if not isinstance(item, dict):
        return ""
    named = [f"{key} {item[key]}" for key in _SHOWN if item.get(key) not in (None, "")]
    return f" ({', '.join(named)})" if named else ""


def _entry(item, context: str) -> str:
    """An entry named by its row where it is a row, else by its value (a log's problem, an agent)."""
    return _context(item) or (context if isinstance(item, dict | list) else f" {str(item)[:200]!r}")


def _identity(item) -> tuple | None:
    if not isinstance(item, dict):
        return None
    return tuple((key, str(item[key])) for key in IDENTITY if key in item) or None


def _pairs(bundled: list, recomputed: list) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(bundle index, recomputed index) pairs and the unmatched indices of each side: matched by identity
    where every entry has a distinct one, else by position."""
    keys = [_identity(item) for item in bundled], [_identity(item) for item in recomputed]
    if any(None in side or len(set(side)) < len(side) for side in keys):
        common = min(len(bundled), len(recomputed))
        return (
            [(i, i) for i in range(common)],
            list(range(common, len(bundled))),
            list(range(common, len(recomputed))),
        )
    position = {key: j for j, key in enumerate(keys[1])}
    pairs = [(i, position[key]) for i, key in enumerate(keys[0]) if key in position]
    matched = {j for _, j in pairs}
    only_bundled = [i for i, key in enumerate(keys[0]) if key not in position]
    return pairs, only_bundled, [j for j in range(len(recomputed)) if j not in matched]


def _diff_json(bundled, recomputed, path: str, context: str = "") -> Iterator[str]:
    """Every leaf where the two documents differ, as 'path: bundle X vs recomputed Y (row)'."""
    if isinstance(bundled, dict) and isinstance(recomputed, dict):
        for key in sorted(bundled.keys() | recomputed.keys(), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key in IGNORED_KEYS and not path:
                continue
            if key not in recomputed:
                yield f"{where}: in the bundle but not in the recomputation{context}"
            elif key not in bundled:
                yield f"{where}: missing from the bundle (recomputed {recomputed[key]!r}){context}"
            else:
                yield from _diff_json(bundled[key], recomputed[key], where, context)
    elif isinstance(bundled, list) and isinstance(recomputed, list):
        pairs, only_bundled, only_recomputed = _pairs(bundled, recomputed)
        for i in only_bundled:
            yield f"{path}[{i}]: in the bundle but not in the recomputation{_entry(bundled[i], context)}"
        for j in only_recomputed:
            yield f"{path}: recomputed entry{_entry(recomputed[j], context)} is missing from the bundle"
        for i, j in pairs:
            yield from _diff_json(
                bundled[i], recomputed[j], f"{path}[{i}]", _context(recomputed[j]) or context
            )
    elif not _same(bundled, recomputed):
        yield f"{path or 'document'}: bundle {bundled!r} vs recomputed {recomputed!r}{context}"


def _diff_csv(bundled: list[list[str]], recomputed: list[list[str]]) -> Iterator[str]:
    """Columns, then rows matched as in _pairs, every cell compared (numbers as numbers); rows are
    numbered from 1 below the header, as the bundle's file has them."""
    header = recomputed[0] if recomputed else []
    if (bundled[0] if bundled else []) != header:
        yield f"columns: bundle {bundled[0] if bundled else []} vs recomputed {header}"
        return
    rows = [dict(zip(header, row)) for row in bundled[1:]], [dict(zip(header, row)) for row in recomputed[1:]]
    pairs, only_bundled, only_recomputed = _pairs(*rows)
    for i in only_bundled:
        yield f"row {i + 1}: in the bundle but not in the recomputation{_context(rows[0][i])}"
    for j in only_recomputed:
        yield f"recomputed row{_context(rows[1][j])} is missing from the bundle"
    for i, j in pairs:
        for column in header:
            x, y = rows[0][i].get(column, ""), rows[1][j].get(column, "")
            if not _same(x, y):
                yield f"row {i + 1} column {column}: bundle {x!r} vs recomputed {y!r}{_context(rows[1][j])}"
