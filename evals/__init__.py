"""The harness: task loading, the agent/baseline matrix, model presets, runs.

Public entry points are `evals.taskload.build_task`, `evals.run.run_matrix` and the `openintern` CLI
(`evals.cli`). Importing this package registers nothing; Inspect loads `evals._registry`.
"""
