"""task.yaml validation: every malformed spec gives one line naming the file and the field."""

import shutil

import pytest
import yaml

from evals.taskspec import TaskSpecError, UnknownTaskError, content_hash, list_task_ids, load_spec, task_dir


@pytest.fixture
def task_copy(tmp_path):
    folder = tmp_path / "longley_ols"
    shutil.copytree(task_dir("longley_ols"), folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _edit(folder, change):
    raw = yaml.safe_load((folder / "task.yaml").read_text())
    change(raw)
    (folder / "task.yaml").write_text(yaml.safe_dump(raw))


def _error(folder) -> str:
    with pytest.raises(TaskSpecError) as caught:
        load_spec(folder.name, folder)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_the_shipped_task_loads():
    spec = load_spec("longley_ols")
    assert spec.category == "reproduction" and spec.version == "1-C" and spec.outputs == ["results.json"]
    assert spec.tier == "sanity"
    assert "longley_ols" in list_task_ids()


def test_missing_field_names_the_field(task_copy):
    _edit(task_copy, lambda raw: raw["scoring"].pop("success_threshold"))
    message = _error(task_copy)
    assert "task.yaml" in message and "scoring.success_threshold" in message and "missing" in message


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda raw: raw.update(version="v1"), "version"),
        (lambda raw: raw.update(category="vibes"), "category"),
        (lambda raw: raw["limits"].update(time="ten minutes"), "limits.time"),
        (lambda raw: raw.update(instances=[]), "instances"),
        (lambda raw: raw.update(unknown_field=1), "unknown_field"),
    ],
)
def test_mistyped_field_names_the_field(task_copy, change, field):
    _edit(task_copy, change)
    assert f"'{field}'" in _error(task_copy)


def test_scoring_must_order_baseline_threshold_and_reference(task_copy):
    """min_lre is higher-is-better: baseline 0 < threshold 6 <= reference 6; a threshold past score 1
    could never be scored as the success it is."""
    _edit(task_copy, lambda raw: raw["scoring"].update(success_threshold=7.0))
    assert "needs baseline < success_threshold <= reference" in _error(task_copy)


def test_a_task_without_a_naive_attempt_is_refused(task_copy):
    shutil.rmtree(task_copy / "naive")
    assert "missing naive/solve.py" in _error(task_copy)


def test_score_one_is_the_graders_best_where_it_gives_one():
    """Grade.best (e.g. the AUC of the true probabilities on that test set) replaces the spec's
    reference; one on the wrong side of score 0 is a grader bug, never a silently inverted score."""
    scoring = load_spec("tabular_churn").scoring  # roc_auc, higher is better
    assert scoring.normalise(0.90, baseline=0.60, reference=0.90) == (1.0, True)
    score, success = scoring.normalise(0.75, baseline=0.60, reference=0.90)
    assert score == pytest.approx(0.5) and not success
    for wrong in (0.60, 0.55, float("nan")):
        with pytest.raises(ValueError, match="must lie above score 0"):
            scoring.normalise(0.70, baseline=0.60, reference=wrong)


def test_id_must_match_folder(task_copy):
    _edit(task_copy, lambda raw: raw.update(id="other_task"))
    assert "folder" in _error(task_copy)


def test_invalid_yaml_and_missing_grader(task_copy):
    (task_copy / "grader" / "grade.py").unlink()
    assert "grader/grade.py" in _error(task_copy)
    (task_copy / "task.yaml").write_text("id: [unclosed")
    assert "not valid YAML" in _error(task_copy)


def test_unknown_task_lists_the_known_ones():
    with pytest.raises(UnknownTaskError) as caught:
        task_dir("no_such_task")
    assert "unknown task 'no_such_task'" in str(caught.value) and "longley_ols" in str(caught.value)


def test_content_hash_changes_with_any_file(task_copy):
    before = content_hash(task_copy)
    assert content_hash(task_copy) == before
    (task_copy / "workspace" / "paper.md").write_text("changed")
    assert content_hash(task_copy) != before


def test_the_gpu_tier_and_resources_gpu_go_together(task_copy):
    """The suites choose by tier, the skips by resources: a task cannot say one without the other."""
    _edit(task_copy, lambda raw: raw["resources"].update(gpu=True))
    assert "tier is 'sanity' but resources.gpu is true" in _error(task_copy)
    _edit(task_copy, lambda raw: raw.update(tier="gpu"))
    assert load_spec(task_copy.name, task_copy).tier == "gpu"
    _edit(task_copy, lambda raw: raw["resources"].update(gpu=False))
    assert "tier is 'gpu' but resources.gpu is false" in _error(task_copy)
