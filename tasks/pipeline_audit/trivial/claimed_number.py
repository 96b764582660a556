"""Reports the README's claimed ROC AUC, lists no bug and leaves the pipeline as it is.

Trivial submission (validation): run from the workspace.
"""

import json
import re
from pathlib import Path

claim = float(re.search(r"ROC AUC ([0-9.]+)", Path("README.md").read_text()).group(1))
Path("bugs.json").write_text(json.dumps({"bugs": []}))
Path("results.json").write_text(json.dumps({"held_out_auc": claim}))
