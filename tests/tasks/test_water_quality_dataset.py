"""water_quality_dataset: the grader passes the oracle's Hub-layout folder, offline, and catches each
shortcut: a save_to_disk folder, a card without YAML, data files outside the folder, leaks, a wrong
card, too few shards, missing or duplicated samples, enumerated IDs and padding, the layout around
wrong rows, a decompression bomb; and it accepts the card forms the Hub accepts."""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from evals.taskload import materialise_instance
from evals.taskspec import load_module, load_spec, task_dir
from tasks.grading import SubmissionError

os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
TASK = "water_quality_dataset"
FOLDER = task_dir(TASK)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """Seed 0 built once, the oracle run once on it: (workspace with hf_dataset/, hidden, grader)."""
    workspace, hidden = materialise_instance(FOLDER, load_spec(TASK), 0)
    work = tmp_path_factory.mktemp("oracle") / "work"
    shutil.copytree(workspace, work)
    _run(FOLDER / "solution" / "solve.py", work)
    return work, hidden, load_module(FOLDER / "grader" / "grade.py", f"grader_{TASK}")


@pytest.fixture
def submission(instance, tmp_path):
    """A fresh copy of the oracle's outputs to spoil: (outputs folder, hidden, grader)."""
    work, hidden, grader = instance
    shutil.copytree(work / "hf_dataset", tmp_path / "hf_dataset")
    return tmp_path, hidden, grader


def _run(script: Path, cwd: Path) -> None:
    subprocess.run([sys.executable, str(script)], cwd=cwd, check=True, capture_output=True)


def _card(outputs: Path) -> tuple[dict, str]:
    text = (outputs / "hf_dataset" / "README.md").read_text()
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _write_card(outputs: Path, metadata: dict, body: str = "\n# card\n") -> None:
    (outputs / "hf_dataset" / "README.md").write_text(
        f"---\n{yaml.safe_dump(metadata, sort_keys=False)}---{body}"
    )


def _shards(outputs: Path, split: str) -> list[Path]:
    return sorted((outputs / "hf_dataset" / "data").glob(f"{split}-*.parquet"))


def _checks(grader, outputs: Path, hidden: Path) -> dict[str, bool]:
    return grader.grade(outputs, hidden, 0).details["checks"]


def test_oracle_passes_every_check_without_the_network(instance, monkeypatch):
    """Graded on the host offline: any connection attempt fails the test."""
    work, hidden, grader = instance

    def refuse(*args, **kwargs):
        raise AssertionError("the grader tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    grade = grader.grade(work, hidden, 0)
    assert grade.metric == 1.0, grade.explanation


def test_the_naive_attempt_falls_short(instance, tmp_path):
    work, hidden, grader = instance
    attempt = tmp_path / "naive"
    shutil.copytree(work, attempt, ignore=shutil.ignore_patterns("hf_dataset"))
    _run(FOLDER / "naive" / "solve.py", attempt)
    grade = grader.grade(attempt, hidden, 0)
    assert grade.metric < 0.5
    assert not grade.details["checks"]["counts"] and not grade.details["checks"]["no_leakage"]


@pytest.mark.parametrize("script", sorted(p.stem for p in (FOLDER / "trivial").glob("*.py")))
def test_each_trivial_submission_scores_zero(instance, tmp_path, script):
    work, hidden, grader = instance
    attempt = tmp_path / "trivial"
    shutil.copytree(work, attempt, ignore=shutil.ignore_patterns("hf_dataset"))
    _run(FOLDER / "trivial" / f"{script}.py", attempt)
    try:
        assert grader.grade(attempt, hidden, 0).metric == 0.0
    except SubmissionError:
        pass


def test_the_right_rows_saved_with_save_to_disk_are_refused(submission):
    """The oracle's own rows in a save_to_disk folder: not the Hub layout, a 0 with the reason."""
    from datasets import load_dataset

    outputs, hidden, grader = submission
    data = load_dataset(str(outputs / "hf_dataset"), keep_in_memory=True)
    shutil.rmtree(outputs / "hf_dataset")
    data.save_to_disk(str(outputs / "hf_dataset"))
    with pytest.raises(SubmissionError, match="save_to_disk"):
        grader.grade(outputs, hidden, 0)


def test_a_card_without_yaml_is_refused(submission):
    outputs, hidden, grader = submission
    (outputs / "hf_dataset" / "README.md").write_text("# River samples\n\nThree splits.\n")
    with pytest.raises(SubmissionError, match="YAML metadata block"):
        grader.grade(outputs, hidden, 0)


def test_data_files_outside_the_folder_are_refused_before_loading(submission):
    """The card decides what load_dataset reads: a path out of hf_dataset/ (towards the hidden truth)
    is a SubmissionError, and the truth is never read."""
    outputs, hidden, grader = submission
    metadata, body = _card(outputs)
    metadata["configs"][0]["data_files"][2]["path"] = "../hidden/truth.json"
    _write_card(outputs, metadata, body)
    with pytest.raises(SubmissionError, match="directly under data/"):
        grader.grade(outputs, hidden, 0)


def _move_rows(outputs: Path, source: str, target: str, pick) -> None:
    """Move the rows `pick(frame)` selects from `source`'s first shard to `target`'s first shard."""
    source_path, target_path = _shards(outputs, source)[0], _shards(outputs, target)[0]
    frame, other = pd.read_parquet(source_path), pd.read_parquet(target_path)
    moved = pick(frame)
    pd.concat([other, frame.loc[moved]]).to_parquet(target_path, index=False)
    frame.drop(index=moved).to_parquet(source_path, index=False)


def test_a_sample_moved_across_splits_leaks_its_catchment(submission):
    outputs, hidden, grader = submission
    _move_rows(outputs, "test", "train", lambda frame: frame.index[:1])
    checks = _checks(grader, outputs, hidden)
    assert not checks["no_leakage"] and checks["counts"] and checks["values"]


def test_a_near_duplicate_in_another_split_is_a_leak(submission):
    """A sample kept twice, once under another spelling of its ID, in another split."""
    outputs, hidden, grader = submission
    path = _shards(outputs, "train")[0]
    frame, test_path = pd.read_parquet(path), _shards(outputs, "test")[0]
    copy = frame.iloc[:1].assign(sample_id=lambda f: f["sample_id"].str.replace("WQ-", "wq"))
    pd.concat([pd.read_parquet(test_path), copy]).to_parquet(test_path, index=False)
    checks = _checks(grader, outputs, hidden)
    assert not checks["no_leakage"] and not checks["counts"]


def test_a_missing_sample_scores_zero(submission):
    outputs, hidden, grader = submission
    path = _shards(outputs, "validation")[0]
    frame = pd.read_parquet(path)
    frame.iloc[1:].to_parquet(path, index=False)
    grade = grader.grade(outputs, hidden, 0)
    assert grade.metric == 0.0 and frame["sample_id"].iloc[0] in grade.explanation


def test_a_wrong_count_in_the_card_fails_a_check_not_the_load(submission):
    outputs, hidden, grader = submission
    metadata, body = _card(outputs)
    metadata["dataset_info"]["splits"][0]["num_examples"] += 1
    _write_card(outputs, metadata, body)
    checks = _checks(grader, outputs, hidden)
    assert not checks["card_splits"] and checks["card_features"] and checks["counts"]


def test_a_card_naming_too_few_shards_fails_card_splits(submission):
    outputs, hidden, grader = submission
    metadata, body = _card(outputs)
    metadata["configs"][0]["data_files"][0]["path"] = "data/train-00000-of-00002.parquet"
    _write_card(outputs, metadata, body)
    assert not _checks(grader, outputs, hidden)["card_splits"]


def test_train_in_one_shard_fails_the_shard_check(submission):
    outputs, hidden, grader = submission
    shards = _shards(outputs, "train")
    merged = pd.concat([pd.read_parquet(p) for p in shards])
    for path in shards:
        path.unlink()
    merged.to_parquet(outputs / "hf_dataset" / "data" / "train-00000-of-00001.parquet", index=False)
    checks = _checks(grader, outputs, hidden)
    assert not checks["shards"] and checks["card_splits"]  # the glob still names train's one shard


@pytest.mark.parametrize(
    "change",
    [{"license": "mit"}, {"task_categories": ["text-classification"]}, {"size_categories": ["10K<n<100K"]}],
    ids=["licence", "task category", "size category"],
)
def test_wrong_card_metadata_fails_its_check(submission, change):
    outputs, hidden, grader = submission
    metadata, body = _card(outputs)
    _write_card(outputs, metadata | change, body)
    checks = _checks(grader, outputs, hidden)
    assert not checks["card_metadata"] and sum(checks.values()) == len(checks) - 1


def test_a_label_declared_as_an_integer_fails_schema_and_card_features(submission):
    outputs, hidden, grader = submission
    metadata, body = _card(outputs)
    metadata["dataset_info"]["features"][-1] = {"name": "label", "dtype": "int64"}
    _write_card(outputs, metadata, body)
    checks = _checks(grader, outputs, hidden)
    assert not checks["card_features"] and not checks["schema"]


def test_instances_are_deterministic_and_differ_by_seed(tmp_path):
    generator = load_module(FOLDER / "generate.py", f"generate_{TASK}")
    for name, seed in [("a", 1), ("b", 1), ("c", 2)]:
        (tmp_path / name / "w").mkdir(parents=True)
        (tmp_path / name / "h").mkdir()
        generator.build(seed, tmp_path / name / "w", tmp_path / name / "h")
    truth = {name: json.loads((tmp_path / name / "h" / "truth.json").read_text()) for name in "abc"}
    assert truth["a"] == truth["b"] and truth["a"]["rows"] != truth["c"]["rows"]
    assert (tmp_path / "a/w/lims_dump.jsonl").read_bytes() == (tmp_path / "b/w/lims_dump.jsonl").read_bytes()
    with pytest.raises(UnicodeDecodeError):  # the Latin-1 export really is Latin-1
        (tmp_path / "a/w/exports/bergstrom.csv").read_text(encoding="utf-8")


def _pad(outputs: Path, split: str, ids: list[str]) -> None:
    """Append rows with these IDs (and a real row's values) to `split`'s first shard."""
    path = _shards(outputs, split)[0]
    frame = pd.read_parquet(path)
    padding = pd.concat([frame.iloc[:1]] * len(ids), ignore_index=True).assign(sample_id=ids)
    pd.concat([frame, padding], ignore_index=True).to_parquet(path, index=False)


def test_padding_rows_count_neither_for_split_shares_nor_for_leakage(submission):
    """Rows that are no true sample are left out of split_sizes and no_leakage (twice the truth's count
    in test would push its share past 30%); a few cost `counts`, beyond a tenth of the truth's count
    they score 0."""
    outputs, hidden, grader = submission
    truth = json.loads((hidden / "truth.json").read_text())["rows"]
    few = [f"WQ-{k:06d}" for k in range(100000, 100000 + len(truth) // 20)]
    _pad(outputs, "test", few)
    grade = grader.grade(outputs, hidden, 0)
    checks = grade.details["checks"]
    assert (
        checks["split_sizes"] and checks["no_leakage"] and not checks["counts"] and not checks["card_splits"]
    )
    assert grade.metric == 0.5 and grade.details["extra_rows"] == len(few)
    _pad(outputs, "test", [f"WQ-{k:06d}" for k in range(200000, 200000 + 2 * len(truth))])
    grade = grader.grade(outputs, hidden, 0)
    assert grade.metric == 0.0 and "no true sample's" in grade.explanation
    assert grade.details["checks"]["split_sizes"] and grade.details["checks"]["no_leakage"]


def test_the_size_category_is_the_truths(submission):
    """Padding cannot move the size category: it is judged by the true samples' count."""
    outputs, hidden, grader = submission
    truth = json.loads((hidden / "truth.json").read_text())["rows"]
    metadata, body = _card(outputs)
    wrong = "1K<n<10K" if len(truth) < 1000 else "n<1K"
    _write_card(outputs, metadata | {"size_categories": [wrong]}, body)
    _pad(outputs, "train", [f"WQ-{k:06d}" for k in range(100000, 100000 + len(truth) // 20)])
    assert not _checks(grader, outputs, hidden)["card_metadata"]


def test_layout_checks_count_only_once_the_rows_are_right(submission):
    """Labels spoiled (the notes' class scale ignored): the layout and card still pass but earn nothing."""
    outputs, hidden, grader = submission
    for path in _shards(outputs, "train"):
        frame = pd.read_parquet(path)
        frame.assign(label=2 - frame["label"]).to_parquet(path, index=False)
    grade = grader.grade(outputs, hidden, 0)
    checks = grade.details["checks"]
    assert not checks["labels"] and checks["shards"] and checks["card_metadata"]
    assert grade.metric == 0.5 and "not counted" in grade.explanation


def test_the_red_teams_id_enumeration_scores_zero(instance, tmp_path):
    """Every WQ-00000..WQ-99999 with junk values and six-digit padding: 0, by the padding gate."""
    work, hidden, grader = instance
    attempt = tmp_path / "enumerate"
    shutil.copytree(work, attempt, ignore=shutil.ignore_patterns("hf_dataset"))
    _run(FOLDER / "trivial" / "enumerate_ids.py", attempt)
    grade = grader.grade(attempt, hidden, 0)
    assert grade.metric == 0.0 and grade.details["missing_rows"] == 0 and grade.details["extra_rows"] > 140000


def test_records_that_are_not_samples_share_the_samples_id_range(instance):
    """QC records and field blanks cannot be dropped by their ID number, only by reading the notes."""
    work, hidden, _ = instance
    truth = json.loads((hidden / "truth.json").read_text())["rows"]
    highest = max(int(row["sample_id"][3:]) for row in truth)
    records = [json.loads(line) for line in (work / "lims_dump.jsonl").read_text().splitlines()]
    qc = [int(r["sample"]["id"][3:]) for r in records if r["sample"]["kind"] == "qc"]
    blanks = pd.read_csv(work / "exports" / "northfield.csv", dtype=str)
    blank_ids = blanks.loc[blanks["Site"].str.strip().str.upper() == "BLANK", "Sample ID"]
    numbers = qc + [int(v.strip()[3:]) for v in blank_ids]
    assert numbers and max(numbers) < 60000 and sum(n < highest for n in numbers) > len(numbers) // 2
    assert not {f"WQ-{n:05d}" for n in numbers} & {row["sample_id"] for row in truth}


def _edit_card(outputs: Path, old: str, new: str) -> None:
    card = outputs / "hf_dataset" / "README.md"
    text = card.read_text()
    assert old in text
    card.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("path: data/train-*.parquet", "path: data/train-0000?-of-00002.parquet"),
        ("path: data/train-*.parquet", "path: data/train-[0-9]*.parquet"),
        ("dataset_info:\n  features:", "dataset_info:\n- config_name: default\n  features:"),
        ("task_categories:\n- tabular-classification", "task_categories: tabular-classification"),
    ],
    ids=["glob ?", "glob [0-9]", "dataset_info list", "task_categories string"],
)
def test_card_forms_the_hub_accepts_pass(submission, old, new):
    outputs, hidden, grader = submission
    _edit_card(outputs, old, new)
    grade = grader.grade(outputs, hidden, 0)
    assert grade.metric == 1.0, grade.explanation


def test_a_licence_as_a_one_item_list_passes(submission):
    outputs, hidden, grader = submission
    metadata, body = _card(outputs)
    _write_card(outputs, metadata | {"license": [metadata["license"]]}, body)
    assert grader.grade(outputs, hidden, 0).metric == 1.0


@pytest.mark.parametrize(
    "path", ["data/../../hidden/truth.json", "data/sub/train-*.parquet", "data/[.][.]/x"]
)
def test_data_file_globs_stay_in_data(submission, path):
    outputs, hidden, grader = submission
    metadata, body = _card(outputs)
    metadata["configs"][0]["data_files"][2]["path"] = path
    _write_card(outputs, metadata, body)
    with pytest.raises(SubmissionError, match="directly under data/"):
        grader.grade(outputs, hidden, 0)


def test_a_decompression_bomb_is_refused_from_the_footers(submission, monkeypatch):
    """More rows than the limit, as the shards' footers state, is refused before anything is loaded."""
    outputs, hidden, grader = submission
    monkeypatch.setattr(grader, "MAX_ROWS", 100)
    monkeypatch.setattr(grader, "load_hub_folder", lambda root: pytest.fail("loaded before the size check"))
    with pytest.raises(SubmissionError, match="rows"):
        grader.grade(outputs, hidden, 0)
