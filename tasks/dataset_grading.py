"""Checks shared by the dataset-construction graders: load a saved DatasetDict, check its schema,
index its rows, check group-disjoint splits, and gate the score on completeness.

Malformed datasets (not a DatasetDict, wrong splits, an empty split, an identifying column that is
missing or not text) raise SubmissionError. A well-formed dataset that lacks expected rows (made up,
or partial) scores 0: the checks are only worth something on the whole dataset.
"""

from pathlib import Path
from typing import Any

from tasks.grading import SubmissionError

__all__ = [
    "checks_grade",
    "groups_disjoint",
    "load_dataset_dict",
    "missing_ids",
    "record_checks",
    "require_text_columns",
    "rows_by_id",
    "schema_matches",
]


def load_dataset_dict(path: Path, splits: list[str]):
    """The DatasetDict saved at `path` with exactly `splits`, none empty; SubmissionError otherwise."""
    from datasets import DatasetDict, load_from_disk

    try:
        data = load_from_disk(str(path))
    # datasets reads its json metadata unchecked: a hand-written or damaged folder fails with
    # KeyError or TypeError as well as the file and format errors.
    except (FileNotFoundError, ValueError, OSError, KeyError, TypeError) as error:
        raise SubmissionError(
            f"{path.name}/ is not a dataset saved with save_to_disk: {type(error).__name__}: {error}"
        ) from error
    except IndexError as error:  # datasets (5.2) cannot load a split saved with no rows: no shard to concat
        raise SubmissionError(f"{path.name}/ has a split with no rows; every split needs rows") from error
    if not isinstance(data, DatasetDict):
        raise SubmissionError(f"{path.name}/ holds a {type(data).__name__}, the spec asks for a DatasetDict")
    if sorted(data) != sorted(splits):
        raise SubmissionError(f"the DatasetDict must have splits {sorted(splits)}, has {sorted(data)}")
    empty = [name for name, split in data.items() if len(split) == 0]
    if empty:
        raise SubmissionError(f"split(s) {empty} have no rows; every split needs rows")
    return data


def require_text_columns(data, columns: list[str]) -> None:
    """SubmissionError unless every split has each of `columns` as a string column: the columns that
    identify rows and groups, without which nothing else can be checked."""
    for name, split in data.items():
        for column in columns:
            if getattr(split.features.get(column), "dtype", None) not in ("string", "large_string"):
                raise SubmissionError(
                    f"split '{name}' needs '{column}' as a string column, got {split.features.get(column)}"
                )


def missing_ids(data, truth_rows: list[dict], id_column: str) -> list:
    """The expected ids (from the truth) that no split holds, sorted."""
    present = {value for split in data.values() for value in split[id_column]}
    return sorted(row[id_column] for row in truth_rows if row[id_column] not in present)


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


def record_checks(
    data, truth_rows: list[dict], id_column: str, dtypes: dict[str, str], labels: list[str], tolerances: dict
) -> dict[str, bool]:
    """The checks every dataset task makes of its rows against the clean truth.

    Args:
        data: The submitted DatasetDict.
        truth_rows: The clean rows (label as its name).
        id_column: The column that identifies a row.
        dtypes: Expected columns (in order, before `label`) and dtypes.
        labels: Expected ClassLabel names, in order.
        tolerances: Column -> absolute tolerance for float columns, None for exact equality.

    Returns:
        {"schema", "counts", "labels", "values"} -> passed.
    """
    truth = {row[id_column]: row for row in truth_rows}
    rows, count = rows_by_id(data, id_column)
    matched = [(rows[key], truth[key]) for key in rows.keys() & truth.keys()]
    names = getattr(next(iter(data.values())).features.get("label"), "names", labels)

    def close(value, expected, tolerance) -> bool:
        if tolerance is None:
            return value == expected
        return isinstance(value, float) and abs(value - expected) <= tolerance

    return {
        "schema": schema_matches(data, dtypes, "label", labels),
        "counts": count == len(rows) == len(truth) and rows.keys() == truth.keys(),
        "labels": bool(matched)
        and all(
            isinstance(r.get("label"), int)
            and 0 <= r["label"] < len(names)
            and names[r["label"]] == t["label"]
            for r, t in matched
        ),
        "values": bool(matched)
        and all(close(r.get(c), t[c], tol) for r, t in matched for c, tol in tolerances.items()),
    }


def checks_grade(checks: dict[str, bool], missing: list, expected: int, what: str, **details):
    """The metric is the share of checks passed, or 0 when any of the `expected` rows is `missing`
    (a made-up or partial dataset passes schema and split checks without the work); the explanation
    names the failed checks or the missing rows.

    Args:
        checks: Check name -> passed.
        missing: Ids of expected rows that the dataset lacks (missing_ids).
        expected: How many rows the truth has.
        what: What a row is, for the explanation (e.g. "visits").
    """
    from tasks.grading import Grade

    failed = [name for name, ok in checks.items() if not ok]
    passed = len(checks) - len(failed)
    details = {"checks": checks, "missing_rows": len(missing), **details}
    if missing:
        return Grade(
            metric=0.0,
            explanation=f"incomplete dataset: {len(missing)} of {expected} expected {what} are missing "
            f"(e.g. {', '.join(map(str, missing[:3]))}), so no check counts",
            details=details,
        )
    return Grade(
        metric=passed / len(checks),
        explanation=f"{passed}/{len(checks)} checks passed"
        + (f"; failed: {', '.join(failed)}" if failed else ""),
        details=details,
    )
