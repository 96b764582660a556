"""The `openintern` command line.

openintern demo                      # oracle, null and research_agent on the embedded model, then the report
openintern run --tasks longley_ols --agents oracle null --model embedded
openintern run --suite smoke --agents research_agent react claude_code codex_cli --model claude-sonnet-4-5
openintern report logs/<run_id>      # report.md, scores.png, results.csv under reports/out/<run_id>/
openintern run --config evals/configs/smoke-embedded.yaml
openintern tasks list | validate [ids] | lock
openintern submit logs/<run_id> --out submissions   # submissions/<run_id>.bundle/: logs, report, manifest
openintern verify submissions/<run_id>.bundle       # recompute every number; check tasks, sandbox, limits
openintern leaderboard submissions                  # submissions/leaderboard.html from the bundles there
"""

import argparse
import sys
from pathlib import Path

from evals.baselines import BaselineUnavailableError
from evals.embedded import EMBEDDED_DEFAULT, EmbeddedModelError
from evals.models import ModelAccessError
from evals.sandboxes import DEFAULT_SANDBOX, SANDBOX_KINDS, BwrapUnavailableError, SandboxKindError
from evals.suites import SUITES, LockError, suite_tasks, unlocked_tasks, update_lock, validated_tasks
from evals.taskspec import TaskSpecError, UnknownTaskError, content_hash, list_task_ids, load_spec, task_dir

__all__ = ["main"]

DEMO_TASKS = ["longley_ols"]
DEMO_AGENTS = ["oracle", "null", "research_agent"]
# The demo keeps every agent to 150 s and 30 messages so it ends in a few minutes on 2 cores; the
# prompt states these, since it is filled from the limits in force at sample start.
DEMO_LIMITS = {"seconds": 150, "messages": 30}
USER_ERRORS: tuple[type[Exception], ...] = (
    BaselineUnavailableError,
    TaskSpecError,
    UnknownTaskError,
    EmbeddedModelError,
    LockError,
    ModelAccessError,
    BwrapUnavailableError,
    SandboxKindError,
)


def _print_summary(summary) -> None:
    columns = ["agent", "model", "task", "n", "score", "success_rate", "errors", "mean_tokens", "mean_time_s"]
    primary = summary[summary["primary"]]
    print(primary[columns].to_string(index=False, float_format=lambda v: f"{v:.2f}"))


def _report(log_dir: Path, out_root: Path, baseline: str | None = None) -> None:
    from reports import make_report, write_report

    report = make_report(log_dir, out_root, baseline)
    path = write_report(report)
    _print_summary(report.summary)
    for problem in report.problems:  # what could not be used, also at the top of the report
        print(f"note: {problem}", file=sys.stderr)
    print(f"\nReport: {path} (and report.html beside it)")


def _run(args: argparse.Namespace, prefix: str) -> Path:
    """Run the matrix the options (or the config) describe; return its log folder.

    Raises IncompleteRunError after the run when samples failed: the caller still builds the report.
    """
    from evals.presets import resolve_model
    from evals.run import new_run_id, run_matrix

    run_id = args.run_id
    if getattr(args, "config", None):
        from evals.runconfig import load_run_config

        config = load_run_config(args.config)
        run_id = run_id or config.run_id()  # the same config resumes the same run
        limits = ("time_limit", "message_limit", "token_limit")
        for key in ("tasks", "suite", "agents", "epochs", "sandbox", "concurrency", "seed", *limits):
            setattr(args, key, getattr(config, key))
        args.models = config.models
        args.agent_config = config.agent
    if args.suite:
        args.tasks = suite_tasks(args.suite)
    for task_id in args.tasks:
        load_spec(task_id)  # fail on a bad task before any model is loaded
    models = [resolve_model(model) for model in args.models]
    run_id = run_id or new_run_id(prefix)
    log_dir = Path(args.log_root) / run_id
    print(f"Running {', '.join(args.tasks)} x {', '.join(args.agents)} on {', '.join(models)} -> {log_dir}")
    if getattr(args, "config", None):
        _record_config(Path(args.config), log_dir)
    run_matrix(
        args.tasks,
        args.agents,
        models,
        log_dir,
        epochs=args.epochs,
        sandbox=args.sandbox,
        max_samples=args.concurrency,
        time_limit=args.time_limit,
        message_limit=args.message_limit,
        token_limit=args.token_limit,
        seed=args.seed,
        agent_config=getattr(args, "agent_config", None),
    )
    return log_dir


def _record_config(config: Path, log_dir: Path) -> None:
    """Keep the config beside the logs it made; a run id reused with another config is refused."""
    from evals.run import RunConfigError

    recorded = log_dir / "run-config.yaml"
    if recorded.is_file() and recorded.read_text() != config.read_text():
        raise RunConfigError(
            f"{log_dir} holds the logs of another config ({recorded}); give a new --run-id, or run the config "
            "without --run-id (its logs go to a folder named after its content)"
        )
    log_dir.mkdir(parents=True, exist_ok=True)
    recorded.write_text(config.read_text())


def _run_and_report(args: argparse.Namespace) -> int:
    """Run, then build the report of whatever finished; failed samples are listed one line each."""
    from inspect_ai._util.error import PrerequisiteError  # not re-exported; inspect-ai is pinned

    from evals.run import IncompleteRunError

    try:
        log_dir = _run(args, prefix=args.command)
    except IncompleteRunError as incomplete:
        print(f"openintern: {incomplete}", file=sys.stderr)
        if incomplete.logs:
            _report(incomplete.log_dir, Path(args.out))
        return 1
    except PrerequisiteError as error:  # eval_set: the folder holds logs of other tasks or agents
        first = str(error).strip().splitlines()[0]
        print(
            f"openintern: error: the log folder holds logs this run cannot resume ({first}); the tasks or "
            "agents changed since they were written: give a new --run-id",
            file=sys.stderr,
        )
        return 2
    _report(log_dir, Path(args.out))
    return 0


def _score(value: float | None, width: int, digits: int = 3) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def _tasks_validate(task_ids: list[str], sandbox: str) -> int:
    """Validate, print the table, and record what passed in tasks/validation.json."""
    from evals.validate import record_checks, validate_tasks

    print(f"Validating on the {sandbox} sandbox")
    checks = validate_tasks(task_ids or None, sandbox=sandbox)
    print(
        f"{'task':<24} {'tier':<6} {'inst':>4} {'null':>5} {'trivial max':>11} {'trivial submission':<18} "
        f"{'naive':>5} {'naive wins':>10} {'oracle':>6} {'oracle ok':>9} {'oracle s':>8}"
    )
    for c in checks:
        trivial_name, trivial_score = c.trivial_max
        print(
            f"{c.task:<24} {c.tier:<6} {c.instances:>4} {c.null_max_score:>5.3f} {trivial_score:>11.3f} "
            f"{trivial_name:<18} {_score(c.naive_max_score, 5)} {str(c.naive_any_success):>10} "
            f"{_score(c.oracle_min_score, 6)} {str(c.oracle_all_success):>9} {_score(c.oracle_max_seconds, 8, 1)}"
        )
    print(
        "null, trivial max and naive: the highest score over instances; oracle: the lowest; "
        "naive wins: the naive attempt succeeded on some instance (required in the sanity tier, a failure elsewhere)"
    )
    for c in checks:
        if c.skipped:
            print(c.skipped)
    failures = [c for c in checks if not c.ok]
    for c in failures:
        print(f"FAILED {c.task}: {'; '.join(c.problems)}", file=sys.stderr)
    record_checks(checks, sandbox)
    print(
        f"{len(checks) - len(failures)} passed, {len(failures)} failed (passing rows recorded in tasks/validation.json)"
    )
    return 1 if failures else 0


def _tasks_lock(sandbox: str) -> int:
    """Record new task versions, after validating them: a hash in the lock is one that passed
    validation, which is why `make test` validates only the smoke suite and unlocked tasks."""
    validated = validated_tasks(sandbox)

    def to_validate() -> list[str]:
        return [task_id for task_id in unlocked_tasks() if task_id not in validated]

    pending = to_validate()
    if recorded := [task_id for task_id in unlocked_tasks() if task_id in validated]:
        print(
            f"Passed validation on {sandbox} with these very files (tasks/validation.json): {', '.join(recorded)}"
        )
    if pending:
        print(f"Validating the tasks to lock: {', '.join(pending)}")
        before = {task_id: content_hash(task_dir(task_id)) for task_id in pending}
        if _tasks_validate(pending, sandbox):
            print("openintern: nothing locked: fix the failures above first", file=sys.stderr)
            return 1
        moved = [task_id for task_id, digest in before.items() if content_hash(task_dir(task_id)) != digest]
        if moved or to_validate() != pending:
            print(
                f"openintern: nothing locked: task files changed during validation ({', '.join(moved) or 'new tasks'}); "
                "run `openintern tasks lock` again",
                file=sys.stderr,
            )
            return 1
    added = update_lock()
    print(f"tasks.lock.json: recorded {', '.join(added) if added else 'nothing new'}")
    return 0


def _tasks_list() -> None:
    for name in SUITES:
        print(f"suite {name}: {', '.join(suite_tasks(name))}")
    print(
        f"{'id':<24} {'category':<13} {'tier':<7} {'version':<8} {'instances':<10} "
        "limits (time s / tokens / messages)"
    )
    for task_id in list_task_ids():
        spec = load_spec(task_id)
        limits = f"{spec.limits.time} / {spec.limits.tokens} / {spec.limits.messages}"
        print(
            f"{spec.id:<24} {spec.category:<13} {spec.tier:<7} {spec.version:<8} {len(spec.instances):<10} {limits}"
        )


def _positive(text: str) -> int:
    """A limit given on the command line: a whole number above 0."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, got {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="openintern", description="OpenIntern research agent and harness.")
    commands = parser.add_subparsers(dest="command", required=True)

    def run_options(sub: argparse.ArgumentParser, tasks: list[str], agents: list[str], limits: dict) -> None:
        sub.add_argument("--tasks", nargs="+", default=tasks, help="task ids (folders under tasks/)")
        sub.add_argument("--suite", choices=list(SUITES), help="run a named suite instead of --tasks")
        sub.add_argument(
            "--agents",
            nargs="+",
            default=agents,
            help="research_agent, react, claude_code, codex_cli, oracle, naive, null",
        )
        sub.add_argument(
            "--model",
            "--models",
            dest="models",
            nargs="+",
            default=[EMBEDDED_DEFAULT],
            help="presets (python -m evals.presets list) or Inspect models, e.g. anthropic/claude-...; "
            "every agent runs on each",
        )
        sub.add_argument("--epochs", type=_positive, default=1)
        sub.add_argument(
            "--concurrency",
            type=_positive,
            default=None,
            help="samples at once (default: what the cores hold)",
        )
        sub.add_argument("--seed", type=int, default=None, help="the models' sampling seed, where honoured")
        sub.add_argument(
            "--sandbox",
            default=DEFAULT_SANDBOX,
            choices=list(SANDBOX_KINDS),
            help="bwrap (isolated, the default) or local (unisolated: development only)",
        )
        sub.add_argument("--log-root", default="logs", help="logs go to <log-root>/<run id>/")
        sub.add_argument("--run-id", default=None, help="reuse a run id to resume it")
        sub.add_argument("--out", default="reports/out", help="reports go to <out>/<run id>/")
        for unit, flag in (
            ("seconds", "--time-limit"),
            ("messages", "--message-limit"),
            ("tokens", "--token-limit"),
        ):
            sub.add_argument(
                flag,
                type=_positive,
                default=limits.get(unit),
                help=f"{unit} per sample (overrides the tasks')",
            )

    demo = commands.add_parser("demo", help="the main job on the embedded model, then the report")
    run_options(demo, DEMO_TASKS, DEMO_AGENTS, DEMO_LIMITS)
    run = commands.add_parser("run", help="run tasks x agents on a model, then the report")
    run_options(run, DEMO_TASKS, DEMO_AGENTS, {})
    run.add_argument("--config", type=Path, help="a run config (YAML); its values replace the options above")
    report = commands.add_parser("report", help="build the report of a log directory")
    report.add_argument("log_dir", type=Path)
    report.add_argument("--out", default="reports/out")
    report.add_argument(
        "--baseline", default=None, help="the agent others are paired against (default: react when it ran)"
    )
    submit = commands.add_parser(
        "submit", help="bundle a run's logs with its report and a manifest of hashes"
    )
    submit.add_argument("log_dir", type=Path)
    submit.add_argument(
        "--out", type=Path, default=Path("submissions"), help="the bundle goes to <out>/<run id>.bundle/"
    )
    submit.add_argument("--baseline", default=None, help="the agent others are paired against in the report")
    verify = commands.add_parser(
        "verify", help="recompute a bundle from its logs; check its tasks, sandbox and limits"
    )
    verify.add_argument("bundle", type=Path)
    board = commands.add_parser("leaderboard", help="a static HTML page of the verified bundles in a folder")
    board.add_argument("dir", type=Path)
    board.add_argument(
        "--out", type=Path, default=None, help="the page to write (default: DIR/leaderboard.html)"
    )
    tasks = commands.add_parser("tasks", help="the task suite")
    tasks.add_argument("action", choices=["list", "validate", "lock"])
    tasks.add_argument("ids", nargs="*", help="task ids (all tasks when none)")
    tasks.add_argument(
        "--sandbox",
        default=DEFAULT_SANDBOX,
        choices=list(SANDBOX_KINDS),
        help="where validate runs the agents",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `openintern` console script; user errors print one line and exit 2."""
    from evals.presets import PresetError
    from evals.run import RunConfigError
    from evals.runconfig import RunConfigFileError
    from reports import LogDirError
    from reports.submission import BundleError

    args = _parser().parse_args(argv)
    try:
        if args.command in ("demo", "run"):
            return _run_and_report(args)
        elif args.command == "report":
            _report(args.log_dir, Path(args.out), args.baseline)
        elif args.command == "submit":
            from reports.submission import submit_main

            return submit_main(args)
        elif args.command == "verify":
            from evals.verify import verify_main

            return verify_main(args)
        elif args.command == "leaderboard":
            from evals.verify import leaderboard_main

            return leaderboard_main(args)
        elif args.command == "tasks" and args.action == "validate":
            return _tasks_validate(args.ids, args.sandbox)
        elif args.command == "tasks" and args.action == "lock":
            if args.ids:
                raise LockError(
                    "`openintern tasks lock` takes no task ids: it validates and records every changed task"
                )
            return _tasks_lock(args.sandbox)
        elif args.command == "tasks":
            _tasks_list()
    except (
        *USER_ERRORS,
        RunConfigError,
        RunConfigFileError,
        LogDirError,
        BundleError,
        PresetError,
    ) as error:
        print(f"openintern: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
