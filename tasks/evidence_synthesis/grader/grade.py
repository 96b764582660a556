"""Grader for evidence_synthesis: answer.json against the meta-analysis of the papers as printed.

The pooled estimate is the finding and gates the rest: full credit within the tolerance (a tenth of
the pooled SE) of the DerSimonian-Laird estimate over the eligible papers, none beyond twice that.
Every shortcut the generator knows of (pooling everything, no unit conversion, keeping the invalid
paper or the distractor, averaging headline numbers, any one paper's number, zero, and among the
eligible papers their unweighted mean, their fixed-effect pooling, a CI's half-width taken for the
SE) lies at least three tolerances away. The rest: the CI bounds (the same credit curve with a
quarter of the pooled SE, since tau^2 moves them more than rounding moves the estimate), the
selection (F1 of the included set, averaged with the share of ineligible papers given the right
reason) and the verdict.

    metric = estimate_credit * (0.4 + 0.2 * ci_credit + 0.2 * selection + 0.2 * verdict)
"""

import json
from pathlib import Path
from typing import Any

from tasks.grading import Grade, SubmissionError, read_results, require_number

REASONS = ("duplicate_publication", "retracted", "data_leakage", "different_outcome", "different_population")
VERDICTS = ("supported", "refuted", "inconclusive")
KEYS = ("pooled_estimate", "ci_lower", "ci_upper", "included", "excluded", "verdict")


def credit(error: float, tolerance: float) -> float:
    """1 within the tolerance, falling linearly to 0 at twice the tolerance."""
    return min(1.0, max(0.0, 2.0 - error / tolerance))


def _selection(answer: dict, papers: list[str]) -> tuple[list[str], dict[str, str]]:
    """The included IDs and the excluded ID -> reason, checked: every paper exactly once, known reasons."""
    included, excluded = answer["included"], answer["excluded"]
    if not isinstance(included, list) or not all(isinstance(p, str) for p in included):
        raise SubmissionError(
            "'included' must be a list of paper IDs (strings such as the file names' stems)"
        )
    if not isinstance(excluded, dict) or not all(isinstance(r, str) for r in excluded.values()):
        raise SubmissionError("'excluded' must be an object mapping paper IDs to reasons (strings)")
    unknown = sorted({r for r in excluded.values() if r not in REASONS})
    if unknown:
        raise SubmissionError(f"unknown exclusion reasons {unknown}; use one of {list(REASONS)}")
    listed = included + list(excluded)
    twice = sorted({p for p in listed if listed.count(p) > 1})
    strangers = sorted(set(listed) - set(papers))
    missing = sorted(set(papers) - set(listed))
    if twice or strangers or missing:
        raise SubmissionError(
            f"every paper must appear exactly once in 'included' or 'excluded' (papers: {papers}); "
            f"listed twice: {twice}, not a paper: {strangers}, missing: {missing}"
        )
    return included, excluded


def _check(answer: dict[str, Any], papers: list[str]) -> tuple[float, float, float, list, dict, str]:
    """The answer's fields, validated; SubmissionError with the field to fix otherwise."""
    missing = [key for key in KEYS if key not in answer]
    if missing:
        raise SubmissionError(f"answer.json lacks {missing}; it needs {list(KEYS)}")
    estimate, lower, upper = (require_number(answer[k], k) for k in KEYS[:3])
    if lower > upper:
        raise SubmissionError(f"ci_lower ({lower}) is above ci_upper ({upper})")
    if answer["verdict"] not in VERDICTS:
        raise SubmissionError(f"'verdict' must be one of {list(VERDICTS)}, got {answer['verdict']!r}")
    included, excluded = _selection(answer, papers)
    return estimate, lower, upper, included, excluded, answer["verdict"]


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    truth = json.loads((hidden / "truth.json").read_text())
    estimate, lower, upper, included, excluded, verdict = _check(
        read_results(outputs / "answer.json"), truth["papers"]
    )
    tolerance = truth["tolerance"]
    estimate_credit = credit(abs(estimate - truth["pooled_estimate"]), tolerance)
    ci_error = max(abs(lower - truth["ci_lower"]), abs(upper - truth["ci_upper"]))
    ci_credit = credit(ci_error, truth["ci_tolerance"])
    hits = len(set(included) & set(truth["included"]))
    f1 = 2 * hits / (len(included) + len(truth["included"])) if included else 0.0
    reasons = sum(excluded.get(p) == r for p, r in truth["excluded"].items()) / len(truth["excluded"])
    selection = (f1 + reasons) / 2
    verdict_ok = verdict == truth["verdict"]
    metric = estimate_credit * (0.4 + 0.2 * ci_credit + 0.2 * selection + 0.2 * verdict_ok)
    return Grade(
        metric=metric,
        explanation=(
            f"pooled estimate {estimate:.4g} vs {truth['pooled_estimate']:.4g} (tolerance {tolerance:.3g}: "
            f"credit {estimate_credit:.2f}); CI [{lower:.4g}, {upper:.4g}] vs [{truth['ci_lower']:.4g}, "
            f"{truth['ci_upper']:.4g}] (credit {ci_credit:.2f}); included F1 {f1:.2f}, reasons "
            f"{reasons:.2f}; verdict {verdict} ({'right' if verdict_ok else 'wrong'})"
        ),
        details={
            "estimate_credit": estimate_credit,
            "ci_credit": ci_credit,
            "included_f1": f1,
            "reasons_right": reasons,
            "verdict_right": verdict_ok,
        },
    )
