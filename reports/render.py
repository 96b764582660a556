"""Write a run's report: report.md, a self-contained report.html, PNG figures, results.csv, samples.csv,
behaviour.csv and submission.json under reports/out/<run_id>/.

Every number printed comes from the frames built from the logs (samples.csv holds every row), and
the disclosure names the logs, the task versions and hashes and the command that made the report.
"""

import base64
import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import markdown

from reports.figures import write_figures
from reports.record import submission_record
from reports.sections import (
    behaviour_markdown,
    cost_markdown,
    disclosure,
    egress_markdown,
    errors_markdown,
    other_scorers,
    overall_markdown,
    paired_markdown,
    summary_markdown,
)

__all__ = ["write_report"]


def _html(markdown_text: str, out_dir: Path, title: str) -> str:
    """report.md as one HTML file that needs nothing else: figures inlined as data URIs."""
    # The report has no raw HTML of its own, while logs hold text an agent controls (error messages,
    # names): every <, > and & is escaped before rendering, so none of it can become markup or script.
    body = markdown.markdown(html.escape(markdown_text, quote=False), extensions=["tables"])

    def inline(match: re.Match) -> str:
        path = out_dir / match.group(1)
        data = base64.b64encode(path.read_bytes()).decode() if path.is_file() else ""
        return f'src="data:image/png;base64,{data}"'

    body = re.sub(r'src="([\w.-]+\.png)"', inline, body)
    style = (
        "body{font-family:system-ui,sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 7px}"
        "th{background:#f3f3f3}img{max-width:100%}code{font-size:12px}"
    )
    return f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>{style}</style></head><body>\n{body}\n</body></html>\n'


def write_report(report) -> Path:
    """Write every output of `report` (a reports.Report) into its out_dir; return report.md's path."""
    out = report.out_dir
    out.mkdir(parents=True, exist_ok=True)
    figures = write_figures(report.summary, report.overall, out)
    report.summary.to_csv(out / "results.csv", index=False)
    report.frame.to_csv(out / "samples.csv", index=False)
    report.behaviour_summary.to_csv(out / "behaviour.csv", index=False)
    if not report.paired.empty:
        report.paired.to_csv(out / "paired.csv", index=False)
    text = _markdown(report, figures)
    (out / "report.md").write_text(text)
    (out / "report.html").write_text(_html(text, out, f"OpenIntern report: {report.run_id}"))
    (out / "submission.json").write_text(
        json.dumps(submission_record(report), indent=1, sort_keys=True) + "\n"
    )
    return out / "report.md"


def _markdown(report, figures: list[tuple[str, str]]) -> str:
    problems = (
        [
            "## Read problems",
            "",
            "These logs or values could not be used as they are; everything else was:",
            "",
        ]
        + [f"- {line}" for line in report.problems]
        + [""]
        if report.problems
        else []
    )
    return "\n".join(
        [
            f"# OpenIntern report: {report.run_id}",
            "",
            f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC} from the Inspect logs in `{report.log_dir}` by "
            f"`{report.command}`. Every number below is computed from those logs (per-sample rows in "
            "`samples.csv`; `submission.json` holds the tables for `openintern verify`).",
            "",
            *problems,
            "## Headline",
            "",
            overall_markdown(report.overall, report.headline),
            "",
            "## Results",
            "",
            "Score is in [0, 1] for the harness's tasks (0 = the null baseline, 1 = the reference solution) "
            "and as the scorer gives it for other Inspect tasks (letter grades C/I/P/N read as 1/0/0.5/0, as "
            "Inspect's metrics read them); success is the task's threshold reached (other tasks: a full "
            "mark). Intervals are 95%, clustered by sample (epochs of one sample are not independent), and kept within [0, 1] for scores in that range. pass@k "
            "is the unbiased estimator over each sample's epochs. An errored sample counts as 0; 'mean of "
            "scored' leaves errored samples out, as Inspect's own metrics do. Rows of different task "
            "versions are never pooled.",
            "",
            summary_markdown(report.summary),
            "",
            other_scorers(report.summary),
            "",
            *[
                line
                for file, caption in figures
                if file == "scores.png"
                for line in (f"![{caption}]({file})", "")
            ],
            "## Paired differences",
            "",
            paired_markdown(report.paired, report.baseline, report.baseline_note),
            "",
            "## Cost and effort",
            "",
            cost_markdown(report.summary),
            "",
            *[
                line
                for file, caption in figures
                if file != "scores.png"
                for line in (f"![{caption}]({file})", "")
            ],
            "## Agent behaviour",
            "",
            behaviour_markdown(report.behaviour_summary),
            "",
            "## Errors",
            "",
            errors_markdown(report.frame),
            "",
            "## Egress",
            "",
            egress_markdown(report.egress, report.egress_statement, report.networks),
            "",
            "## Disclosure",
            "",
            disclosure(report.frame, report.provenance),
            "",
            "## What this report does not show",
            "",
            "- Samples are few: read the intervals, not the means, and the paired table's 'samples for d' "
            "before calling a difference real.",
            "- A score is a task's grader on this run's outputs; it says nothing about tasks not run here, and "
            "a task's score scale is its own (headline means weigh every task the same).",
            "- Cost counts model tokens at list prices; local models' hardware time is not priced.",
            "- Agents are compared fairly only where the disclosure shows the same tasks, versions, limits, "
            "sandbox and model for each.",
            "",
        ]
    )
