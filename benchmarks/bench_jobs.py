"""Both cores: `dedupe.scan` with jobs=2 against jobs=1 on the same article files.

Below `engines.local.PARALLEL_BYTES` of text (the quick 2,000 and the 20,000-paragraph
corpora) jobs=2 reads in one process too, and only the matching threads differ.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.timing import Measure
from dedupe import ScanResult, Settings, scan
from dedupe.report.json import render_json

pytestmark = pytest.mark.benchmark(group="jobs")


def _clusters(result: ScanResult) -> list[object]:
    found: list[object] = json.loads(render_json(result, "bench"))["clusters"]
    return found


@pytest.fixture(scope="module")
def one_process(articles: Path, settings: Settings) -> ScanResult:
    return scan([articles], settings.replace(jobs=1))


def test_one_process(measure: Measure, articles: Path, settings: Settings) -> None:
    result = measure("dedupe.scan (jobs=1)", scan, [articles], settings.replace(jobs=1))
    assert not result.problems


def test_two_processes(
    measure: Measure, articles: Path, settings: Settings, one_process: ScanResult
) -> None:
    result = measure("dedupe.scan (jobs=2)", scan, [articles], settings.replace(jobs=2),
                     ours=True)
    assert result.stats.candidates == one_process.stats.candidates
    assert _clusters(result) == _clusters(one_process)
