"""The disclosed OpenIntern task suite: one folder per task (see ARCHITECTURE.md, "A task").

This package holds data, not harness code: `evals` loads the folders. The only Python that tasks
share is the small grading protocol in `tasks.grading`.
"""
