"""One timed call per benchmark, recorded so the session can end with a table of ratios.

With pytest-benchmark enabled a time is the best of `rounds` rounds; with
`--benchmark-disable` it is one unrepeated run timed here (indicative only).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pytest_benchmark.fixture import BenchmarkFixture

T = TypeVar("T")
STAGES = ("normalize", "signatures", "lsh", "verify", "end-to-end", "jobs")  # pipeline order
# The speed-ups we aim for, by (group, reference): shown beside the measured ratio, not
# asserted (the machines these run on are shared and noisy; see README "Performance").
TARGETS = {
    ("signatures", "datasketch update_batch (sha1)"): 40.0,
    ("signatures", "datasketch bulk (xxh32)"): 10.0,
    ("signatures", "rensa RMinHash.update"): 3.0,
    ("lsh", "datasketch MinHashLSH"): 15.0,
    ("end-to-end", "datasketch pipeline"): 10.0,
    ("jobs", "dedupe.scan (jobs=1)"): 1.6,
}


@dataclass(frozen=True)
class Timing:
    group: str
    paragraphs: int
    name: str
    ours: bool
    seconds: float


@dataclass
class Recorder:
    """Timings and notes of one session, kept in `config.stash`."""

    timings: list[Timing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repeated: bool = True

    def table(self) -> list[str]:
        """Lines of the ratio table: reference time / dedupe time, per group and size."""
        width = max(len(t.name) for t in self.timings)
        lines = [
            f"{'group':<11} {'paragraphs':>10}  {'reference':<{width}}  {'ratio':>7}  "
            f"{'target':<12}  times"
        ]
        keys = sorted({(t.group, t.paragraphs) for t in self.timings}, key=_stage_order)
        for group, paragraphs in keys:
            same = [t for t in self.timings if (t.group, t.paragraphs) == (group, paragraphs)]
            mine = next((t for t in same if t.ours), None)
            for other in (t for t in same if not t.ours):
                ratio = other.seconds / mine.seconds if mine else None
                shown = f"{ratio:.1f}x" if ratio else "n/a"
                ours_time = f"{mine.seconds:.4f} s" if mine else "not run"
                lines.append(
                    f"{group:<11} {paragraphs:>10,}  {other.name:<{width}}  {shown:>7}  "
                    f"{_target(group, other.name, ratio):<12}  "
                    f"{other.seconds:.4f} s vs dedupe {ours_time}"
                )
        return lines


def _target(group: str, name: str, ratio: float | None) -> str:
    """'>= 10x met' / '>= 10x missed' for a reference with a target, else blank."""
    target = TARGETS.get((group, name))
    if target is None or ratio is None:
        return ""
    return f">={target:g}x {'met' if ratio >= target else 'missed'}"


def _stage_order(key: tuple[str, int]) -> tuple[int, str, int]:
    group, paragraphs = key
    rank = STAGES.index(group) if group in STAGES else len(STAGES)
    return rank, group, paragraphs


def rounds_for(paragraphs: int) -> int:
    """Enough rounds to smooth noise on small corpora, one on the big ones."""
    return 5 if paragraphs <= 5_000 else 3 if paragraphs <= 50_000 else 1


def best_in_turns(calls: Sequence[Callable[[], object]], rounds: int) -> list[float]:
    """Best seconds of each call over `rounds` rounds, the calls taking turns in each round
    (so a slow spell of a shared machine hits them alike)."""
    best = [float("inf")] * len(calls)
    for _ in range(rounds):
        for k, call in enumerate(calls):
            started = time.perf_counter()
            call()
            best[k] = min(best[k], time.perf_counter() - started)
    return best


class Measure:
    """Times one call of an implementation under pytest-benchmark and records it."""

    def __init__(self, benchmark: BenchmarkFixture, recorder: Recorder, paragraphs: int) -> None:
        self.benchmark = benchmark
        self.recorder = recorder
        self.paragraphs = paragraphs

    def __call__(self, name: str, function: Callable[..., T], *args: Any, ours: bool = False) -> T:
        bench = self.benchmark
        group = str(bench.group)
        bench.group = f"{group}, {self.paragraphs:,} paragraphs"
        bench.extra_info.update(implementation=name, ours=ours, paragraphs=self.paragraphs)
        started = time.perf_counter()
        result: T = bench.pedantic(  # type: ignore[no-untyped-call]
            function, args=args, rounds=rounds_for(self.paragraphs), iterations=1
        )
        seconds = time.perf_counter() - started
        if bench.enabled and bench.stats is not None:
            seconds = float(bench.stats.stats.min)
        else:
            self.recorder.repeated = False
        self.recorder.timings.append(Timing(group, self.paragraphs, name, ours, seconds))
        return result
