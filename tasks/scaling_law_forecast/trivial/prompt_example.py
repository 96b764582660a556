"""The prompt's format example as a lazy agent fills it in: every placeholder a 0.

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json

entry = {"prediction": 0, "lower": 0, "upper": 0}
json.dump({f"width_{n}": entry for n in (2048, 4096, 8192)}, open("forecast.json", "w"))
