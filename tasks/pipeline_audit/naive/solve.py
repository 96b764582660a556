"""Naive attempt for pipeline_audit: fix the one bug that jumps out, rerun, report what it prints.

A claimed ROC AUC near 1 for readmission sends a hasty auditor to the features: `followup_days`
(days from discharge to the latest contact) is plainly not known at discharge, so it goes, and that
bug is listed. Without such a feature, the textbook suspect is the split: rows split at random while
patients come back, so it becomes a split by patient. Either way the number reported is the one the
rerun pipeline prints, and the other bugs stay in.

Run from the workspace directory: writes bugs.json and results.json, rewrites one repository file.
"""

import json
import subprocess
import sys
from pathlib import Path

GROUPED = """    splitter = GroupShuffleSplit(n_splits=1, test_size=TEST_SHARE, random_state=seed)
    train_rows, test_rows = next(splitter.split(frame, groups=frame["patient_id"]))
    return frame.iloc[train_rows].copy(), frame.iloc[test_rows].copy()
"""


def drop_followup() -> dict:
    """Remove followup_days from the features."""
    features = Path("features.py").read_text()
    lines = [line for line in features.splitlines(keepends=True) if "followup_days" not in line]
    Path("features.py").write_text("".join(lines))
    return {"kind": "label_derived_feature", "file": "features.py", "note": "followup_days is post-outcome"}


def split_by_patient() -> dict:
    """Replace the random row split with a split by patient."""
    split = Path("split.py").read_text()
    head, rest = split.split('    """Training and held-out admissions."""\n', 1)
    tail = rest[rest.index("\n\ndef balance") :]
    split = head + '    """Training and held-out admissions."""\n' + GROUPED + tail
    Path("split.py").write_text(split.replace("import train_test_split", "import GroupShuffleSplit"))
    return {"kind": "entity_across_splits", "file": "split.py", "note": "rows split at random"}


bugs = []
if "followup_days" in Path("features.py").read_text():
    bugs.append(drop_followup())
elif "train_test_split(frame" in Path("split.py").read_text():
    bugs.append(split_by_patient())
subprocess.run([sys.executable, "pipeline.py"], check=True)
auc = json.loads(Path("metrics.json").read_text())["held_out_auc"]
Path("bugs.json").write_text(json.dumps({"bugs": bugs}))
Path("results.json").write_text(json.dumps({"held_out_auc": auc}))
