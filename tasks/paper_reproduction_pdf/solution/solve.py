"""Oracle for paper_reproduction_pdf: read the whole paper, not just its method section.

The three values that decide the numbers are outside Section 3: the label-smoothing weight in the
footnote of Section 3.3, the clipping threshold in the caption of Table 1 and the L2 coefficient in
Appendix B's Table 2. This reads them from the PDF's text (pypdf, as the agent's paper tool does),
writes reproduce.py (method.py with the settings filled in) and runs it on data.csv.

Run from the workspace: python3 .oracle/solve.py
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pypdf

PATTERNS = {
    "label_smoothing": r"We use epsilon = ([0-9.]+) throughout",
    "clip": r"clipped at c = ([0-9.]+)",
    "weight_decay": r"L2 coefficient lambda \(penalty lambda/2 \|\|theta\|\|\^2\) ([0-9.]+)",
}


def paper_settings(pdf: Path) -> dict:
    """The decisive values, one regular expression each, from the paper's extracted text."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text)
    return {name: float(re.search(pattern, text).group(1)) for name, pattern in PATTERNS.items()}


def main() -> None:
    settings = paper_settings(Path("paper.pdf"))
    source = (Path(__file__).parent / "method.py").read_text()
    placeholder = 'SETTINGS = {"label_smoothing": None, "weight_decay": None, "clip": None}'
    assert placeholder in source
    # One BLAS thread: the matrices are tiny, and threads only contend on a shared machine.
    header = 'import os\n\nos.environ.setdefault("OMP_NUM_THREADS", "1")\n'
    Path("reproduce.py").write_text(header + source.replace(placeholder, f"SETTINGS = {settings!r}"))
    subprocess.run([sys.executable, "reproduce.py", "data.csv", "results.json"], check=True)
    print(json.dumps(json.loads(Path("results.json").read_text())))


if __name__ == "__main__":
    main()
