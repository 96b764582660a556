"""One paper's headline number: the paper with the most subjects, alone included (the others excluded
as another population), its CI a tenth of the estimate either side.

Trivial submission (validation): run from the workspace, writes answer.json.
"""

import json
import re
from pathlib import Path


def headline_and_size(text: str) -> tuple[float, int]:
    text = text.replace("\u2212", "-")
    verb, number = re.search(r"(lowered|raised|changed) .+? by (-?\d+(?:\.\d+)?)", text).groups()
    size = int(re.search(r"In total (\d+)", text).group(1))
    return (-float(number) if verb == "lowered" else float(number)), size


papers = {p.stem: headline_and_size(p.read_text()) for p in sorted(Path("papers").glob("*.md"))}
largest = max(papers, key=lambda p: papers[p][1])
value = papers[largest][0]
answer = {
    "pooled_estimate": value,
    "ci_lower": value - abs(value) / 10,
    "ci_upper": value + abs(value) / 10,
    "included": [largest],
    "excluded": {p: "different_population" for p in papers if p != largest},
    "verdict": "supported",
}
Path("answer.json").write_text(json.dumps(answer))
