"""A submission bundle: a run's logs, the report built from them, and a manifest of hashes.

    openintern submit logs/<run_id> --out submissions     # -> submissions/<run_id>.bundle/

    <run_id>.bundle/
      logs/<run_id>/   every file of the log folder, relative paths kept (.eval logs, eval-set.json, ...)
      report/          build_report() of those very logs: report.md, report.html, figures, results.csv,
                       samples.csv, submission.json
      manifest.json    sha256 and size of every other file of the bundle, the format and the command

The logs sit under logs/<run_id>/ rather than logs/ so that the report built from the bundle carries
the run's own id (build_report names a run after its log folder). Anyone can check a bundle with
`openintern verify BUNDLE`, which recomputes every number from the logs (evals/verify.py); reports/
itself reads logs only and knows nothing of the checkout's tasks.
"""

import argparse
import contextlib
import json
import shlex
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from reports import LogDirError, build_report
from reports.record import file_sha256

__all__ = [
    "BUNDLE_FORMAT",
    "MANIFEST",
    "BundleError",
    "bundle_logs",
    "file_digests",
    "read_manifest",
    "report_from_bundle",
    "submit",
    "submit_main",
]

BUNDLE_FORMAT = "openintern-bundle/1"
MANIFEST = "manifest.json"


class BundleError(ValueError):
    """A bundle that cannot be made or read: the message names the path and what is wrong."""


def file_digests(bundle: Path) -> dict[str, dict]:
    """{path relative to the bundle: {"sha256", "size"}} for every file but the manifest itself."""
    return {
        path.relative_to(bundle).as_posix(): {"sha256": file_sha256(path), "size": path.stat().st_size}
        for path in sorted(bundle.rglob("*"))
        if path.is_file() and path.relative_to(bundle).as_posix() != MANIFEST
    }


def read_manifest(bundle: Path) -> dict:
    """The bundle's manifest.json, checked for its format; BundleError names what is wrong."""
    path = Path(bundle) / MANIFEST
    if not path.is_file():
        raise BundleError(f"{path}: missing; is {bundle} a bundle made by `openintern submit`?")
    try:
        manifest = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BundleError(f"{path}: not valid JSON ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
        raise BundleError(f"{path}: format is {found!r}, expected {BUNDLE_FORMAT!r}")
    return manifest


def bundle_logs(bundle: Path, manifest: dict) -> Path:
    """The folder of the bundle's logs (logs/<run_id>/), as the manifest names it."""
    run_id = str(manifest.get("run_id", ""))
    folder = Path(bundle) / "logs" / run_id
    if not run_id or "/" in run_id or run_id in (".", "..") or not folder.is_dir():
        raise BundleError(f"{Path(bundle) / MANIFEST}: run_id {run_id!r} names no folder under {bundle}/logs")
    return folder


def _command(log_dir: Path, out_dir: Path, baseline: str | None) -> str:
    """The CLI line equivalent to a submit call (what the manifest records when none is given)."""
    words = ["openintern", "submit", str(log_dir), "--out", str(out_dir)]
    return shlex.join(words + (["--baseline", baseline] if baseline else []))


def submit(log_dir: Path, out_dir: Path, baseline: str | None = None, command: str | None = None) -> Path:
    """Bundle the logs of log_dir with their report and a manifest; return the bundle's folder.

    Args:
        log_dir: A run's log folder (logs/<run_id>/); every file under it is copied.
        out_dir: Where <run_id>.bundle/ is made; an existing bundle of the same run is never replaced.
        baseline: The agent the report's paired differences are taken against (recorded, so that
            verification recomputes the same numbers).
        command: The command line to record; by default the equivalent `openintern submit` line.
    """
    log_dir, out_dir = Path(log_dir), Path(out_dir)
    if not log_dir.is_dir():
        raise LogDirError(
            f"log directory {log_dir} does not exist; pass the folder that holds the .eval files"
        )
    run_id = log_dir.resolve().name
    bundle = out_dir / f"{run_id}.bundle"
    if bundle.exists():
        raise BundleError(f"{bundle} already exists; remove it or pass another --out")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{run_id}-", dir=out_dir))
    try:  # a half-made bundle is never left under the bundle's name
        _fill(staging, log_dir, run_id, baseline, command or _command(log_dir, out_dir, baseline))
        staging.rename(bundle)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return bundle


def report_from_bundle(bundle: Path, run_id: str, out_root: Path, baseline: str | None) -> Path:
    """Build the report of a bundle's logs into out_root/<run_id>/; return report.md's path.

    It is built from inside the bundle, from the relative path logs/<run_id>, so that what the report
    records of its own making (submission.json's "command": `openintern report logs/<run_id>`) is the
    same wherever the bundle sits: at submission, and later when `openintern verify` rebuilds it.
    """
    with contextlib.chdir(bundle):
        report, _ = build_report(Path("logs") / run_id, Path(out_root).resolve(), baseline=baseline)
    return report


def _fill(bundle: Path, log_dir: Path, run_id: str, baseline: str | None, command: str) -> None:
    shutil.copytree(log_dir, bundle / "logs" / run_id)
    with tempfile.TemporaryDirectory(dir=bundle) as scratch:
        report = report_from_bundle(bundle, run_id, Path(scratch), baseline)
        shutil.move(report.parent, bundle / "report")
    manifest = {
        "format": BUNDLE_FORMAT,
        "run_id": run_id,
        "baseline": baseline,
        "command": command,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": [{"path": path, **entry} for path, entry in file_digests(bundle).items()],
    }
    (bundle / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")


def submit_main(args: argparse.Namespace) -> int:
    """`openintern submit LOGDIR [--out DIR] [--baseline AGENT]`: print the bundle's path and any log
    the report could not read (the bundle is made all the same; verification shows the same list)."""
    command = _command(args.log_dir, args.out, args.baseline)
    bundle = submit(Path(args.log_dir), Path(args.out), args.baseline, command)
    problems = json.loads((bundle / "report" / "submission.json").read_text()).get("problems") or []
    for problem in problems:
        print(f"openintern: warning: {problem}")
    print(bundle)
    return 0
