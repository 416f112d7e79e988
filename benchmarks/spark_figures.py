"""README figures for the Spark engine: local engine vs Spark local[2], whole processes, paired.

    python -m benchmarks.spark_figures [--paragraphs 200000 50000] [--rounds 2]

Each size gets a generated corpus (half originals, half planted reprints, in JSONL files of
10,000 paragraphs). Runs alternate local, spark, local, spark... so noise from other users of
the machine hits both alike. Time is wall-clock of the whole `dedupe scan` process; memory is
the peak of the summed RSS of its process tree (the JVM and Python workers included), sampled
from /proc. Both JSON reports must be identical, or the run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.reprints import write_corpus

FILE_PARAGRAPHS = 10_000
SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    report: bytes
    task_seconds: float = 0.0  # summed executor run time of all Spark tasks (core-seconds)
    tasks: int = 0


def make_corpus(folder: Path, paragraphs: int) -> None:
    """`paragraphs` paragraphs with planted reprints, split into JSONL files."""
    write_corpus(folder, originals=paragraphs // 2, seed=3)
    lines = (folder / "reprints.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "reprints.jsonl").unlink()
    for number, begin in enumerate(range(0, len(lines), FILE_PARAGRAPHS)):
        part = "".join(lines[begin : begin + FILE_PARAGRAPHS])
        (folder / f"part{number:04d}.jsonl").write_text(part, encoding="utf-8")


def tree_rss(root: int) -> int:
    """Summed resident memory, in bytes, of `root` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def task_costs(event_logs: Path) -> tuple[float, int]:
    """Summed executor run time (seconds) and number of the tasks in Spark's event log."""
    total, count = 0.0, 0
    for log in (path for path in event_logs.rglob("*") if path.is_file()):
        for line in log.read_text(encoding="utf-8").splitlines():
            event = json.loads(line) if line.startswith("{") else {}
            if event.get("Event") == "SparkListenerTaskEnd" and "Task Metrics" in event:
                total += event["Task Metrics"]["Executor Run Time"] / 1000
                count += 1
    return total, count


def measure(args: list[str], output: Path, event_logs: Path | None = None) -> Run:
    """Run `dedupe scan ARGS -o OUTPUT` once; its wall time, peak tree memory and report.

    With `event_logs`, Spark writes its event log there and the tasks' run time is summed.
    """
    env = dict(os.environ)
    if event_logs is not None:
        event_logs.mkdir()
        env["PYSPARK_SUBMIT_ARGS"] = (f"--conf spark.eventLog.enabled=true "
                                      "--conf spark.eventLog.compress=false --conf "
                                      f"spark.eventLog.dir={event_logs} pyspark-shell")  # fmt: skip
    command = [sys.executable, "-m", "dedupe", "scan", *args, "--format", "json",
               "--no-progress", "-q", "-o", str(output)]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(SAMPLE_SECONDS):
            peak = max(peak, tree_rss(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    costs = task_costs(event_logs) if event_logs is not None else (0.0, 0)
    return Run(seconds, peak / 2**20, output.read_bytes(), *costs)


def compare(paragraphs: int, rounds: int, master: str) -> str:
    """One table row: medians of each engine and the Spark/local ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        make_corpus(folder, paragraphs)
        runs: dict[str, list[Run]] = {"local": [], "spark": []}
        for round_ in range(rounds):
            runs["local"].append(measure([str(folder)], Path(tmp) / "local.json"))
            spark_args = [str(folder), "--engine", "spark", "--spark-master", master]
            events = Path(tmp) / f"events{round_}"
            runs["spark"].append(measure(spark_args, Path(tmp) / "spark.json", events))
    reports = {run.report for engine in runs.values() for run in engine}
    if len(reports) != 1:
        raise SystemExit(f"{paragraphs} paragraphs: the engines' JSON reports differ")
    local_s, spark_s = (statistics.median(r.seconds for r in runs[e]) for e in runs)
    local_m, spark_m = (max(r.peak_mib for r in runs[e]) for e in runs)
    task_s = statistics.median(r.task_seconds for r in runs["spark"])
    tasks = runs["spark"][0].tasks
    return (f"| {paragraphs:,} | {local_s:.1f} s | {spark_s:.1f} s | {spark_s / local_s:.1f}x | "
            f"{local_m:,.0f} MiB | {spark_m:,.0f} MiB | {spark_m / local_m:.1f}x | "
            f"{task_s:.1f} s in {tasks} tasks |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[200_000, 50_000])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--master", default="local[2]")
    options = parser.parse_args()
    out = sys.stdout
    out.write("| paragraphs | local | Spark | ratio | local peak | Spark peak (JVM incl.) "
              "| ratio | Spark task time |\n")  # fmt: skip
    out.write("|---|---|---|---|---|---|---|---|\n")
    for paragraphs in options.paragraphs:
        out.write(compare(paragraphs, options.rounds, options.master) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
