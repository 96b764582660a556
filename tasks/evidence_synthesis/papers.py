"""Writes evidence_synthesis's papers (Markdown) and the review protocol from drawn studies.

Every paper has a title, authors and year, an abstract with its headline number, Introduction,
Methods (design, population, primary outcome, registration), Results and Discussion. The effect is
printed in one of several wordings per format (a signed mean difference or the size of a reduction,
in prose or a table), with ASCII or Unicode minus signs. What makes a paper ineligible is written
where a reader finds it: a retraction notice inside another paper's text, a registration shared with
an earlier paper, a Methods sentence on the test split, or another outcome or population in Methods.
"""

from pathlib import Path

import numpy as np

SURNAMES = (
    "Okafor Lindqvist Park Moreau Tanaka Herrera Novak Adeyemi Kowalski Brennan Sato Castillo Ivanova "
    "Mensah Fischer Duarte Nakamura Petrov Whitfield Oyelaran Bergstrom Rossi Haddad Kaur Lemaire Yilmaz "
    "Andersen Mbeki Costa Horvath Nguyen Osei Varga Lindgren Abernathy Chowdhury Falk Grieve Holm Ibarra "
    "Jansen Kimura Laine Marsh Nair Ortega Pryce Quinlan Rahman Stroud Thorne Ueda Vance Wexler Zhou "
    "Achebe Bauer Cardenas Dahl Eriksen"
).split()
INITIALS = "ABCDEFGHJKLMNPRST"
SUFFIXES = {
    "blood_pressure": ("isartan", "opril", "idipine"),
    "image_accuracy": ("", "++", "-2"),
    "tutoring": (" Maths", " Numeracy", ""),
    "latency": ("Cache", "Layer", "-RC"),
}
JOURNALS = {
    "blood_pressure": (
        "Journal of Hypertension Research",
        "Cardiovascular Therapeutics",
        "Blood Pressure Trials",
    ),
    "image_accuracy": (
        "Transactions on Visual Learning",
        "Workshop on Data Augmentation",
        "Machine Vision Letters",
    ),
    "tutoring": (
        "Journal of Educational Effectiveness",
        "Mathematics Education Review",
        "Evidence in Schools",
    ),
    "latency": ("Systems Performance Letters", "Journal of Web Engineering", "Workshop on Caching Systems"),
}
CONTEXT = {  # a Results sentence of other numbers, with the ranges of a, b, c
    "blood_pressure": (
        "{b}% of participants were women and {c} did not attend the final visit; adherence by pill count "
        "was {a:.1f}%.",
        (85, 98),
        (35, 60),
    ),
    "image_accuracy": (
        "Each run took {a:.1f} GPU-hours on average; {c} runs diverged and were restarted with a new seed, "
        "and the batch size was {b}0.",
        (3, 20),
        (12, 52),
    ),
    "tutoring": (
        "{b}% of students were eligible for free school meals, {c} students moved school before the final "
        "test, and attendance at tutoring sessions averaged {a:.1f}%.",
        (70, 95),
        (12, 45),
    ),
    "latency": (
        "Each run issued about {b}00 requests per second for {a:.1f} minutes; {c} runs were repeated after "
        "a network fault.",
        (5, 30),
        (10, 90),
    ),
}
BACKGROUND = {
    "blood_pressure": (
        "Raised blood pressure is the leading modifiable risk factor for cardiovascular disease worldwide.",
        "Guidelines recommend drug treatment when lifestyle measures fail to bring pressure below target.",
        "Even small reductions in average systolic pressure translate into fewer strokes in a population.",
        "Adherence to once-daily regimens is better than to regimens taken several times a day.",
    ),
    "image_accuracy": (
        "Data augmentation is among the cheapest ways to improve the generalisation of image classifiers.",
        "Mixing-based augmentations combine parts of several training images into one.",
        "Reported gains from new augmentations are often within run-to-run variation, so several seeds are needed.",
        "Benchmarks with 100 classes are a common test bed because training runs are short.",
    ),
    "tutoring": (
        "Small-group tutoring is one of the most studied interventions in school mathematics.",
        "Attainment gaps in mathematics widen during the middle-school years.",
        "Programmes differ in group size, session length and tutor training.",
        "Schools need evidence on effect sizes to weigh tutoring against its cost.",
    ),
    "latency": (
        "Median and tail latency both shape the performance users perceive from a web service.",
        "Request coalescing merges identical in-flight requests so that the backend serves each of them once.",
        "Gains from caching layers depend on the share of repeated requests in the workload.",
        "Benchmarks of caching layers differ in workload and hardware, which complicates comparisons.",
    ),
}
COVARIATE = {  # Table 1's first row: label, range of its mean, its SD
    "blood_pressure": ("Age, years", (48, 62), 9.0),
    "image_accuracy": ("Peak GPU memory, GB", (9, 30), 1.2),
    "tutoring": ("Age, years", (11.5, 13.5), 0.9),
    "latency": ("CPU utilisation, %", (35, 70), 6.0),
}
BASELINE = {  # Table 1's second row: label, offset of its mean from the control group's final mean
    "blood_pressure": ("{outcome} at entry", (6.0, 14.0)),
    "image_accuracy": ("{outcome} after 10 of 90 epochs", (-25.0, -15.0)),
    "tutoring": ("{outcome} in the previous year", (-8.0, -3.0)),
    "latency": ("{outcome} before the change", (0.0, 6.0)),
}
FUNDERS = (
    "a national research council grant",
    "an unrestricted grant from a charitable foundation",
    "the authors' institutions",
    "a public research programme",
)
WHY_RETRACTED = (
    "an audit found that the outcome data of one site had been fabricated",
    "the authors discovered that the group labels had been swapped in the analysis code",
    "the journal could not verify the raw data",
)
FILLER = (
    "Effects of this size would matter in practice if they hold across settings.",
    "Previous reports disagree on the size of the effect, which motivated this {study}.",
    "Our estimate is compatible with some, but not all, earlier reports.",
    "Adherence was high in both arms, which supports the internal validity of the comparison.",
    "The comparison was analysed as randomised, without adjustment for covariates.",
    "Longer follow-up and replication in other settings would strengthen these conclusions.",
    "The effect was similar in the prespecified subgroups, although the subgroups were small.",
    "Costs were modest relative to the alternatives in routine use.",
    "A larger {study} with a longer horizon is being planned.",
    "Missing outcome data were rare and balanced between the arms.",
)
LIMITATIONS = (
    "This {study} has limitations: it was run at a small number of sites, and the {subjects} may not be "
    "representative of all those to whom the results would be applied.",
    "Limitations include the single outcome time point and the absence of blinding of those delivering "
    "the intervention.",
    "The main limitation is precision: the confidence interval is wide enough to include effects of "
    "little practical importance.",
)


def _number(value: float, decimals: int, minus: str) -> str:
    """A number as printed, with the paper's minus sign."""
    text = f"{value:.{decimals}f}"
    return text.replace("-", minus) if float(text) != 0 else text.lstrip("-")


def _with_unit(text: str, unit: str) -> str:
    """`text` followed by its unit ('%' attached, '' for a proportion)."""
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def _authors(rng: np.random.Generator, pool: list[str]) -> list[str]:
    """Three to six authors taken from `pool` (so no surname is reused across papers)."""
    return [f"{rng.choice(list(INITIALS))}. {pool.pop()}" for _ in range(int(rng.integers(3, 7)))]


def _effect_block(rng, domain, study: dict, name: str, outcome: str, minus: str) -> str:
    """The Results passage that reports the effect, in the study's format and a drawn wording."""
    alt = study["alt"]
    mean_dec, diff_dec = domain.alt_decimals if alt else domain.decimals
    unit, diff_unit = (domain.alt_unit, domain.alt_diff_unit) if alt else (domain.unit, domain.diff_unit)
    shown, (n_t, n_c) = study["shown"], study["n"]
    num = lambda v, d=diff_dec: _number(v, d, minus)  # noqa: E731
    wording = int(rng.integers(3))
    if study["format"] == "groups":
        if wording == 0:
            return (
                f"At {domain.time}, mean {outcome} was {_with_unit(num(shown['mean_t'], mean_dec), unit)} "
                f"(SD {num(shown['sd_t'], mean_dec)}; n = {n_t}) with {name} and "
                f"{_with_unit(num(shown['mean_c'], mean_dec), unit)} (SD {num(shown['sd_c'], mean_dec)}; "
                f"n = {n_c}) with {domain.comparator}."
            )
        head = f"| Arm | {domain.subjects.capitalize()} (n) | Mean {outcome}{f' ({unit})' if unit else ''} | SD |"
        rows = [
            f"| {name} | {n_t} | {num(shown['mean_t'], mean_dec)} | {num(shown['sd_t'], mean_dec)} |",
            f"| {domain.control_label} | {n_c} | {num(shown['mean_c'], mean_dec)} | {num(shown['sd_c'], mean_dec)} |",
        ]
        return "\n".join(
            [
                f"Table 2. {outcome.capitalize()} at {domain.time}, by arm.",
                "",
                head,
                "|---|---|---|---|",
                *rows,
            ]
        )
    md = shown["md"]
    bounds = (shown["md"],) if study["format"] == "se" else (shown["lower"], shown["upper"])
    beneficial = all(domain.direction * b > 0 for b in bounds)
    if wording == 2:
        spread = (
            ("Standard error", num(shown["se"]))
            if study["format"] == "se"
            else ("95% CI", f"{num(shown['lower'])} to {num(shown['upper'])}")
        )
        return "\n".join(
            [
                f"Table 2. Effect of {name} on {outcome} at {domain.time}.",
                "",
                f"| Outcome | Mean difference ({name} minus {domain.comparator}) | {spread[0]} |",
                "|---|---|---|",
                f"| {outcome.capitalize()}{f' ({diff_unit})' if diff_unit else ''} | {num(md)} | {spread[1]} |",
            ]
        )
    if wording == 1 and beneficial:
        verb = "lowered" if domain.direction < 0 else "raised"
        size = _with_unit(num(abs(md)), diff_unit)
        if study["format"] == "se":
            return (
                f"{name} {verb} {outcome} by {size} relative to {domain.comparator} (SE {num(shown['se'])})."
            )
        low, high = sorted((abs(shown["lower"]), abs(shown["upper"])))
        return f"{name} {verb} {outcome} by {size} (95% confidence interval {num(low)} to {num(high)})."
    lead = f"The mean difference in {outcome} ({name} minus {domain.comparator}) was {_with_unit(num(md), diff_unit)}"
    if study["format"] == "se":
        return f"{lead} (standard error {num(shown['se'])})."
    return f"{lead} (95% CI {num(shown['lower'])} to {num(shown['upper'])})."


def _headline(domain, study: dict, name: str, outcome: str, minus: str) -> str:
    """The abstract's result sentence: the point estimate only."""
    diff_unit = domain.alt_diff_unit if study["alt"] else domain.diff_unit
    decimals = (domain.alt_decimals if study["alt"] else domain.decimals)[1]
    value = study["headline"]
    if domain.direction * value > 0:
        verb = "lowered" if domain.direction < 0 else "raised"
        return f"{name} {verb} {outcome} by {_with_unit(_number(abs(value), decimals, minus), diff_unit)}."
    return f"{name} changed {outcome} by {_with_unit(_number(value, decimals, minus), diff_unit)}."


def _subject(domain, study: dict) -> tuple[str, str]:
    """The outcome and population a paper studies (the review's, unless it is the distractor)."""
    outcome = domain.other_outcome if study["reason"] == "different_outcome" else domain.outcome
    population = domain.other_population if study["reason"] == "different_population" else domain.population
    return outcome, population


def _title(rng, domain, study: dict, name: str) -> str:
    """A paper's title."""
    outcome, population = _subject(domain, study)
    return str(
        rng.choice(
            [
                f"Effect of {name} on {outcome}: a {domain.study} in {population}",
                f"{name} versus {domain.comparator} for {outcome}",
                f"Does {name} change {outcome}? Evidence from {sum(study['n'])} {domain.subjects}",
            ]
        )
    )


def _introduction(rng, domain, study: dict, meta: dict, name: str) -> str:
    """Background, the earlier reports cited, and (in one paper) the retraction notice."""
    outcome, _ = _subject(domain, study)
    kind = domain.kind.format(name=name)
    cites = "; ".join(meta["cites"])
    verb = "lower" if domain.direction < 0 else "raise"
    sentences = [
        *(str(s) for s in rng.choice(BACKGROUND[domain.key], 2, replace=False)),
        f"{kind[0].upper()}{kind[1:]}, has been proposed to {verb} {outcome}.",
        f"Earlier reports ({cites}) disagree on the size of the effect." if cites else "Few reports exist.",
        meta["notice"] if meta["notice_in"] == "intro" else "",
        f"Here we report a {domain.study} of {name} against {domain.comparator}.",
    ]
    return " ".join(s for s in sentences if s)


def _methods(rng, domain, study: dict, meta: dict, name: str) -> str:
    """Design, population, outcomes, registration, scale, analysis and (for one paper) the leak."""
    outcome, population = _subject(domain, study)
    n_t, n_c = study["n"]
    population_line = str(
        rng.choice(
            [f"This {domain.study} was conducted in {population}.", f"Setting and population: {population}."]
        )
    )
    outcome_line = str(
        rng.choice(
            [
                f"The primary outcome was {outcome} at {domain.time}.",
                f"Our prespecified primary outcome is {outcome}, measured at {domain.time}.",
            ]
        )
    )
    secondary = f"The secondary outcome was {domain.secondary_outcome}."  # in every paper, whatever its role
    detectable = rng.uniform(*domain.effect) * 1.2
    power = (
        f"With about {max(n_t, n_c)} {domain.subjects} per arm the {domain.study} had 80% power to detect a "
        f"difference of {detectable:.1f} {domain.diff_unit} at the two-sided 5% level."
    )
    analysis = (
        "Arms were compared as randomised with a two-sample t-test, without adjustment for covariates; "
        "95% confidence intervals are normal-approximation (z) intervals, the mean difference \u00b1 1.96 "
        "standard errors."
    )
    sentences = [
        population_line,
        domain.design.format(name=name),
        outcome_line,
        secondary,
        meta["registration"],
        domain.alt_note if study["alt"] else "",
        meta["leak"],
        power,
        analysis,
        f"In total {n_t + n_c} {domain.subjects} were analysed ({n_t} with {name}, {n_c} with {domain.comparator}).",
    ]
    return " ".join(s for s in sentences if s)


def _baseline_table(rng, domain, study: dict, name: str) -> list[str]:
    """Table 1: a covariate and the outcome before the intervention, by arm (mean (SD) cells)."""
    outcome, _ = _subject(domain, study)
    label, covariate, spread = COVARIATE[domain.key]
    factor = domain.alt_factor if study["alt"] else 1.0
    unit = domain.alt_unit if study["alt"] else domain.unit
    decimals = (domain.alt_decimals if study["alt"] else domain.decimals)[0]
    before = study["control_mean"] + rng.uniform(*BASELINE[domain.key][1])
    sd = sum(study["sd"]) / 2

    def cells(centre: float, width: float, scale: float, places: int) -> list[str]:
        return [
            f"{(centre + rng.normal(0, width / 10)) / scale:.{places}f} ({width * rng.uniform(0.9, 1.1) / scale:.{places}f})"
            for _ in range(2)
        ]

    covariate_row = cells(rng.uniform(*covariate), spread, 1.0, 1)
    outcome_row = cells(before, sd, factor, decimals)
    outcome_label = BASELINE[domain.key][0].format(outcome=outcome.capitalize()) + (
        f", {unit}" if unit else ""
    )
    return [
        "Table 1. Characteristics by arm, mean (SD).",
        "",
        f"| Characteristic | {name} (n = {study['n'][0]}) | {domain.control_label} (n = {study['n'][1]}) |",
        "|---|---|---|",
        f"| {label} | {covariate_row[0]} | {covariate_row[1]} |",
        f"| {outcome_label} | {outcome_row[0]} | {outcome_row[1]} |",
    ]


def _secondary(rng, domain, study: dict, minus: str) -> str:
    """Every paper's secondary outcome, in its own scale, reported with a p-value only (so it neither
    enters the pooling nor tells the roles apart)."""
    factor = domain.alt_factor if study["alt"] else 1.0
    diff_unit = domain.alt_diff_unit if study["alt"] else domain.diff_unit
    decimals = (domain.alt_decimals if study["alt"] else domain.decimals)[1]
    value = domain.direction * rng.uniform(*domain.effect) * rng.uniform(0.2, 0.8) / factor
    return (
        f"For the secondary outcome, {domain.secondary_outcome}, the difference between arms was "
        f"{_with_unit(_number(value, decimals, minus), diff_unit)} (p = {rng.uniform(0.01, 0.4):.2f})."
    )


def _paper(rng, domain, study: dict, meta: dict, name: str) -> str:
    """One paper's Markdown."""
    outcome, population = _subject(domain, study)
    minus = "\u2212" if rng.random() < 0.5 else "-"
    context, a_range, b_range = CONTEXT[domain.key]
    a, b, c = rng.uniform(*a_range), int(rng.integers(*b_range)), int(rng.integers(2, 12))
    results = [
        context.format(a=a, b=b, c=c),
        "",
        *_baseline_table(rng, domain, study, name),
        "",
        _effect_block(rng, domain, study, name, outcome, minus),
        "",
        _secondary(rng, domain, study, minus),
    ]
    discussion = [str(s).format(study=domain.study) for s in rng.choice(FILLER, 5, replace=False)]
    discussion.append(meta["notice"] if meta["notice_in"] == "discussion" else "")
    discussion.append(str(rng.choice(LIMITATIONS)).format(study=domain.study, subjects=domain.subjects))
    references = [f"- {ref}" for ref in meta["references"]] or ["- None cited."]
    return "\n".join(
        [
            f"# {meta['title']}",
            "",
            f"Paper ID: {meta['id']}  ",
            f"{', '.join(meta['authors'])} ({meta['year']}). *{meta['journal']}*.",
            "",
            "## Abstract",
            "",
            f"We compared {name} with {domain.comparator} in {population}. "
            + _headline(domain, study, name, outcome, minus),
            "",
            "## 1. Introduction",
            "",
            _introduction(rng, domain, study, meta, name),
            "",
            "## 2. Methods",
            "",
            _methods(rng, domain, study, meta, name),
            "",
            "## 3. Results",
            "",
            *results,
            "",
            "## 4. Discussion",
            "",
            " ".join(s for s in discussion if s),
            "",
            f"Funding: {rng.choice(FUNDERS)}. The funder had no role in the analysis or the decision to publish.",
            "",
            "## References",
            "",
            *references,
            "",
        ]
    )


def _years(rng, studies: list[dict]) -> tuple[list[int], dict]:
    """Publication years, consistent with the retraction notice or the duplicate's primary report."""
    years = [int(rng.integers(2012, 2026)) for _ in studies]
    invalid = next(i for i, s in enumerate(studies) if s["role"] == "invalid")
    extra: dict = {}
    if studies[invalid]["reason"] == "retracted":
        years[invalid] = int(rng.integers(2012, 2019))
        extra["retraction_year"] = years[invalid] + int(rng.integers(1, 3))
        carrier = int(rng.choice([i for i, s in enumerate(studies) if s["role"] == "valid"]))
        years[carrier] = int(rng.integers(extra["retraction_year"], 2026))
        extra["carrier"] = carrier
    elif studies[invalid]["reason"] == "duplicate_publication":
        primary = studies[invalid]["primary"]
        years[primary] = int(rng.integers(2012, 2023))
        years[invalid] = years[primary] + int(rng.integers(1, 4))
    return years, extra


def _registration(rng, domain) -> tuple[str, str]:
    """A trial acronym and registration ID."""
    acronym = "".join(rng.choice(list("ABCDEFGHKLMNPRSTVW"), int(rng.integers(3, 6))))
    digits = "".join(str(d) for d in rng.integers(0, 10, 8 if domain.registry.startswith("ISRCTN") else 7))
    return acronym, domain.registry.format(digits=digits)


def write_papers(rng: np.random.Generator, domain, studies: list[dict], claim: dict, workspace: Path) -> dict:
    """Write papers/P<k>.md for every study and protocol.md; return study index -> paper id."""
    name = str(rng.choice(domain.stems)) + str(rng.choice(SUFFIXES[domain.key]))
    ids = {i: f"P{k + 1}" for k, i in enumerate(rng.permutation(len(studies)).tolist())}
    years, extra = _years(rng, studies)
    pool = [str(s) for s in rng.permutation(SURNAMES)]
    authors = [_authors(rng, pool) for _ in studies]
    registrations = [_registration(rng, domain) for _ in studies]
    titles = [_title(rng, domain, study, name) for study in studies]
    journals = [str(rng.choice(JOURNALS[domain.key])) for _ in studies]
    for i, study in enumerate(studies):  # a duplicate report: the primary's team, another first author
        if study["reason"] == "duplicate_publication":
            team = authors[study["primary"]]
            authors[i] = [team[j] for j in rng.permutation(len(team))]
            if authors[i][0] == team[0]:
                authors[i] = authors[i][1:] + authors[i][:1]
    cite = lambda i: f"{authors[i][0].split('. ')[1]} et al., {years[i]}"  # noqa: E731
    metas = []
    for i, study in enumerate(studies):
        acronym, registry = registrations[i]
        registration = f"The {acronym} {domain.study} was registered as {registry}."
        if study["role"] == "invalid" and study["reason"] == "duplicate_publication":
            acronym, registry = registrations[study["primary"]]
            registration = (
                f"This report presents the {acronym} {domain.study} ({registry}), analysing the {domain.subjects} "
                "that completed it."
            )
        earlier = [j for j in range(len(studies)) if years[j] < years[i] and j != i]
        chosen = (
            rng.choice(earlier, min(len(earlier), int(rng.integers(0, 3))), replace=False) if earlier else []
        )
        metas.append(
            {
                "id": ids[i],
                "year": years[i],
                "authors": authors[i],
                "journal": journals[i],
                "title": titles[i],
                "references": [
                    f"{', '.join(authors[j])} ({years[j]}). {titles[j]}. *{journals[j]}*."
                    for j in sorted(chosen)
                ],
                "registration": registration,
                "leak": str(rng.choice(domain.leakage)) if study["reason"] == "data_leakage" else "",
                "cites": [cite(int(j)) for j in sorted(chosen)],
                "notice": "",
                "notice_in": "",
            }
        )
    if "carrier" in extra:
        invalid = next(i for i, s in enumerate(studies) if s["role"] == "invalid")
        surname = authors[invalid][0].split(". ")[1]
        why = str(rng.choice(WHY_RETRACTED))
        metas[extra["carrier"]]["notice"] = (
            f"{surname} et al. ({years[invalid]}) reported a much larger effect, but that article was retracted "
            f"in {extra['retraction_year']} after {why}; we do not consider its results further."
        )
        metas[extra["carrier"]]["notice_in"] = str(rng.choice(["intro", "discussion"]))
    folder = workspace / "papers"
    folder.mkdir()
    for i in sorted(ids, key=lambda i: int(ids[i][1:])):  # in ID order: file times and inodes tell no roles
        (folder / f"{ids[i]}.md").write_text(_paper(rng, domain, studies[i], metas[i], name))
    (workspace / "protocol.md").write_text(_protocol(domain, name, claim))
    return ids


def _protocol(domain, name: str, claim: dict) -> str:
    """The review protocol: question, eligibility, effect measure and the claim to assess."""
    design = (
        "independent training runs of both recipes, evaluated on a held-out test split that was used "
        "neither for training nor for choosing hyperparameters or the stopping epoch"
        if domain.key == "image_accuracy"
        else f"comparisons in which {domain.subjects} were assigned at random"
    )
    verb = "lowers" if domain.direction < 0 else "raises"
    threshold = claim["benefit_threshold"]
    signed = -threshold if domain.direction < 0 else threshold
    sign = "<" if domain.direction < 0 else ">"
    return "\n".join(
        [
            f"# Review protocol: {name} and {domain.outcome}",
            "",
            f"**Question.** In {domain.population}, does {domain.kind.format(name=name)}, compared with "
            f"{domain.comparator}, change {domain.outcome} at {domain.time}?",
            "",
            "**Eligibility.** The search found the papers in `papers/`; not all of them are eligible.",
            "",
            f"- Population: {domain.population}.",
            f"- Intervention and comparison: {name} versus {domain.comparator}.",
            f"- Outcome: {domain.outcome} at {domain.time}.",
            f"- Design: {design}.",
            f"- Each {domain.study} counts once: where several papers report the same {domain.study} (the "
            "same registration), the earliest paper is used and the later ones are excluded as duplicate "
            "publications.",
            "- Retracted results are excluded.",
            "",
            f"**Effect measure.** The mean difference in {domain.outcome}, {name} minus {domain.comparator}, "
            f"in {domain.diff_unit}.",
            "",
            f'**Claim to assess.** "{name} {verb} {domain.outcome} by more than {threshold} {domain.diff_unit}", '
            f"that is, the mean difference is {sign} {signed:g} {domain.diff_unit}.",
            "",
        ]
    )
