"""Naive attempt for evidence_synthesis: pool every paper's result as printed.

The first attempt of a capable but hasty analyst: read each paper's Results, take the mean
difference and its standard error (from the SE, the 95% CI or the two groups' means and SDs), and
pool them all with DerSimonian-Laird. What it skips: the protocol's eligibility rules (a retraction
noted in another paper, a second report of the same trial, a leaked test split, another outcome or
population) and the one paper that reports on another scale. Run from the workspace.
"""

import json
import math
import re
from pathlib import Path

NUM = r"-?\d+(?:\.\d+)?"
UNIT = r"(?:%| [A-Za-z][A-Za-z ]*?)?"


def result(text: str, name: str) -> tuple[float, float]:
    """(MD, SE) from a paper's Results section, numbers as printed (intervention `name` first)."""
    text = text.replace("\u2212", "-").split("## 3. Results")[1].split("## 4.")[0]
    rows = re.findall(rf"^\| (.+?) \| (\d+) \| ({NUM}) \| ({NUM}) \|$", text, re.M)
    prose = re.search(
        rf"was ({NUM}){UNIT} \(SD ({NUM}); n = (\d+)\) with (.+?) and ({NUM}){UNIT} \(SD ({NUM}); n = (\d+)\)",
        text,
    )
    if rows or prose:
        arms = [(float(m), float(s), int(n), label) for label, n, m, s in rows] or [
            (float(prose.group(1)), float(prose.group(2)), int(prose.group(3)), prose.group(4)),
            (float(prose.group(5)), float(prose.group(6)), int(prose.group(7)), ""),
        ]
        (m1, s1, n1, _), (m2, s2, n2, _) = sorted(arms, key=lambda arm: arm[3] != name)
        return m1 - m2, math.sqrt(s1**2 / n1 + s2**2 / n2)
    spread = rf"(?P<a>{NUM})(?: to (?P<b>{NUM}))?"
    signed = re.search(rf"^\| [^|]+ \| (?P<md>{NUM}) \| {spread} \|$", text, re.M) or re.search(
        rf"was (?P<md>{NUM}){UNIT} \((?:standard error|95% CI) {spread}\)", text
    )
    size = re.search(
        rf"(lowered|raised) .+? by (?P<md>{NUM}){UNIT} .*?\((?:SE|95% confidence interval) {spread}\)", text
    )
    found = signed or size
    md = float(found["md"]) * (-1 if not signed and size.group(1) == "lowered" else 1)
    if found["b"] is None:
        return md, float(found["a"])
    return md, abs(float(found["b"]) - float(found["a"])) / 3.92


def dersimonian_laird(y: list[float], se: list[float]) -> tuple[float, float]:
    w = [1 / s**2 for s in se]
    fixed = sum(a * b for a, b in zip(w, y)) / sum(w)
    q = sum(a * (b - fixed) ** 2 for a, b in zip(w, y))
    tau2 = max(0.0, (q - len(y) + 1) / (sum(w) - sum(a * a for a in w) / sum(w)))
    w = [1 / (s**2 + tau2) for s in se]
    return sum(a * b for a, b in zip(w, y)) / sum(w), math.sqrt(1 / sum(w))


protocol = Path("protocol.md").read_text()
name = re.search(r"The mean difference in .+?, (.+?) minus", protocol).group(1)
papers = sorted(Path("papers").glob("*.md"))
effects, errors = zip(*(result(p.read_text(), name) for p in papers))
estimate, se = dersimonian_laird(list(effects), list(errors))
claim = re.search(r"the mean difference is ([<>]) (-?[\d.]+)", protocol)
low, high = estimate - 1.96 * se, estimate + 1.96 * se
threshold = float(claim.group(2))
beyond = (low > threshold) if claim.group(1) == ">" else (high < threshold)
short = (high < threshold) if claim.group(1) == ">" else (low > threshold)
answer = {
    "pooled_estimate": estimate,
    "ci_lower": low,
    "ci_upper": high,
    "included": [p.stem for p in papers],
    "excluded": {},
    "verdict": "supported" if beyond else "refuted" if short else "inconclusive",
}
Path("answer.json").write_text(json.dumps(answer, indent=1))
print(answer)
