"""Fixtures of the adversarial suites (tests/evals/test_adversarial_*.py), shared by both files so the
null scores are measured once and the attack table is printed once, at the end of the session."""

import pytest
from inspect_ai import eval as inspect_eval

from evals.agents import null
from evals.taskload import build_task
from tests.evals.adversary import CODE_TASKS, RESULTS


@pytest.fixture(scope="session", autouse=True)
def attack_table():
    """Print the attack table (attack x sandbox) once every attack has run."""
    yield
    if not RESULTS:
        return
    lines = ["", "| attack | local | bwrap |", "| --- | --- | --- |"]
    for attack, cells in RESULTS.items():
        lines.append(f"| {attack} | {cells.get('local', 'not run')} | {cells.get('bwrap', 'not run')} |")
    print("\n".join(lines))


@pytest.fixture(scope="session")
def null_scores(tmp_path_factory) -> dict[str, float]:
    """What the honest null agent scores on every task the attacks use (seed 0), measured once."""
    ids = ["longley_ols", "predator_prey", *CODE_TASKS]
    tasks = [build_task(task_id, solver=null(), sandbox="bwrap", seeds=[0]) for task_id in ids]
    logs = inspect_eval(
        tasks,
        model="mockllm/model",
        log_dir=str(tmp_path_factory.mktemp("null")),
        display="none",
        max_tasks=4,
    )
    scores = {}
    for log in logs:
        assert log.status == "success", log.error
        [sample] = log.samples
        scores[log.eval.task] = next(iter(sample.scores.values())).value["score"]
    return scores
