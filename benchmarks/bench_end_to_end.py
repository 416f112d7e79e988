"""End to end: `dedupe.scan` on ~200 article files vs the datasketch reference pipeline."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from benchmarks import reference
from benchmarks.data import BenchCorpus, article_ids
from benchmarks.timing import Measure
from dedupe import ScanResult, Settings, scan

pytestmark = pytest.mark.benchmark(group="end-to-end")

Link = tuple[reference.ParagraphId, reference.ParagraphId]
AGREEMENT = 0.99  # share of clustered pairs both pipelines must agree on


def clustered_pairs(clusters: list[list[reference.ParagraphId]]) -> set[Link]:
    return {pair for members in clusters for pair in combinations(sorted(members), 2)}


def dedupe_clusters(result: ScanResult) -> list[list[reference.ParagraphId]]:
    return [
        [(Path(m.paragraph.path).name, m.paragraph.number) for m in cluster.members]
        for cluster in result.clusters
    ]


def planted_exact(corpus: BenchCorpus) -> set[Link]:
    ids = article_ids(len(corpus))
    pairs = ((ids[a], ids[b]) for a, b in corpus.exact_pairs)
    return {(left, right) if left < right else (right, left) for left, right in pairs}


@pytest.fixture(scope="module")
def dedupe_found(articles: Path, settings: Settings) -> set[Link]:
    """What dedupe finds, computed once outside the timing, for the reference to match."""
    return clustered_pairs(dedupe_clusters(scan([articles], settings.replace(jobs=1))))


def test_dedupe(
    measure: Measure, articles: Path, corpus: BenchCorpus, settings: Settings
) -> None:
    result = measure("dedupe.scan (jobs=1)", scan, [articles], settings.replace(jobs=1), ours=True)
    assert not result.problems
    assert result.stats.paragraphs == len(corpus) and result.stats.files > 0
    assert planted_exact(corpus) <= clustered_pairs(dedupe_clusters(result))


def test_reference(
    measure: Measure,
    articles: Path,
    corpus: BenchCorpus,
    settings: Settings,
    dedupe_found: set[Link],
) -> None:
    result = measure("datasketch pipeline", reference.scan, articles, settings)
    found = clustered_pairs(result.clusters)
    assert result.paragraphs == len(corpus)
    assert planted_exact(corpus) <= found
    assert len(found & dedupe_found) >= AGREEMENT * len(found | dedupe_found)
