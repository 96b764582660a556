"""The prompt's old format example as written: Kleiber's exponent 0.75, coefficient 3.2.

Run from the workspace directory, like solution/solve.py: writes results.json.
"""

import json

with open("results.json", "w") as f:
    json.dump({"exponent": 0.75, "coefficient": 3.2}, f)
