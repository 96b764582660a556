"""Grader for water_quality_dataset: the Hub-layout folder hf_dataset/ (Parquet shards and a card with
YAML metadata), loaded with `datasets.load_dataset`, against the spec and the clean truth.

Ten checks, each pass or fail; the metric is the share passed and success needs all ten. A dataset
that lacks any expected sample (made up, or partial) scores 0, whatever its schema, splits or card.
A folder that is not the Hub layout (a save_to_disk folder, no card, a card without YAML metadata,
data files outside data/) or that load_dataset cannot read is a SubmissionError with the reason.
"""

import json
import re
import shutil
import tempfile
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
DATA_PATH = re.compile(r"^data/[A-Za-z0-9_.*-]+$")  # data files may only name files directly in data/
SHARE_RANGE = (0.10, 0.30)  # validation and test each hold this share of the samples


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
    empty = [split for split, paths in shard_files(root).items() if split in SPLITS and not rows_in(paths)]
    if empty:
        raise SubmissionError(
            f"the shards of split(s) {empty} hold no rows (or are not Parquet); every split needs rows"
        )
    return metadata


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
    info = metadata.get("dataset_info")
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

    info = metadata.get("dataset_info")
    try:
        declared = Features._from_yaml_list(info["features"])
    # a hand-written features list can be malformed in every way YAML allows
    except (TypeError, KeyError, ValueError, AttributeError, IndexError):
        return False
    expected = Features({**{c: Value(d) for c, d in DTYPES.items()}, "label": ClassLabel(names=LABELS)})
    return declared == expected and all(split.features == expected for split in data.values())


def card_metadata_ok(metadata: dict, licence: str, total: int) -> bool:
    """The licence of the sources, the task category and the size category of the row count."""
    size = "n<1K" if total < 1000 else "1K<n<10K"
    categories, sizes = metadata.get("task_categories"), metadata.get("size_categories")
    return (
        metadata.get("license") == licence
        and isinstance(categories, list)
        and "tabular-classification" in categories
        and sizes in ([size], size)
    )


def no_leakage(data, truth_rows: list[dict]) -> bool:
    """No catchment (the truth's, by sample) in two splits, and no sample in two splits under any
    spelling of its ID (a near-duplicate kept twice)."""
    catchment_of = {row["sample_id"]: row["catchment"] for row in truth_rows}
    seen_catchment: dict[str, str] = {}
    seen_number: dict[int, str] = {}
    for name, split in data.items():
        for sample in split["sample_id"]:
            number = re.search(r"(\d+)\s*$", sample or "")
            if number and seen_number.setdefault(int(number.group(1)), name) != name:
                return False
            if sample in catchment_of and seen_catchment.setdefault(catchment_of[sample], name) != name:
                return False
    return True


def split_sizes_ok(data) -> bool:
    """Validation and test each hold 10-30% of the samples."""
    total = sum(len(split) for split in data.values())
    low, high = SHARE_RANGE
    return all(low <= len(data[name]) / total <= high for name in ("validation", "test"))


def grade(outputs: Path, hidden: Path, seed: int) -> Grade:
    root = outputs / "hf_dataset"
    metadata = require_hub_layout(root)
    data = load_hub_folder(root)
    require_text_columns(data, ["sample_id"])
    truth = json.loads((hidden / "truth.json").read_text())
    rows = truth["rows"]
    total = sum(len(split) for split in data.values())
    checks = record_checks(data, rows, "sample_id", DTYPES, LABELS, TOLERANCES)
    checks |= {
        "no_leakage": no_leakage(data, rows),
        "split_sizes": split_sizes_ok(data),
        "shards": shards_ok(root, data),
        "card_splits": card_splits_ok(root, metadata, data),
        "card_features": card_features_ok(metadata, data),
        "card_metadata": card_metadata_ok(metadata, truth["licence"], total),
    }
    return checks_grade(
        checks,
        missing_ids(data, rows, "sample_id"),
        len(rows),
        "samples",
        rows_per_split={name: len(split) for name, split in data.items()},
    )
