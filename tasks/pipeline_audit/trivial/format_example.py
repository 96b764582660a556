"""Writes the prompt's format examples as they stand, placeholders included.

Trivial submission (validation): run from the workspace.
"""

from pathlib import Path

Path("bugs.json").write_text('{"bugs": [{"kind": "<kind>", "file": "<file name>", "note": "<one line>"}]}')
Path("results.json").write_text('{"held_out_auc": <number>}')
