"""Hard-coded numbers, no run at all: a loss of 0.5 within [0.25, 1.0] for every target.

Trivial submission (validation): run from the workspace, writes forecast.json.
"""

import json

entry = {"prediction": 0.5, "lower": 0.25, "upper": 1.0}
json.dump({f"width_{n}": entry for n in (2048, 4096, 8192)}, open("forecast.json", "w"))
