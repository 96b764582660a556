"""The shipped train.py, run once unchanged: its checkpoint.

Trivial submission (validation): run from the workspace, writes checkpoint.pt.
"""

import subprocess
import sys

subprocess.run([sys.executable, "train.py"], check=True)
