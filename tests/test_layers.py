"""The layers of ARCHITECTURE.md point one way: reports read logs only, the agent knows nothing of
tasks or the harness, and task folders import nothing from the harness."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package -> packages it must never import
FORBIDDEN = {
    "tasks": {"evals", "agent", "reports"},
    "agent": {"evals", "tasks", "reports"},
    "reports": {"evals", "tasks", "agent"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_from_the_layers_it_must_not_know(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_task_folders_hold_no_inspect_entry_point():
    """Tasks run by registry name (`inspect eval openintern/<id>`); a task.py beside task.yaml would
    register every task twice."""
    assert not sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tasks").glob("*/task.py"))
