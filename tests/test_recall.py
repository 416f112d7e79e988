"""Reprints are found at default settings; unrelated paragraphs are never clustered."""

from __future__ import annotations

import pytest

from dedupe import ScanResult, Settings, scan
from tests.reprints import Reprint, clustered_pairs, recall_by_level, write_corpus


@pytest.fixture(scope="module")
def reprint_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Reprint], ScanResult]:
    folder = tmp_path_factory.mktemp("reprints")
    reprints = write_corpus(folder)
    return reprints, scan([folder], Settings())


def test_corpus_is_large_and_realistic(reprint_scan: tuple[list[Reprint], ScanResult]) -> None:
    reprints, result = reprint_scan
    assert result.stats.paragraphs >= 2000
    assert {r.level for r in reprints} == {"5%", "10%", "20%", "30%", "restyled"}


@pytest.mark.parametrize("level", ["5%", "10%", "20%", "restyled"])
def test_recall_at_or_above_threshold(
    reprint_scan: tuple[list[Reprint], ScanResult], level: str
) -> None:
    reprints, result = reprint_scan
    found, expected = recall_by_level(reprints, clustered_pairs(result), 0.8)[level]
    assert expected >= 150
    assert found / expected >= 0.99


def test_restyled_copies_are_exact(reprint_scan: tuple[list[Reprint], ScanResult]) -> None:
    reprints, result = reprint_scan
    restyled = {frozenset((r.original, r.copy)) for r in reprints if r.level == "restyled"}
    exact = {
        frozenset(m.paragraph.doc for m in c.members) for c in result.clusters if c.kind == "exact"
    }
    assert restyled <= exact


def test_only_planted_pairs_are_clustered(reprint_scan: tuple[list[Reprint], ScanResult]) -> None:
    reprints, result = reprint_scan
    planted = {frozenset((r.original, r.copy)) for r in reprints}
    assert clustered_pairs(result) <= planted
    below = [m for c in result.clusters for m in c.members if m.similarity < 0.8]
    assert below == []
