"""Reference solution for evidence_synthesis: a random-effects meta-analysis as the Cochrane Handbook describes it.

Read the protocol (population, outcome, unit, claim); read every paper; exclude, with the reason,
papers whose results another paper says were retracted, later reports of a registered study already
reported, evaluations that touched the test split, and papers on another outcome or population;
from each eligible paper take the mean difference and its SE in the protocol's unit (SE from a 95%
CI = width / 3.92, from groups sqrt(SD1^2/n1 + SD2^2/n2); a paper on another scale converted);
pool them with DerSimonian-Laird; judge the claim against the pooled 95% CI. Run from the workspace.
"""

import json
import math
import re
from pathlib import Path

Z = 1.96
NUM = r"-?\d+(?:\.\d+)?"
UNIT = r"(?:%| [A-Za-z][A-Za-z ]*?)?"
# A paper's note on its scale -> the factor to the protocol's unit: the analyst's own knowledge.
SCALES = ((r"kilopascals", 7.50062), (r"between 0 and 1", 100.0), (r"in seconds", 1000.0))
LEAKAGE = r"chosen on the test split|not de-duplicated against the test"


def sections(text: str) -> dict[str, str]:
    """A paper's sections by heading word ('Abstract', 'Methods', ...), minus signs made ASCII."""
    text = text.replace("\u2212", "-")
    parts = re.split(r"^## (?:\d\. )?(\w+).*$", text, flags=re.M)
    found = {"Header": parts[0]}
    found.update({parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)})
    return found


def read_protocol(text: str) -> dict:
    """Population, outcome, intervention name, and the claim (direction and threshold)."""
    measure = re.search(r"The mean difference in (.+?), (.+?) minus", text)
    claim = re.search(r"the mean difference is ([<>]) (-?[\d.]+)", text)
    return {
        "population": re.search(r"- Population: (.+)\.\n", text).group(1),
        "outcome": measure.group(1),
        "name": measure.group(2),
        "direction": 1 if claim.group(1) == ">" else -1,
        "threshold": float(claim.group(2)),
    }


def effect(results: str, name: str) -> tuple[float, float]:
    """(mean difference, SE) from a Results section, in the paper's own scale."""
    rows = re.findall(rf"^\| (.+?) \| (\d+) \| ({NUM}) \| ({NUM}) \|$", results, re.M)
    if rows:  # a table of arms: n, mean, SD
        (treated,) = [r for r in rows if r[0] == name]
        (control,) = [r for r in rows if r[0] != name]
        return _groups(treated[1:], control[1:])
    prose = re.search(
        rf"was ({NUM}){UNIT} \(SD ({NUM}); n = (\d+)\) with (.+?) and ({NUM}){UNIT} \(SD ({NUM}); n = (\d+)\)",
        results,
    )
    if prose:
        first, second = (
            (prose.group(3), prose.group(1), prose.group(2)),
            (prose.group(7), prose.group(5), prose.group(6)),
        )
        treated, control = (first, second) if prose.group(4) == name else (second, first)
        return _groups(treated, control)
    table = re.search(rf"^\| [^|]+ \| ({NUM}) \| ({NUM})(?: to ({NUM}))? \|$", results, re.M)
    signed = re.search(rf"was ({NUM}){UNIT} \((?:standard error|95% CI) ({NUM})(?: to ({NUM}))?\)", results)
    for match in (table, signed):
        if match:
            return _from_spread(float(match.group(1)), match.group(2), match.group(3))
    size = re.search(
        rf"(lowered|raised) .+? by ({NUM}){UNIT} .*?\((?:SE|95% confidence interval) ({NUM})(?: to ({NUM}))?\)",
        results,
    )
    sign = -1.0 if size.group(1) == "lowered" else 1.0
    return _from_spread(sign * float(size.group(2)), size.group(3), size.group(4))


def _groups(treated: tuple, control: tuple) -> tuple[float, float]:
    """MD and SE from (n, mean, SD) of each arm (Cochrane Handbook 6.5.2)."""
    (n_t, m_t, s_t), (n_c, m_c, s_c) = ((int(n), float(m), float(s)) for n, m, s in (treated, control))
    return m_t - m_c, math.sqrt(s_t**2 / n_t + s_c**2 / n_c)


def _from_spread(md: float, first: str, second: str | None) -> tuple[float, float]:
    """MD and SE given an SE (`first` alone) or a 95% CI (`first` to `second`)."""
    if second is None:
        return md, float(first)
    return md, abs(float(second) - float(first)) / (2 * Z)


def screen(papers: dict[str, dict], protocol: dict) -> dict[str, str]:
    """Paper ID -> reason for every ineligible paper."""
    by_author = {(p["surname"], p["year"]): pid for pid, p in papers.items()}
    excluded = {}
    for paper in papers.values():
        for surname, year in re.findall(r"(\w[\w'-]*) et al\. \((\d{4})\)[^.]*?retracted", paper["text"]):
            excluded[by_author[(surname, int(year))]] = "retracted"
    first_report: dict[str, str] = {}
    for pid in sorted(papers, key=lambda p: papers[p]["year"]):
        registry = papers[pid]["registry"]
        if registry in first_report:
            excluded.setdefault(pid, "duplicate_publication")
        first_report.setdefault(registry, pid)
    for pid, paper in papers.items():
        methods = paper["sections"]["Methods"]
        if re.search(LEAKAGE, methods):
            excluded.setdefault(pid, "data_leakage")
        elif protocol["outcome"] not in methods:
            excluded.setdefault(pid, "different_outcome")
        elif protocol["population"] not in methods:
            excluded.setdefault(pid, "different_population")
    return excluded


def read_paper(path: Path) -> dict:
    """A paper's ID, first author's surname, year, registration and sections."""
    text = path.read_text()
    parts = sections(text)
    authors, year = re.search(r"^(.+) \((\d{4})\)\. \*", parts["Header"], re.M).groups()
    methods = parts["Methods"]
    registry = re.search(r"registered as (\S+?)\.(?:\s|$)|presents the \w+ \w+ \(([^)]+)\)", methods)
    return {
        "id": re.search(r"Paper ID: (\w+)", text).group(1),
        "surname": authors.split(", ")[0].split(". ")[1],
        "year": int(year),
        "registry": registry.group(1) or registry.group(2),
        "sections": parts,
        "text": text,
    }


def pool(effects: list[float], errors: list[float]) -> tuple[float, float]:
    """DerSimonian-Laird random-effects estimate and its SE."""
    w = [1 / s**2 for s in errors]
    fixed = sum(wi * y for wi, y in zip(w, effects)) / sum(w)
    q = sum(wi * (y - fixed) ** 2 for wi, y in zip(w, effects))
    c = sum(w) - sum(wi**2 for wi in w) / sum(w)
    tau2 = max(0.0, (q - (len(effects) - 1)) / c)
    w_star = [1 / (s**2 + tau2) for s in errors]
    return sum(wi * y for wi, y in zip(w_star, effects)) / sum(w_star), math.sqrt(1 / sum(w_star))


def main() -> None:
    protocol = read_protocol(Path("protocol.md").read_text())
    papers = {p["id"]: p for p in map(read_paper, sorted(Path("papers").glob("*.md")))}
    excluded = screen(papers, protocol)
    included = sorted(pid for pid in papers if pid not in excluded)
    effects, errors = [], []
    for pid in included:
        md, se = effect(papers[pid]["sections"]["Results"], protocol["name"])
        factor = next((f for note, f in SCALES if re.search(note, papers[pid]["sections"]["Methods"])), 1.0)
        effects.append(md * factor)
        errors.append(se * factor)
        print(f"{pid}: MD {md * factor:.3f} (SE {se * factor:.3f}){' converted' if factor != 1 else ''}")
    estimate, se = pool(effects, errors)
    lower, upper = estimate - Z * se, estimate + Z * se
    benefit = sorted((protocol["direction"] * lower, protocol["direction"] * upper))
    threshold = protocol["direction"] * protocol["threshold"]
    verdict = (
        "supported" if benefit[0] > threshold else "refuted" if benefit[1] < threshold else "inconclusive"
    )
    answer = {
        "pooled_estimate": estimate,
        "ci_lower": lower,
        "ci_upper": upper,
        "included": included,
        "excluded": excluded,
        "verdict": verdict,
    }
    Path("answer.json").write_text(json.dumps(answer, indent=1))
    print(json.dumps(answer))


main()
