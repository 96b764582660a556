"""Grader for water_quality_dataset: the Hub-layout folder hf_dataset/ (Parquet shards and a card with
YAML metadata), loaded with `datasets.load_dataset`, against the spec and the clean truth.

Ten checks, each pass or fail; the metric is the share passed and success needs all ten. A dataset
that lacks any expected sample (made up, or partial), or holds more than a few rows that are no
sample (padding, enumerated IDs), scores 0, whatever its schema, splits or card. The four layout and
card checks count only once the rows are right (counts, labels, values): the Hub layout around wrong
data earns nothing. Split shares and leakage are judged on the true samples alone.
A folder that is not the Hub layout (a save_to_disk folder, no card, a card without YAML metadata,
data files outside data/, more rows than a dataset of this kind can hold) or that load_dataset cannot
read is a SubmissionError with the reason.
"""

import json
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from tasks.dataset_grading import checks_grade, missing_ids, record_checks, require_text_columns
from tasks.grading import Grade, SubmissionError

SPLITS = ["train", "validation", "test"]
LABELS = ["good", "moderate", "poor"]
DTYPES = {
    "sample_id": "string",
    "site": "string",
    "catchment": "string",
    "sampled_on": "string",
    "temperature_c": "float64",
    "ph": "float64",
    "nitrate_mg_l": "float64",
}
# Half a unit of the spec's rounding plus what a conversion factor's last digit can move.
TOLERANCES = {
    "site": None,
    "catchment": None,
    "sampled_on": None,
    "temperature_c": 0.051,
    "ph": 0.0051,
    "nitrate_mg_l": 0.011,
}
SHARD = re.compile(r"^(?P<split>[a-z]+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.parquet$")
# Data files may only name files (or a glob: * ? [...]) directly in data/: no further "/", no "..".
DATA_PATH = re.compile(r"^data/(?!.*\.\.)[A-Za-z0-9_.*?\[\]-]+$")
SHARE_RANGE = (0.10, 0.30)  # validation and test each hold this share of the samples
CONTENT = ("counts", "labels", "values")  # the layout and card checks count only once these pass
LAYOUT = ("shards", "card_splits", "card_features", "card_metadata")
EXTRA_SHARE = 0.10  # rows with IDs of no true sample: more than this share of the truth's count scores 0
MAX_ROWS = 200_000  # all shards together, as their footers state: ~150x the largest instance
MAX_BYTES = 256 * 2**20  # uncompressed, as the footers state: refused before anything is loaded


def read_card(root: Path) -> dict[str, Any]:
    """The YAML metadata block at the top of README.md; SubmissionError when there is none."""
    card = root / "README.md"
    if not card.is_file():
        raise SubmissionError("hf_dataset/ has no README.md: the Hub layout needs a dataset card")
    text = card.read_text(encoding="utf-8", errors="replace")
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", text, re.S)
    if not match:
        raise SubmissionError("hf_dataset/README.md does not start with a YAML metadata block (--- ... ---)")
    import yaml

    try:
        metadata = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise SubmissionError(f"the card's YAML metadata does not parse: {error}") from error
    if not isinstance(metadata, dict):
        raise SubmissionError("the card's YAML metadata must be a mapping of keys to values")
    return metadata


def declared_data_files(metadata: dict) -> dict[str, list[str]] | None:
    """Split -> data file patterns of the card's one config; None when `configs` does not declare them.

    Every pattern must name Parquet files directly under data/: the card decides what load_dataset
    reads, and the grader reads nothing outside the submitted folder (SubmissionError otherwise).
    """
    configs = metadata.get("configs")
    if not isinstance(configs, list) or len(configs) != 1 or not isinstance(configs[0], dict):
        return None
    entries = configs[0].get("data_files")
    if not isinstance(entries, list) or set(configs[0]) - {"config_name", "data_files", "default"}:
        return None
    declared: dict[str, list[str]] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("split"), str):
            return None
        paths = entry.get("path")
        paths = [paths] if isinstance(paths, str) else paths
        if not isinstance(paths, list) or not paths:
            return None
        for path in paths:
            if not isinstance(path, str) or not DATA_PATH.match(path):
                raise SubmissionError(
                    f"the card's data_files name {path!r}: every path must name files (or a glob of "
                    "them) directly under data/, like data/train-*"
                )
        declared[entry["split"]] = paths
    return declared


def require_hub_layout(root: Path) -> dict[str, Any]:
    """The card's metadata, once hf_dataset/ is known to be the Hub layout; SubmissionError if not."""
    if not root.is_dir():
        raise SubmissionError("the folder hf_dataset/ is missing")
    if (root / "dataset_dict.json").exists() or (root / "state.json").exists():
        raise SubmissionError(
            "hf_dataset/ is a save_to_disk folder (dataset_dict.json); the spec asks for the Hub layout: "
            "data/<split>-NNNNN-of-MMMMM.parquet shards and a README.md card with YAML metadata"
        )
    metadata = read_card(root)
    if "configs" not in metadata:
        raise SubmissionError("the card's YAML has no `configs`: declare the data files of each split")
    if declared_data_files(metadata) is None:
        raise SubmissionError(
            "the card's `configs` must be one config whose `data_files` is a list of {split, path} entries"
        )
    if not list((root / "data").glob("*.parquet")):
        raise SubmissionError("hf_dataset/data/ holds no Parquet shards")
    require_loadable_size(root)
    empty = [split for split, paths in shard_files(root).items() if split in SPLITS and not rows_in(paths)]
    if empty:
        raise SubmissionError(
            f"the shards of split(s) {empty} hold no rows (or are not Parquet); every split needs rows"
        )
    return metadata


def require_loadable_size(root: Path) -> None:
    """SubmissionError when the shards' footers state more rows or bytes than any honest submission
    holds: a decompression bomb is refused before load_dataset expands it on the host."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = size = 0
    for path in (root / "data").glob("*.parquet"):
        try:
            footer = pq.ParquetFile(path).metadata
        except (pa.ArrowException, OSError):  # not Parquet: load_dataset reports it with the reason
            continue
        rows += footer.num_rows
        size += sum(footer.row_group(i).total_byte_size for i in range(footer.num_row_groups))
    if rows > MAX_ROWS or size > MAX_BYTES:
        raise SubmissionError(
            f"hf_dataset/data/ holds {rows} rows ({size / 2**20:.0f} MiB uncompressed); a dataset of "
            f"this programme's samples holds a few thousand at most (limit {MAX_ROWS} rows, "
            f"{MAX_BYTES // 2**20} MiB)"
        )


def rows_in(paths: list[Path]) -> int:
    """Rows in these Parquet files, as their footers state (0 for a file that is not Parquet)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    total = 0
    for path in paths:
        try:
            total += pq.ParquetFile(path).metadata.num_rows
        except (pa.ArrowException, OSError):  # not a Parquet file: it holds no rows
            continue
    return total


def load_hub_folder(root: Path):
    """The DatasetDict load_dataset reads from a copy of `root` alone, with a throwaway cache.

    Held in memory, so nothing refers to the cache once it is gone. Split sizes are not verified here
    (verification_mode="no_checks"): a card that states wrong counts fails the card_splits check
    instead of the whole submission. Python files are left behind: no submitted code runs on the host.
    """
    import pyarrow as pa
    from datasets import DatasetDict, load_dataset
    from datasets.exceptions import DatasetsError

    with tempfile.TemporaryDirectory(prefix="water-quality-grade-") as tmp:
        copy = Path(tmp) / "alone" / "hf_dataset"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("*.py"))
        try:
            data = load_dataset(
                str(copy),
                cache_dir=str(Path(tmp) / "cache"),
                verification_mode="no_checks",
                keep_in_memory=True,
            )
        # load_dataset reports a bad card, bad features or unreadable shards in many ways: each is
        # the submission's fault and the message says which.
        except (
            DatasetsError,
            pa.ArrowException,
            ValueError,
            TypeError,
            KeyError,
            OSError,
            AttributeError,
        ) as error:
            cause = f" ({type(error.__cause__).__name__}: {error.__cause__})" if error.__cause__ else ""
            raise SubmissionError(
                f"datasets.load_dataset cannot read hf_dataset/: {type(error).__name__}: {error}{cause}"
            ) from error
    if not isinstance(data, DatasetDict) or sorted(data) != sorted(SPLITS):
        raise SubmissionError(f"load_dataset must give splits {sorted(SPLITS)}, gave {sorted(data)}")
    empty = [name for name, split in data.items() if len(split) == 0]
    if empty:
        raise SubmissionError(f"split(s) {empty} have no rows; every split needs rows")
    return data


def shard_files(root: Path) -> dict[str, list[Path]]:
    """Split -> its shard files in data/, sorted; files not named <split>-NNNNN-of-MMMMM.parquet under '?'."""
    shards: dict[str, list[Path]] = {}
    for path in sorted((root / "data").iterdir()):
        match = SHARD.match(path.name)
        shards.setdefault(match["split"] if match else "?", []).append(path)
    return shards


def shards_ok(root: Path, data) -> bool:
    """Shards named as the Hub writes them, numbered 0..M-1 of M, none empty, summing to each split's
    rows, nothing else in data/, and the largest split in at least two shards."""
    shards = shard_files(root)
    if set(shards) != set(SPLITS):
        return False
    for split, paths in shards.items():
        numbers = [SHARD.match(p.name) for p in paths]
        count = len(paths)
        if [(int(m["index"]), int(m["count"])) for m in numbers] != [(i, count) for i in range(count)]:
            return False
        rows = [rows_in([p]) for p in paths]
        if min(rows) == 0 or sum(rows) != len(data[split]):
            return False
    largest = max(SPLITS, key=lambda s: len(data[s]))
    return len(shards[largest]) >= 2


def dataset_info(metadata: dict) -> Any:
    """The card's dataset_info: a mapping, or the Hub's list form with one item for the default config."""
    info = metadata.get("dataset_info")
    if isinstance(info, list) and len(info) == 1 and isinstance(info[0], dict):
        if info[0].get("config_name", "default") == "default":
            return info[0]
    return info


def one_or_list(value: Any) -> list:
    """A card field written as one value or as a list of values, as a list (YAML allows both)."""
    return value if isinstance(value, list) else [value]


def card_splits_ok(root: Path, metadata: dict, data) -> bool:
    """The card declares each split's data files (exactly its shards) and its number of examples."""
    declared = declared_data_files(metadata)
    shards = shard_files(root)
    if declared is None or set(declared) != set(SPLITS):
        return False
    for split, patterns in declared.items():
        matched = {p.name for p in (root / "data").iterdir() if any(p.match(pattern) for pattern in patterns)}
        if matched != {p.name for p in shards.get(split, [])}:
            return False
    info = dataset_info(metadata)
    splits = info.get("splits") if isinstance(info, dict) else None
    if not isinstance(splits, list) or not all(
        isinstance(s, dict) and isinstance(s.get("name"), str) for s in splits
    ):
        return False
    counts = {s.get("name"): s.get("num_examples") for s in splits}
    return counts == {name: len(split) for name, split in data.items()}


def card_features_ok(metadata: dict, data) -> bool:
    """The card's dataset_info.features is the spec's schema and what the data has."""
    from datasets import ClassLabel, Features, Value

    info = dataset_info(metadata)
    try:
        declared = Features._from_yaml_list(info["features"])
    # a hand-written features list can be malformed in every way YAML allows
    except (TypeError, KeyError, ValueError, AttributeError, IndexError):
        return False
    expected = Features({**{c: Value(d) for c, d in DTYPES.items()}, "label": ClassLabel(names=LABELS)})
    return declared == expected and all(split.features == expected for split in data.values())


def card_metadata_ok(metadata: dict, licence: str, total: int) -> bool:
    """The licence of the sources, the task category and the size category of the truth's row count
    (not the submitted rows': padding cannot move the size category). Each field may be one value or
    a one-item list (licence, size) or any list holding it (task category), as the Hub accepts."""
    size = "n<1K" if total < 1000 else "1K<n<10K"
    return (
        one_or_list(metadata.get("license")) == [licence]
        and "tabular-classification" in one_or_list(metadata.get("task_categories"))
        and one_or_list(metadata.get("size_categories")) == [size]
    )


def no_leakage(data, truth_rows: list[dict]) -> bool:
    """No catchment (the truth's, by sample) in two splits, and no true sample in two splits under any
    spelling of its ID (a near-duplicate kept twice). Rows that are no true sample are not counted."""
    catchment_of = {row["sample_id"]: row["catchment"] for row in truth_rows}
    true_numbers = {int(sample[3:]) for sample in catchment_of}
    seen_catchment: dict[str, str] = {}
    seen_number: dict[int, str] = {}
    for name, split in data.items():
        for sample in split["sample_id"]:
            number = re.search(r"(\d+)\s*$", sample or "")
            number = int(number.group(1)) if number else None
            if number in true_numbers and seen_number.setdefault(number, name) != name:
                return False
            if sample in catchment_of and seen_catchment.setdefault(catchment_of[sample], name) != name:
                return False
    return True


def split_sizes_ok(data, truth_rows: list[dict]) -> bool:
    """Validation and test each hold 10-30% of the true samples (rows that are none do not count)."""
    true_ids = {row["sample_id"] for row in truth_rows}
    held = {name: len(true_ids.intersection(split["sample_id"])) for name, split in data.items()}
    low, high = SHARE_RANGE
    return all(low <= held[name] / len(true_ids) <= high for name in ("validation", "test"))


def extra_rows(data, truth_rows: list[dict]) -> int:
    """Rows whose ID is no true sample's (made up, padding, or a record the notes leave out); a true
    sample kept twice is not one of them: it fails `counts` instead."""
    true_ids = {row["sample_id"] for row in truth_rows}
    return sum(sample not in true_ids for split in data.values() for sample in split["sample_id"])


def gated_grade(checks: dict[str, bool], data, truth_rows: list[dict]) -> Grade:
    """The share of checks passed, where the layout and card checks count only when the rows are right;
    0 when a true sample is missing or when rows with IDs that are no true sample's outnumber
    EXTRA_SHARE of the truth's count (IDs enumerated or made up: the completeness gate is otherwise
    passed without the work; the records the notes exclude are a few dozen)."""
    extra = extra_rows(data, truth_rows)
    details = {"rows_per_split": {name: len(split) for name, split in data.items()}, "extra_rows": extra}
    missing = missing_ids(data, truth_rows, "sample_id")
    grade = checks_grade(checks, missing, len(truth_rows), "samples", **details)
    if missing:
        return grade
    if extra > EXTRA_SHARE * len(truth_rows):
        return replace(
            grade,
            metric=0.0,
            explanation=f"{extra} rows whose sample_id is no true sample's ({len(truth_rows)} samples, at most "
            f"{int(EXTRA_SHARE * len(truth_rows))} tolerated): made-up or padding rows, so no check counts",
        )
    uncounted = [name for name in LAYOUT if checks[name]]
    if all(checks[name] for name in CONTENT) or not uncounted:
        return grade
    return replace(
        grade,
        metric=(sum(checks.values()) - len(uncounted)) / len(checks),
        explanation=f"{grade.explanation}; {', '.join(uncounted)} not counted until counts, labels and "
        "values pass (the layout of wrong rows earns nothing)",
    )


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    root = outputs / "hf_dataset"
    metadata = require_hub_layout(root)
    data = load_hub_folder(root)
    require_text_columns(data, ["sample_id"])
    truth = json.loads((hidden / "truth.json").read_text())
    rows = truth["rows"]
    checks = record_checks(data, rows, "sample_id", DTYPES, LABELS, TOLERANCES)
    checks |= {
        "no_leakage": no_leakage(data, rows),
        "split_sizes": split_sizes_ok(data, rows),
        "shards": shards_ok(root, data),
        "card_splits": card_splits_ok(root, metadata, data),
        "card_features": card_features_ok(metadata, data),
        "card_metadata": card_metadata_ok(metadata, truth["licence"], len(rows)),
    }
    return gated_grade(checks, data, rows)
