"""Sandbox helper for the dataset tool: the first look a careful researcher takes at a dataset.

Run as `python3 - ARGS_JSON`; prints a message for the model. Reads CSV/TSV, Parquet, JSON lines,
JSON, NumPy .npy/.npz and Hugging Face `datasets` folders saved with `save_to_disk`. Uses pandas (and
pyarrow / datasets where the format needs them). Large files are profiled on their first rows, and
the message says so. Expected problems are explained on stdout, never raised.
"""

import json
import os
import sys

MAX_BYTES_FULL = 100_000_000  # larger files: profile the first PROFILE_ROWS rows
PROFILE_ROWS = 200_000
MAX_COLUMNS = 40
LABEL_NAMES = ("label", "labels", "target", "y", "class", "category", "outcome")
DATA_SUFFIXES = (".csv", ".tsv", ".parquet", ".jsonl", ".ndjson", ".json", ".npy", ".npz")


class Problem(Exception):
    """Something about the input the model should hear about in one line."""


def nearby_data(root="."):
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "node_modules")
        )
        if "dataset_dict.json" in files or "state.json" in files:
            found.append(os.path.relpath(folder) + "/")
        found += [
            os.path.relpath(os.path.join(folder, f)) for f in sorted(files) if f.endswith(DATA_SUFFIXES)
        ]
    return found[:20]


def need(module):
    try:
        return __import__(module)
    except ImportError:
        raise Problem(
            f"this format needs the {module} package, which is not installed here (pip install {module})."
        ) from None


def count_lines(path):
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def read_frame(path):
    """(DataFrame, notes) for a file; large files are read in part."""
    pd = need("pandas")
    size, notes = os.path.getsize(path), []
    partial = size > MAX_BYTES_FULL
    nrows = PROFILE_ROWS if partial else None
    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".csv", ".tsv"):
        sep = "\t" if suffix == ".tsv" else ","
        try:
            frame = pd.read_csv(path, sep=sep, nrows=nrows)
        except UnicodeDecodeError:
            frame = pd.read_csv(path, sep=sep, nrows=nrows, encoding="latin-1")
            notes.append("The file is not valid UTF-8; it was read as latin-1, so check its text columns.")
        if partial:
            notes.append(
                f"Large file ({size:,} bytes, about {count_lines(path) - 1:,} rows): profiled its first {PROFILE_ROWS:,} rows."
            )
        return frame, notes
    if suffix in (".jsonl", ".ndjson") or (suffix == ".json" and _looks_like_lines(path)):
        frame = pd.read_json(path, lines=True, nrows=nrows)
        if partial:
            notes.append(
                f"Large file ({size:,} bytes, about {count_lines(path):,} rows): profiled its first {PROFILE_ROWS:,} rows."
            )
        return frame, notes
    if suffix == ".json":
        if partial:
            raise Problem(
                f"{path} is a {size:,}-byte JSON document; too large to load whole. Convert it to JSON lines first."
            )
        with open(path, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8", errors="replace"))
        if isinstance(data, dict):
            list_keys = [k for k, v in data.items() if isinstance(v, list)]
            if not list_keys:
                raise Problem(
                    f"{path} holds one JSON object with keys {list(data)[:10]}, not a table of records."
                )
            notes.append(f"Records taken from the key {list_keys[0]!r} (list keys: {list_keys[:5]}).")
            data = data[list_keys[0]]
        return pd.json_normalize(data), notes
    if suffix == ".parquet":
        need("pyarrow")
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path)
        rows = table.metadata.num_rows
        if partial and table.num_row_groups > 1:
            frame = table.read_row_group(0).to_pandas()
            notes.append(f"Large file ({rows:,} rows): profiled its first row group ({len(frame):,} rows).")
        else:
            frame = table.read().to_pandas()
        return frame, notes
    raise Problem(
        f"{path}: {suffix or 'no extension'} is not a dataset format this tool reads ({', '.join(DATA_SUFFIXES)}, or a `datasets` folder)."
    )


def _looks_like_lines(path):
    with open(path, "rb") as handle:
        first = handle.readline().strip()
    return first.startswith(b"{") and first.endswith(b"}")


def guess_label(frame, label):
    if label:
        if label not in frame.columns:
            raise Problem(f"no column {label!r}; the columns are {list(frame.columns)[:MAX_COLUMNS]}.")
        return label
    lowered = {str(c).lower(): c for c in frame.columns}
    return next((lowered[name] for name in LABEL_NAMES if name in lowered), None)


def describe_frame(frame, label, rows):
    pd = need("pandas")
    out = [f"{len(frame):,} rows x {frame.shape[1]} columns"]
    out.append("column | dtype | missing | unique | summary")
    for column in list(frame.columns)[:MAX_COLUMNS]:
        series = frame[column]
        missing = int(series.isna().sum())
        try:
            unique = f"{series.nunique(dropna=True):,}"
        except TypeError:  # unhashable cells (lists, dicts) cannot be counted
            unique = "?"
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            valid = series.dropna()
            summary = (
                f"min {valid.min():.4g}, mean {valid.mean():.4g}, max {valid.max():.4g}"
                if len(valid)
                else "all missing"
            )
        else:
            try:
                top = series.astype(str).value_counts().head(3)
                summary = "top: " + ", ".join(f"{str(k)[:30]!r} ({v})" for k, v in top.items())
            except TypeError:
                summary = ""
        share = f" ({missing / len(frame):.1%})" if len(frame) and missing else ""
        out.append(f"{column} | {series.dtype} | {missing:,}{share} | {unique} | {summary}")
    if frame.shape[1] > MAX_COLUMNS:
        out.append(f"... and {frame.shape[1] - MAX_COLUMNS} more columns")
    try:
        duplicates = int(frame.duplicated().sum())
        if duplicates:
            out.append(f"Duplicate rows: {duplicates:,}")
    except TypeError:
        pass  # unhashable cells: duplicates cannot be counted, and that is fine to leave out
    column = guess_label(frame, label)
    if column is not None:
        counts = frame[column].astype(str).value_counts(dropna=False)
        shown = ", ".join(f"{k}: {v:,} ({v / len(frame):.1%})" for k, v in counts.head(20).items())
        more = f" ... {len(counts) - 20} more values" if len(counts) > 20 else ""
        out.append(f"Label distribution ({column}, {len(counts)} values): {shown}{more}")
    if rows:
        with pd.option_context("display.width", 160, "display.max_columns", 12, "display.max_colwidth", 40):
            out.append(f"First {min(rows, len(frame))} rows:\n{frame.head(rows).to_string()}")
    return out


def describe_numpy(path):
    np = need("numpy")
    loaded = np.load(path, allow_pickle=False)
    arrays = dict(loaded.items()) if hasattr(loaded, "files") else {"array": loaded}
    out = [f"{path}: {len(arrays)} array(s)"]
    for name, array in arrays.items():
        line = f"{name}: shape {array.shape}, dtype {array.dtype}"
        if array.size and np.issubdtype(array.dtype, np.number):
            line += f", min {array.min():.4g}, mean {array.mean():.4g}, max {array.max():.4g}, NaN {int(np.isnan(array).sum()) if np.issubdtype(array.dtype, np.floating) else 0}"
            if array.ndim == 1 and np.issubdtype(array.dtype, np.integer) and len(np.unique(array)) <= 20:
                values, counts = np.unique(array, return_counts=True)
                line += "; values: " + ", ".join(f"{v}: {c}" for v, c in zip(values, counts))
        out.append(line)
    return out


def describe_hf(path, label, rows):
    datasets = need("datasets")
    loaded = datasets.load_from_disk(path)
    splits = dict(loaded) if isinstance(loaded, datasets.DatasetDict) else {"(single dataset)": loaded}
    out = [
        f"{path}: Hugging Face dataset, splits: "
        + ", ".join(f"{name} ({len(split):,} rows)" for name, split in splits.items())
    ]
    first = next(iter(splits.values()))
    out.append("features: " + ", ".join(f"{k}: {v}" for k, v in first.features.items()))
    for name, split in splits.items():
        out.append(f"\n== split {name} ==")
        frame = split.select(range(min(len(split), PROFILE_ROWS))).to_pandas()
        if len(split) > PROFILE_ROWS:
            out.append(f"(profiled its first {PROFILE_ROWS:,} rows)")
        out += describe_frame(frame, label, rows if name == next(iter(splits)) else 0)
    return out


def main():
    args = json.loads(sys.argv[1])
    path, label, rows = args["path"], args.get("label", ""), args["rows"]
    try:
        if not os.path.exists(path):
            here = nearby_data()
            raise Problem(
                f"No such file or folder: {path}." + (f" Data files here: {', '.join(here)}" if here else "")
            )
        if os.path.isdir(path):
            if os.path.exists(os.path.join(path, "dataset_dict.json")) or os.path.exists(
                os.path.join(path, "state.json")
            ):
                out = describe_hf(path, label, rows)
            else:
                inside = nearby_data(path)
                raise Problem(
                    f"{path} is a folder, not a saved `datasets` dataset. Data files in it: {', '.join(inside) or 'none'}"
                )
        elif path.lower().endswith((".npy", ".npz")):
            out = describe_numpy(path)
        else:
            frame, notes = read_frame(path)
            out = [f"{path} ({os.path.getsize(path):,} bytes)"] + notes + describe_frame(frame, label, rows)
        print("\n".join(out))
    except Problem as problem:
        print(problem)
    except Exception as error:  # noqa: BLE001  a parser error on a malformed file is a message for the model
        print(f"Could not read {path} as a dataset: {type(error).__name__}: {str(error)[:300]}")


main()
