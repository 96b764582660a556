"""The starter train.py, run once as it is.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import subprocess

subprocess.run(["python3", "train.py"], check=True)
