"""Checks shared by the dataset-construction graders: load a saved DatasetDict, check its schema,
index its rows, and check group-disjoint splits."""

from pathlib import Path
from typing import Any

from tasks.grading import SubmissionError

__all__ = ["groups_disjoint", "load_dataset_dict", "rows_by_id", "schema_matches"]


def load_dataset_dict(path: Path, splits: list[str]):
    """The DatasetDict saved at `path` with exactly `splits`; SubmissionError otherwise."""
    from datasets import DatasetDict, load_from_disk

    try:
        data = load_from_disk(str(path))
    except (FileNotFoundError, ValueError, OSError) as error:
        raise SubmissionError(f"{path.name}/ is not a dataset saved with save_to_disk: {error}") from error
    if not isinstance(data, DatasetDict):
        raise SubmissionError(f"{path.name}/ holds a {type(data).__name__}, the spec asks for a DatasetDict")
    if sorted(data) != sorted(splits):
        raise SubmissionError(f"the DatasetDict must have splits {sorted(splits)}, has {sorted(data)}")
    return data


def schema_matches(data, dtypes: dict[str, str], label_column: str, label_names: list[str]) -> bool:
    """Every split has exactly these columns in this order, these dtypes, and the ClassLabel names."""
    for split in data.values():
        features = split.features
        if list(features) != [*dtypes, label_column]:
            return False
        if getattr(features[label_column], "names", None) != label_names:
            return False
        if any(getattr(features[name], "dtype", None) != dtype for name, dtype in dtypes.items()):
            return False
    return True


def rows_by_id(data, id_column: str) -> tuple[dict[Any, dict], int]:
    """All rows of all splits keyed by `id_column`, and the total row count (to detect duplicates)."""
    rows = [dict(row, _split=name) for name, split in data.items() for row in split]
    return {row.get(id_column): row for row in rows}, len(rows)


def groups_disjoint(data, group_column: str) -> bool:
    """No value of `group_column` appears in two splits, and no split is empty."""
    seen: dict[Any, str] = {}
    for name, split in data.items():
        if len(split) == 0:
            return False
        for group in set(split[group_column]):
            if seen.setdefault(group, name) != name:
                return False
    return True
