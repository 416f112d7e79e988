"""The index: build speed against `scan` on the same articles, its size, and a draft's check.

Targets (issue 4): `index build` at least half as fast as `scan`; at most 2 KB per
paragraph beyond the text; checking a 30-paragraph draft, start-up included, under 1 s.
For the 1M-paragraph figure: `pytest benchmarks/bench_index.py --bench-paragraphs 1000000`.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from tests.corpus import CorpusMaker

from benchmarks.data import BenchCorpus
from benchmarks.timing import Recorder, Timing, best_in_turns, rounds_for
from dedupe import Index, Settings, scan

pytestmark = pytest.mark.benchmark(group="index")

BUILD_VS_SCAN = 0.5
BYTES_PER_PARAGRAPH = 2048
CHECK_SECONDS = 1.0
DRAFT_PARAGRAPHS = 30
_builds = itertools.count()


def build(folder: Path, articles: Path, settings: Settings) -> Path:
    path = folder / f"index-{next(_builds)}.sqlite"
    Index.build(path, [str(articles)], settings, "bench")
    return path


@pytest.fixture(scope="module")
def built(
    articles: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return build(tmp_path_factory.mktemp("index"), articles, settings)


def test_build(
    articles: Path, corpus: BenchCorpus, settings: Settings, tmp_path: Path, recorder: Recorder
) -> None:
    """Build and scan of the same articles timed in turns, best of each (noise-fair)."""
    build_time, scan_time = best_in_turns(
        [partial(build, tmp_path, articles, settings), partial(scan, [articles], settings)],
        rounds_for(len(corpus)),
    )
    recorder.timings.append(Timing("index", len(corpus), "dedupe index build", True, build_time))
    recorder.timings.append(Timing("index", len(corpus), "dedupe.scan", False, scan_time))
    ratio = scan_time / build_time
    assert ratio >= BUILD_VS_SCAN, f"build {build_time:.3f}s, scan {scan_time:.3f}s"


def test_size(built: Path, corpus: BenchCorpus, recorder: Recorder) -> None:
    with Index.open(built) as index:
        info = index.info()
    assert 0.99 * len(corpus) <= info.paragraphs <= len(corpus)  # less the shortest ones
    recorder.notes.append(
        f"index      {info.paragraphs:>10,}  {info.bytes_per_paragraph:,.0f} bytes per paragraph "
        f"beyond the text ({info.size:,} bytes, {info.text_bytes:,} of text, "
        f"{info.texts:,} texts, {info.band_keys:,} band keys)"
    )
    assert info.bytes_per_paragraph <= BYTES_PER_PARAGRAPH


def test_check_a_draft(
    built: Path, corpus: BenchCorpus, tmp_path: Path, recorder: Recorder
) -> None:
    maker = CorpusMaker(99)
    reused = [corpus.texts[i] for i in range(0, len(corpus), len(corpus) // 5)][:5]
    edited = [maker.edit(text, 0.1) for text in reused]
    fresh = maker.paragraphs(DRAFT_PARAGRAPHS - len(reused) - len(edited))
    draft = tmp_path / "draft.txt"
    draft.write_text("\n\n".join(fresh[:10] + reused + fresh[10:] + edited) + "\n", "utf-8")
    command = [sys.executable, "-m", "dedupe", "check", str(draft), "--index", str(built),
               "--format", "json"]
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        runs.append(time.perf_counter() - started)
        assert done.returncode == 1, done.stderr
        assert done.stdout.count('"source": "index"') >= len(reused)
    recorder.notes.append(
        f"check      {len(corpus):>10,}  30-paragraph draft, whole process: best "
        f"{min(runs):.3f} s of 3 (target < {CHECK_SECONDS:.0f} s)"
    )
    assert min(runs) < CHECK_SECONDS
