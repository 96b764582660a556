"""The scaffold ablation (evals/ablation.py): research_agent and react on the same scripted "capable"
trajectory, through real Inspect runs on the bwrap sandbox with the real grader."""

from evals.ablation import run_ablation


def test_research_agent_never_scores_below_react_on_a_capable_trajectory(tmp_path):
    table = run_ablation(["longley_ols"], tmp_path, time_limit=60, train_share=0.3, generation_s=1.0)
    scores = dict(zip(table["agent"], table["score"], strict=True))
    assert scores == {"research_agent": 1.0, "react": 1.0}, table.to_string()
    ours = table[table["agent"] == "research_agent"].iloc[0]
    assert ours["ended"] == "own submit" and ours["success"] == 1


def test_the_trajectory_does_not_solve_the_task_without_its_training_step(tmp_path):
    """The policy is no oracle in disguise: cut its training run short (a run_experiment limit of
    1 s by a budget too small for it) and the outputs are never written."""
    table = run_ablation(["longley_ols"], tmp_path, time_limit=40, train_share=0.9, generation_s=0.5)
    assert (table["score"] == 0.0).all(), table.to_string()
    assert set(table["agent"]) == {"research_agent", "react"}
