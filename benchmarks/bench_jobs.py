"""Both cores: `dedupe.scan` with jobs=2 against jobs=1 on the same article files.

The two take turns, best of at least three rounds each: on a shared 2-core machine a
single round of each was often 5 % apart from the next one. Below
`engines.local.PARALLEL_BYTES` of text (the quick 2,000 and the 20,000-paragraph corpora)
jobs=2 reads in one process too, and only the matching threads differ.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.data import BenchCorpus
from benchmarks.timing import Recorder, Timing, best_in_turns, rounds_for
from dedupe import ScanResult, Settings, scan
from dedupe.report.json import render_json

pytestmark = pytest.mark.benchmark(group="jobs")
ROUNDS = 3


def _clusters(result: ScanResult) -> list[object]:
    found: list[object] = json.loads(render_json(result, "bench"))["clusters"]
    return found


def test_two_processes_against_one(
    articles: Path, corpus: BenchCorpus, settings: Settings, recorder: Recorder
) -> None:
    results: dict[int, ScanResult] = {}

    def scanning(jobs: int) -> None:
        results[jobs] = scan([articles], settings.replace(jobs=jobs))

    one, two = best_in_turns([lambda: scanning(1), lambda: scanning(2)],
                             max(ROUNDS, rounds_for(len(corpus))))
    recorder.timings.append(Timing("jobs", len(corpus), "dedupe.scan (jobs=1)", False, one))
    recorder.timings.append(Timing("jobs", len(corpus), "dedupe.scan (jobs=2)", True, two))
    assert not results[1].problems
    assert results[2].stats.candidates == results[1].stats.candidates
    assert _clusters(results[2]) == _clusters(results[1])
