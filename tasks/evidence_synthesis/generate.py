"""Instance generator for evidence_synthesis: five to seven papers on one question, with conflicting results.

Per seed: a review topic (domains.py), a true effect and a between-study spread, three to five
eligible studies, one invalid paper (retracted in a note inside another paper, a duplicate report of
an eligible trial, or an evaluation that leaked its test set) and one distractor on another outcome
or population. Eligible studies report a mean difference with its standard error, with its 95% CI,
or only the groups' means, SDs and sizes; one of them reports on another scale (kPa, a proportion,
seconds). The papers are Markdown (papers.py writes them); the review protocol names the question,
the eligibility rules and a claim to assess.

The truth is computed from the numbers as printed (so a careful reader can reproduce it exactly):
DerSimonian-Laird pooling of the eligible studies. A draw is kept only when every shortcut (pooling
everything, forgetting the unit conversion, keeping the invalid paper or the distractor, averaging
the headline numbers, any single paper's number, zero; and, among the eligible papers, their
unweighted mean, their fixed-effect pooling, a CI's half-width taken for the SE, or leaving out the
paper on the other scale; and the claim's threshold) lands at least MARGIN tolerances away.
"""

import json
import math
from pathlib import Path

import numpy as np

from tasks.grading import load_task_module

HERE = Path(__file__).parent
domains = load_task_module(HERE / "domains.py", "evidence_synthesis_domains")
papers = load_task_module(HERE / "papers.py", "evidence_synthesis_papers")

Z = 1.96
TOLERANCE_SE = 0.1  # the estimate's tolerance, in pooled standard errors (full credit within it)
CI_TOLERANCE_SE = 0.25  # the CI bounds' (they move with tau^2, which rounding moves a little)
MARGIN = 3.0  # shortcuts must land this many tolerances away (credit ends at 2)
VERDICT_MARGIN_SE = 0.4  # the claim's threshold sits at least this far from either CI bound
FORMATS = ("se", "ci", "groups")


def pool(effects: list[float], errors: list[float]) -> dict:
    """DerSimonian-Laird random-effects pooling (Cochrane Handbook 10.10.4): estimate, SE, 95% CI, tau^2."""
    y, v = np.asarray(effects, float), np.asarray(errors, float) ** 2
    w = 1.0 / v
    fixed = float(np.sum(w * y) / np.sum(w))
    q = float(np.sum(w * (y - fixed) ** 2))
    c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (q - (len(y) - 1)) / c) if c > 0 else 0.0
    w_star = 1.0 / (v + tau2)
    estimate = float(np.sum(w_star * y) / np.sum(w_star))
    se = float(math.sqrt(1.0 / np.sum(w_star)))
    return {
        "estimate": estimate,
        "se": se,
        "lower": estimate - Z * se,
        "upper": estimate + Z * se,
        "tau2": tau2,
    }


def fixed_effect(effects: list[float], errors: list[float]) -> float:
    """The inverse-variance fixed-effect estimate (Cochrane Handbook 10.3)."""
    w = 1.0 / np.asarray(errors, float) ** 2
    return float(np.sum(w * np.asarray(effects, float)) / np.sum(w))


def _printed(value: float, decimals: int) -> float:
    """A number as the paper prints it."""
    return round(value, decimals)


def _show(study: dict, domain, alt: bool) -> None:
    """Round the study's numbers as its paper prints them (in its own scale) and derive, from those,
    the effect and SE in the review's scale: SE from a CI is its width / 3.92, from groups
    sqrt(SD1^2/n1 + SD2^2/n2) (Cochrane Handbook 6.5.2)."""
    factor = domain.alt_factor if alt else 1.0
    mean_dec, diff_dec = domain.alt_decimals if alt else domain.decimals
    n_t, n_c = study["n"]
    if study["format"] == "groups":
        m_c = _printed(study["control_mean"] / factor, mean_dec)
        m_t = _printed((study["control_mean"] + study["md"]) / factor, mean_dec)
        sd_t, sd_c = (_printed(s / factor, mean_dec) for s in study["sd"])
        study["shown"] = {"mean_t": m_t, "mean_c": m_c, "sd_t": sd_t, "sd_c": sd_c}
        effect, se = m_t - m_c, math.sqrt(sd_t**2 / n_t + sd_c**2 / n_c)
    else:
        md = _printed(study["md"] / factor, diff_dec)
        if study["format"] == "se":
            se = _printed(study["se"] / factor, diff_dec)
            study["shown"] = {"md": md, "se": se}
        else:
            lower = _printed((study["md"] - Z * study["se"]) / factor, diff_dec)
            upper = _printed((study["md"] + Z * study["se"]) / factor, diff_dec)
            study["shown"] = {"md": md, "lower": lower, "upper": upper}
            se = (upper - lower) / (2 * Z)
        effect = md
    study["alt"] = alt
    study["headline"] = round(effect, diff_dec)  # the abstract's number, in the paper's own scale
    study["effect"], study["effect_se"] = effect * factor, se * factor


def _groups(rng: np.random.Generator, domain, md: float, large: bool = False) -> dict:
    """Group sizes, observed SDs, a control mean and the SE of a mean difference `md`."""
    low, high = domain.n
    n_t = int(rng.integers((low + high) // 2 if large else low, high + 1))
    n_c = max(low, n_t + int(rng.integers(-n_t // 10 - 1, n_t // 10 + 2)))
    sd = rng.uniform(*domain.sd)
    sds = [float(sd * math.exp(rng.normal(0, 0.08))) for _ in range(2)]
    se = math.sqrt(sds[0] ** 2 / n_t + sds[1] ** 2 / n_c)
    return {"n": (n_t, n_c), "sd": sds, "se": se, "md": md, "control_mean": rng.uniform(*domain.control_mean)}


def _draw_studies(rng: np.random.Generator, domain) -> list[dict]:
    """Eligible studies, the invalid paper and the distractor, with their printed numbers."""
    mu = domain.direction * rng.uniform(*domain.effect)
    k = int(rng.integers(3, 6))
    formats = list(FORMATS) + [str(f) for f in rng.choice(FORMATS, k - 3)]
    rng.shuffle(formats)
    alt_index = int(rng.integers(k))
    typical_se = domain.sd[1] * math.sqrt(2 / domain.n[0]) / 2
    tau = rng.uniform(0.3, 1.0) * typical_se
    studies = []
    for i in range(k):
        study = _groups(rng, domain, 0.0)
        study["md"] = mu + tau * rng.normal() + study["se"] * rng.normal()
        study.update(role="valid", reason=None, format=formats[i])
        _show(study, domain, alt=i == alt_index)
        studies.append(study)
    reason = str(rng.choice(domain.invalid))
    if reason == "duplicate_publication":
        primary = int(rng.integers(k))
        source = studies[primary]  # the same trial re-analysed in those who completed it: fewer, better
        share = rng.uniform(0.75, 0.92)
        n = tuple(max(domain.n[0] // 2, int(m * share)) for m in source["n"])
        invalid = {key: source[key] for key in ("sd", "control_mean")}
        invalid.update(n=n, primary=primary, md=source["md"] + mu * rng.uniform(0.8, 1.8))
        invalid["se"] = math.sqrt(invalid["sd"][0] ** 2 / n[0] + invalid["sd"][1] ** 2 / n[1])
        invalid["format"] = str(rng.choice([f for f in FORMATS if f != source["format"]]))
    else:
        invalid = _groups(rng, domain, mu * rng.uniform(1.8, 3.0), large=True)
        invalid["format"] = str(rng.choice(FORMATS))
    invalid.update(role="invalid", reason=reason)
    _show(invalid, domain, alt=False)
    distractor_effect = mu * (rng.uniform(1.8, 3.2) if rng.random() < 0.6 else rng.uniform(-1.0, 0.2))
    distractor = _groups(rng, domain, distractor_effect, large=True)
    distractor.update(
        role="distractor",
        reason=str(rng.choice(["different_outcome", "different_population"])),
        format=str(rng.choice(FORMATS)),
    )
    _show(distractor, domain, alt=False)
    return [*studies, invalid, distractor]


def shortcuts(studies: list[dict], domain, claim: dict) -> dict[str, float]:
    """Estimates the shortcuts a hasty analyst takes, each in the review's scale (the claim's signed
    threshold among them: an 'inconclusive' answer centred on it)."""
    valid = [s for s in studies if s["role"] == "valid"]

    def dl(selection: list[dict], convert: bool = True) -> float:
        effects = [
            s["effect"] if convert or not s["alt"] else s["effect"] / domain.alt_factor for s in selection
        ]
        errors = [
            s["effect_se"] if convert or not s["alt"] else s["effect_se"] / domain.alt_factor
            for s in selection
        ]
        return pool(effects, errors)["estimate"]

    found = {
        "pool_everything": dl(studies),
        "pool_everything_unconverted": dl(studies, convert=False),
        "pool_with_invalid": dl([s for s in studies if s["role"] != "distractor"]),
        "pool_with_distractor": dl([s for s in studies if s["role"] != "invalid"]),
        "pool_unconverted": dl(valid, convert=False),
        "pool_without_other_unit": dl([s for s in valid if not s["alt"]]),
        "claim_threshold": domain.direction * claim["benefit_threshold"],
        "mean_of_headlines": float(np.mean([s["headline"] for s in studies])),
        "mean_of_converted_headlines": float(np.mean([s["effect"] for s in studies])),
        "zero": 0.0,
        "mean_of_eligible": float(np.mean([s["effect"] for s in valid])),
        "fixed_effect": fixed_effect([s["effect"] for s in valid], [s["effect_se"] for s in valid]),
        "ci_half_width_as_se": pool(
            [s["effect"] for s in valid],
            [s["effect_se"] * (Z if s["format"] == "ci" else 1.0) for s in valid],
        )["estimate"],
    }
    for i, study in enumerate(studies):
        found[f"paper_{i}_headline"] = float(study["headline"])
        found[f"paper_{i}_converted"] = float(study["effect"])
    return found


def _claim(rng: np.random.Generator, truth: dict, direction: int) -> dict | None:
    """A claim 'the benefit exceeds T' whose verdict under the truth's CI is clear, or None.

    In the benefit's direction (effect * direction): supported when the whole CI lies above T,
    refuted when it lies below, inconclusive when it holds T.
    """
    se = truth["se"]
    lower, upper = sorted((direction * truth["lower"], direction * truth["upper"]))
    centre = direction * truth["estimate"]
    options = {
        "supported": lower - rng.uniform(0.6, 1.5) * se,
        "refuted": upper + rng.uniform(0.6, 1.5) * se,
        "inconclusive": centre + rng.choice([-1.0, 1.0]) * rng.uniform(0.3, 1.0) * se,  # never the estimate
    }
    order = [str(v) for v in rng.permutation(list(options))]
    for verdict in order:
        for decimals in (1, 2):
            threshold = round(options[verdict], decimals)
            clear = min(abs(threshold - lower), abs(threshold - upper)) >= VERDICT_MARGIN_SE * se
            fits = {"supported": threshold < lower, "refuted": threshold > upper}.get(
                verdict, lower < threshold < upper
            )
            if threshold > 0 and clear and fits:
                return {"verdict": verdict, "benefit_threshold": threshold}
    return None


def draw_instance(seed: int) -> tuple:
    """The first draw for this seed whose shortcuts all miss the truth by MARGIN tolerances."""
    for attempt in range(20000):
        rng = np.random.default_rng([seed, 1212, attempt])
        domain = domains.DOMAINS[seed % len(domains.DOMAINS)]  # consecutive seeds, different topics
        studies = _draw_studies(rng, domain)
        valid = [s for s in studies if s["role"] == "valid"]
        truth = pool([s["effect"] for s in valid], [s["effect_se"] for s in valid])
        tolerance = TOLERANCE_SE * truth["se"]
        claim = _claim(rng, truth, domain.direction)
        if claim is None:
            continue
        misses = [abs(value - truth["estimate"]) for value in shortcuts(studies, domain, claim).values()]
        if min(misses) >= MARGIN * tolerance:
            return rng, domain, studies, truth, tolerance, claim, attempt
    raise RuntimeError(f"seed {seed}: no draw met the margins")  # never seen on seeds 0-200


def build(seed: int, workspace: Path, hidden: Path) -> None:
    """Write papers/P*.md and protocol.md to the workspace and the truth to hidden/truth.json."""
    rng, domain, studies, truth, tolerance, claim, attempt = draw_instance(seed)
    written = papers.write_papers(rng, domain, studies, claim, workspace)
    included = sorted(written[i] for i, s in enumerate(studies) if s["role"] == "valid")
    excluded = {written[i]: s["reason"] for i, s in enumerate(studies) if s["role"] != "valid"}
    record = {
        "domain": domain.key,
        "attempt": attempt,
        "pooled_estimate": truth["estimate"],
        "pooled_se": truth["se"],
        "ci_lower": truth["lower"],
        "ci_upper": truth["upper"],
        "tau2": truth["tau2"],
        "tolerance": tolerance,
        "ci_tolerance": CI_TOLERANCE_SE * truth["se"],
        "included": included,
        "excluded": excluded,
        "papers": sorted(written.values()),
        "verdict": claim["verdict"],
        "benefit_threshold": claim["benefit_threshold"],
        "direction": domain.direction,
        "shortcuts": shortcuts(studies, domain, claim),
        "studies": {
            written[i]: {"role": s["role"], "effect": s["effect"], "se": s["effect_se"], "alt": s["alt"]}
            for i, s in enumerate(studies)
        },
    }
    (hidden / "truth.json").write_text(json.dumps(record, indent=1))
