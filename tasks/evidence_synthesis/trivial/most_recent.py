"""The most recent paper's headline number, every paper included, verdict 'refuted'.

Trivial submission (validation): run from the workspace, writes answer.json.
"""

import json
import re
from pathlib import Path


def year_and_headline(text: str) -> tuple[int, float]:
    text = text.replace("\u2212", "-")
    year = int(re.search(r"\((\d{4})\)\. \*", text).group(1))
    verb, number = re.search(r"(lowered|raised|changed) .+? by (-?\d+(?:\.\d+)?)", text).groups()
    return year, (-float(number) if verb == "lowered" else float(number))


papers = {p.stem: year_and_headline(p.read_text()) for p in sorted(Path("papers").glob("*.md"))}
latest = max(papers, key=lambda p: papers[p])
value = papers[latest][1]
answer = {
    "pooled_estimate": value,
    "ci_lower": value - abs(value) / 5,
    "ci_upper": value + abs(value) / 5,
    "included": sorted(papers),
    "excluded": {},
    "verdict": "refuted",
}
Path("answer.json").write_text(json.dumps(answer))
