"""The seed article: exactly the headline and the war-crimes paragraph, both exact."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, run_cli, scan_json


def test_seed_reports_exactly_two_exact_clusters(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result, report = scan_json(runner, "seeds/")
    assert result.exit_code == 0
    clusters = report["clusters"]
    assert [c["kind"] for c in clusters] == ["exact", "exact"]
    assert [[m["line"] for m in c["members"]] for c in clusters] == [[1, 3], [21, 27]]
    assert all(
        m["path"] == "seeds/000_7a67fb2f878eb82f.txt" for c in clusters for m in c["members"]
    )
    assert report["stats"]["paragraphs"] == 17
    assert report["stats"]["skipped_short"] == 2
    assert clusters[0]["members"][0]["text"].startswith("Putin 'seeking Syria-wide ceasefire'")


def test_seed_text_report_names_the_lines(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli(runner, "scan", "seeds/")
    assert result.exit_code == 0
    first_line = result.stdout.splitlines()[0]
    assert first_line.startswith("2 clusters of repeated paragraphs (2 exact, 0 near)")
    for line in (1, 3, 21, 27):
        assert f"seeds/000_7a67fb2f878eb82f.txt:{line}\n" in result.stdout


def test_fail_on_duplicates_exits_one(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result, _ = scan_json(runner, "seeds/", "--fail-on-duplicates")
    assert result.exit_code == 1
