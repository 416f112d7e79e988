"""Same input, same bytes; file order does not matter; workers do not change results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe import Settings, scan
from tests.conftest import run_cli
from tests.corpus import CorpusMaker


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twelve articles sharing exact and edited paragraphs."""
    folder = tmp_path_factory.mktemp("articles")
    maker = CorpusMaker(11)
    shared = maker.paragraphs(30)
    files = []
    for number in range(12):
        own = maker.paragraphs(20)
        borrowed = [
            maker.edit(p, 0.1) if (number + i) % 2 else p for i, p in enumerate(shared[number::4])
        ]
        path = folder / f"article{number:02}.txt"
        path.write_text("\n\n".join(own[:10] + borrowed + own[10:]) + "\n")
        files.append(path)
    return files


def _clusters(paths: list[Path], **changes: object) -> list[list[tuple[str, int]]]:
    result = scan(paths, Settings().replace(**changes))
    return [[(m.paragraph.path, m.paragraph.number) for m in c.members] for c in result.clusters]


def test_same_input_gives_byte_identical_json(runner: CliRunner, articles: list[Path]) -> None:
    folder = str(articles[0].parent)
    first = run_cli(runner, "scan", "-f", "json", folder).stdout
    second = run_cli(runner, "scan", "-f", "json", folder).stdout
    assert first == second
    assert len(json.loads(first)["clusters"]) >= 10


def test_file_order_does_not_change_clusters(articles: list[Path]) -> None:
    assert _clusters(articles) == _clusters(list(reversed(articles)))


def test_worker_processes_give_the_same_clusters(articles: list[Path], monkeypatch) -> None:
    from dedupe import cluster
    from dedupe.engines import local

    monkeypatch.setattr(local, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(local, "TASK_BYTES", 10_000)
    monkeypatch.setattr(local, "PARALLEL_GROUPS", 0)  # bands on threads
    monkeypatch.setattr(cluster, "FORKED_SCORES", 0)  # scores from a forked process
    assert _clusters(articles, jobs=2) == _clusters(articles, jobs=1)


def test_progress_reports_bytes_up_to_the_total(articles: list[Path]) -> None:
    calls: list[tuple[int, int]] = []
    scan(articles, Settings(), progress=lambda done, total: calls.append((done, total)))
    total = sum(path.stat().st_size for path in articles)
    assert calls and all(t == total for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and calls[-1][0] == total


@pytest.mark.parametrize("output_format", ["json", "jsonl", "text"])
def test_reports_rendered_in_slices_are_byte_identical(
    articles: list[Path], runner: CliRunner, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    from dedupe.report import slices

    folder = str(articles[0].parent)
    whole = run_cli(runner, "scan", "-f", output_format, "-j", "1", folder).stdout
    monkeypatch.setattr(slices, "PARALLEL_CLUSTERS", 2)  # slices rendered in forked processes
    sliced = run_cli(runner, "scan", "-f", output_format, "-j", "3", folder).stdout
    if output_format == "text":  # the summary line ends with the seconds taken
        whole, sliced = whole.split("\n", 1)[1], sliced.split("\n", 1)[1]
    assert sliced == whole and whole.count("\n") > 20
