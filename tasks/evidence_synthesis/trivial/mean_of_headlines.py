"""The mean of every paper's headline number (the abstract's), every paper included, a CI from their spread.

Trivial submission (validation): run from the workspace, writes answer.json.
"""

import json
import re
import statistics
from pathlib import Path

papers = sorted(Path("papers").glob("*.md"))
values = []
for paper in papers:
    abstract = paper.read_text().replace("\u2212", "-").split("## Abstract")[1].split("## 1.")[0]
    verb, number = re.search(r"(lowered|raised|changed) .+? by (-?\d+(?:\.\d+)?)", abstract).groups()
    values.append(-float(number) if verb == "lowered" else float(number))
mean, half = statistics.mean(values), 1.96 * statistics.stdev(values) / len(values) ** 0.5
answer = {
    "pooled_estimate": mean,
    "ci_lower": mean - half,
    "ci_upper": mean + half,
    "included": [p.stem for p in papers],
    "excluded": {},
    "verdict": "supported",
}
Path("answer.json").write_text(json.dumps(answer))
