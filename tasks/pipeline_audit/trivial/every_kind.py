"""Lists every kind of the prompt's vocabulary, each in the file most of them touch, reports the
README's claim and leaves the pipeline as it is.

Trivial submission (validation): run from the workspace.
"""

import json
import re
from pathlib import Path

KINDS = [
    "label_derived_feature",
    "target_encoding_before_split",
    "preprocessing_fit_on_all_data",
    "entity_across_splits",
    "oversampling_before_split",
    "evaluated_on_training_rows",
    "feature_selection_before_split",
    "hyperparameters_tuned_on_test",
    "id_column_as_feature",
]
claim = float(re.search(r"ROC AUC ([0-9.]+)", Path("README.md").read_text()).group(1))
bugs = [{"kind": kind, "file": "pipeline.py", "note": "possible"} for kind in KINDS]
Path("bugs.json").write_text(json.dumps({"bugs": bugs}))
Path("results.json").write_text(json.dumps({"held_out_auc": claim}))
