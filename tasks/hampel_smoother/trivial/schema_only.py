"""An hgbs.py with the right interface that smooths every series to 0.0, and the RMSE its output really has.

The reported RMSE is honest (computed here from series.csv), so only the comparison with the
specification decides.
Run from the workspace directory, like solution/solve.py: writes hgbs.py and results.json.
"""

import csv
import json
import math

HGBS = """import sys
import pandas as pd
series = pd.read_csv(sys.argv[1])
pd.DataFrame({"smoothed": [0.0] * len(series)}).to_csv(sys.argv[2], index=False)
"""

with open("hgbs.py", "w") as f:
    f.write(HGBS)
with open("series.csv") as f:
    signal = [float(row["signal"]) for row in csv.DictReader(f)]
with open("results.json", "w") as f:
    json.dump({"rmse": math.sqrt(sum(u * u for u in signal) / len(signal))}, f)
