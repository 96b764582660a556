"""The prompt's format example with every number placeholder read as 0: every paper included, verdict
'inconclusive'.

Trivial submission (validation): run from the workspace, writes answer.json.
"""

import json
from pathlib import Path

papers = sorted(p.stem for p in Path("papers").glob("*.md"))
answer = {
    "pooled_estimate": 0,
    "ci_lower": 0,
    "ci_upper": 0,
    "included": papers,
    "excluded": {},
    "verdict": "inconclusive",
}
Path("answer.json").write_text(json.dumps(answer))
