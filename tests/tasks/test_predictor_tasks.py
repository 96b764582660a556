"""Every predictor and checkpoint task: a submission that memorised the workspace's data but has no
real model scores no more than the baseline, because test data is drawn or held out at scoring time."""

import pytest

from evals.taskload import build_task
from evals.taskspec import list_task_ids, load_spec
from tests.conftest import run_scripted, sample_score, writes_files_then_submits

LOOKUP = """
import sys
import pandas as pd
train = pd.read_csv("train.csv")
features = [c for c in train.columns if c != "{label}"]
memory = {{tuple(row[features]): row["{label}"] for _, row in train.iterrows()}}
fallback = train["{label}"].mode()[0]
inputs = pd.read_csv(sys.argv[1])[features]
answers = [memory.get(tuple(row), fallback) for _, row in inputs.iterrows()]
pd.DataFrame({{"{output}": answers}}).to_csv(sys.argv[2], index=False)
"""

FORECAST_LOOKUP = """
import sys
import pandas as pd
demand = pd.read_csv("demand.csv")
known = {feeder: group["load"].tolist() for feeder, group in demand.groupby("feeder")}
history = pd.read_csv(sys.argv[1])
rows = []
for feeder, group in history.groupby("feeder"):
    past = group["load"].tolist()
    match = next((series for series in known.values() if series[: len(past)] == past), None)
    future = match[len(past) : len(past) + 48] if match else [demand["load"].mean()] * 48
    rows += [{"feeder": feeder, "step": h + 1, "load": future[h]} for h in range(48)]
pd.DataFrame(rows).to_csv(sys.argv[2], index=False)
"""

MEMORISERS = {
    "digits_classifier": LOOKUP.format(label="label", output="label"),
    "tabular_churn": LOOKUP.format(label="churned", output="churn_probability"),
    "review_sentiment": LOOKUP.format(label="label", output="label"),
    "demand_forecast": FORECAST_LOOKUP,
}


def test_every_training_task_has_a_memoriser_here():
    """Training tasks graded through a predictor (checkpoint tasks are covered below)."""
    training = {t for t in list_task_ids() if load_spec(t).category == "training" and load_spec(t).predictor}
    assert training == set(MEMORISERS)


@pytest.mark.parametrize("task_id", sorted(MEMORISERS))
def test_memorised_data_scores_at_most_the_baseline(tmp_path, task_id):
    seed = load_spec(task_id).instances[0]
    task = build_task(task_id, seeds=[seed])
    log = run_scripted(task, writes_files_then_submits({"predict.py": MEMORISERS[task_id]}), tmp_path)
    score = sample_score(log)
    assert log.status == "success"
    assert score.value["score"] == 0.0, score.explanation
    assert score.metadata["metric"] is not None  # it was graded, not rejected


CHECKPOINT_TASKS = {
    "char_lm_tuning": {"context": 16, "embed": 64, "hidden": 64, "layers": 1},
    "shapes_cnn_tuning": {"channels": 8, "blocks": 1, "hidden": 16},
    "post_training": {"vocab": 46, "context": 64, "width": 96, "layers": 3, "heads": 4},
    "char_lm_scaling_gpu": {"context": 8, "embed": 4, "hidden": 16, "layers": 1},
}


def test_every_checkpoint_task_is_covered_here():
    assert {t for t in list_task_ids() if load_spec(t).outputs == ["checkpoint.pt"]} == set(CHECKPOINT_TASKS)


@pytest.mark.parametrize("task_id", sorted(CHECKPOINT_TASKS))
def test_an_untrained_checkpoint_scores_at_most_the_baseline(tmp_path, task_id):
    """A valid checkpoint of the right family with no learning in it: the no-real-model case."""
    import shutil

    import torch

    from evals.taskload import materialise_instance
    from evals.taskspec import load_module, task_dir

    folder, spec = task_dir(task_id), load_spec(task_id)
    model_code = load_module(folder / "starter" / "model.py", f"untrained_{task_id}")
    model_class = next(
        v
        for v in vars(model_code).values()
        if isinstance(v, type) and issubclass(v, torch.nn.Module) and v is not torch.nn.Module
    )
    config = CHECKPOINT_TASKS[task_id]
    torch.manual_seed(0)
    torch.save(
        {"config": config, "state_dict": model_class(**config).state_dict()}, tmp_path / "checkpoint.pt"
    )
    _, hidden_source = materialise_instance(folder, spec, spec.instances[0])
    hidden = tmp_path / "hidden"
    shutil.copytree(hidden_source, hidden)
    grader = load_module(folder / "grader" / "grade.py", f"untrained_grader_{task_id}")
    grader.make_test_set(hidden, spec.instances[0], 42, hidden / "test")
    metric = grader.grade(tmp_path, hidden, spec.instances[0]).metric
    score, success = spec.scoring.normalise(metric)
    assert score <= 0.05 and not success, f"an untrained checkpoint got metric {metric}"


def test_score_one_is_the_best_achievable_on_the_drawn_test_set(tmp_path):
    """demand_forecast's grader returns the true expected load's MASE on the test set it drew
    (Grade.best); the scorer uses it as score 1, with the starter on the same set as score 0."""
    from evals.run import run_matrix

    [log] = run_matrix(
        ["demand_forecast"], ["oracle"], "mockllm/model", tmp_path, sandbox="local", display="none"
    )
    for sample in log.samples:
        score = next(iter(sample.scores.values()))
        best, metric, starter = (score.metadata[k] for k in ("best_metric", "metric", "baseline_metric"))
        assert best < metric < starter  # MASE: lower is better; the oracle lands between
        assert score.value["score"] == pytest.approx((starter - metric) / (starter - best))
