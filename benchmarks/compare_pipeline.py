"""Time `dedupe.scan` against the datasketch reference pipeline, side by side, end to end.

    python -m benchmarks.compare_pipeline --paragraphs 200000

Writes a seeded corpus of article files to a temporary folder, then runs each pipeline in
its own subprocess (so one run's memory never counts against another's). Each subprocess
reports its wall time (the pipeline call only: no interpreter start-up or imports) and its
peak memory from `resource.getrusage`: `ru_maxrss` of itself (RUSAGE_SELF) and of its
largest worker process (RUSAGE_CHILDREN, the pool that `jobs=2` starts).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a file: make `benchmarks` and `tests` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import reference  # noqa: E402
from benchmarks.data import make_corpus, write_articles  # noqa: E402
from dedupe import Settings, scan  # noqa: E402

RUNS = {
    "dedupe": "dedupe.scan, one process (jobs=1)",
    "dedupe-jobs2": "dedupe.scan, Settings(jobs=2)",
    "reference": "datasketch pipeline (MinHash.bulk xxh32 + MinHashLSH)",
}


@dataclass(frozen=True)
class Run:
    seconds: float
    paragraphs: int
    clusters: int
    candidates: int
    peak_mb: float
    workers_peak_mb: float


def run_child(kind: str, folder: Path) -> Run:
    """Run one pipeline on `folder` in this process, and measure it."""
    settings = Settings()
    started = time.perf_counter()
    if kind == "reference":
        found = reference.scan(folder, settings)
        seconds = time.perf_counter() - started
        paragraphs, clusters, candidates = found.paragraphs, len(found.clusters), found.candidates
    else:
        result = scan([folder], settings.replace(jobs=2 if kind == "dedupe-jobs2" else 1))
        seconds = time.perf_counter() - started
        stats = result.stats
        paragraphs, clusters, candidates = stats.paragraphs, stats.clusters, stats.candidates
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Run(seconds, paragraphs, clusters, candidates, own, workers)


def measure(kind: str, folder: Path) -> Run:
    """Run one pipeline in a fresh subprocess and read what it reports."""
    command = [sys.executable, "-m", "benchmarks.compare_pipeline", "--child", kind, str(folder)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


def report(runs: dict[str, Run], paragraphs: int, files: int) -> str:
    base = runs.get("reference", next(iter(runs.values()))).seconds
    lines = [
        f"corpus: {paragraphs:,} paragraphs in {files} files; peak memory is ru_maxrss of the "
        "run's process (workers: its largest worker process)",
        f"{'pipeline':<56} {'seconds':>8} {'paragraphs/s':>13} {'peak MB':>8} "
        f"{'workers MB':>10} {'clusters':>8} {'candidates':>10} {'speed-up':>9}",
    ]
    for kind, run in runs.items():
        workers = f"{run.workers_peak_mb:.0f}" if run.workers_peak_mb else "-"
        lines.append(
            f"{RUNS[kind]:<56} {run.seconds:>8.2f} {run.paragraphs / run.seconds:>13,.0f} "
            f"{run.peak_mb:>8.0f} {workers:>10} {run.clusters:>8,} {run.candidates:>10,} "
            f"{base / run.seconds:>8.1f}x"
        )
    yardstick = "datasketch pipeline" if "reference" in runs else "first pipeline"
    lines.append(f"speed-up = {yardstick} seconds / this pipeline's seconds")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--only", nargs="+", choices=list(RUNS), default=list(RUNS),
                        help="pipelines to run (default: all; the reference sets the speed-up)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run = run_child(args.child[0], Path(args.child[1]))
        sys.stdout.write(json.dumps(asdict(run)) + "\n")
        return
    with tempfile.TemporaryDirectory(prefix="dedupe-bench-") as tmp:
        files = write_articles(make_corpus(args.paragraphs, args.seed).texts, Path(tmp))
        runs = {kind: measure(kind, Path(tmp)) for kind in args.only}
    sys.stdout.write(report(runs, args.paragraphs, len(files)))


if __name__ == "__main__":
    main()
