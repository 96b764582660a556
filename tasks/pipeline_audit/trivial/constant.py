"""A pipeline that answers the training readmission rate for every admission, reports 0.5 (what a
constant reaches, so the number is 'honest') and lists every kind where it most likely lives.

Trivial submission (validation): run from the workspace, replaces pipeline.py.
"""

import json
from pathlib import Path

PIPELINE = """import sys
import pandas as pd
rate = pd.read_csv("data/admissions.csv")["readmitted_30d"].mean()
new = pd.read_csv(sys.argv[1])
pd.DataFrame({"readmission_probability": [rate] * len(new)}).to_csv(sys.argv[2], index=False)
"""
WHERE = {
    "label_derived_feature": "features.py",
    "target_encoding_before_split": "pipeline.py",
    "preprocessing_fit_on_all_data": "pipeline.py",
    "entity_across_splits": "split.py",
    "oversampling_before_split": "pipeline.py",
    "evaluated_on_training_rows": "pipeline.py",
    "feature_selection_before_split": "features.py",
    "hyperparameters_tuned_on_test": "train.py",
    "id_column_as_feature": "features.py",
}
Path("pipeline.py").write_text(PIPELINE)
Path("bugs.json").write_text(
    json.dumps({"bugs": [{"kind": k, "file": f, "note": "-"} for k, f in WHERE.items()]})
)
Path("results.json").write_text(json.dumps({"held_out_auc": 0.5}))
