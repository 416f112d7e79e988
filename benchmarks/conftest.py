"""Seeded benchmark corpora, the `measure` fixture, and the ratio table printed at the end.

Quick mode (default, for CI): one corpus of 2,000 paragraphs. Full mode
(`DEDUPE_BENCH_FULL=1` or `--bench-full`): 20,000 and 200,000 paragraphs.
`--bench-paragraphs 5000,50000` picks the sizes explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from benchmarks import ours
from benchmarks.data import BenchCorpus, make_corpus, write_articles
from benchmarks.reference import shingle_strings
from benchmarks.timing import Measure, Recorder
from dedupe import Settings

QUICK_SIZES = (2_000,)
FULL_SIZES = (20_000, 200_000)
RECORDER = pytest.StashKey[Recorder]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dedupe benchmarks")
    group.addoption("--bench-full", action="store_true", help="corpora of 20k and 200k paragraphs")
    group.addoption("--bench-paragraphs", default="", help="corpus sizes, comma-separated")


def corpus_sizes(config: pytest.Config) -> tuple[int, ...]:
    chosen = str(config.getoption("--bench-paragraphs"))
    if chosen:
        return tuple(int(size) for size in chosen.split(","))
    full = config.getoption("--bench-full") or os.environ.get("DEDUPE_BENCH_FULL", "") == "1"
    return FULL_SIZES if full else QUICK_SIZES


def pytest_configure(config: pytest.Config) -> None:
    config.stash[RECORDER] = Recorder()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "corpus_size" in metafunc.fixturenames:
        sizes = corpus_sizes(metafunc.config)
        metafunc.parametrize("corpus_size", sizes, ids=[f"{s}p" for s in sizes], scope="session")


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    recorder = config.stash.get(RECORDER, None)
    if recorder is None or not recorder.timings:
        return
    how = "best of several rounds" if recorder.repeated else (
        "pytest-benchmark timings disabled: one unrepeated run each, indicative only")
    terminalreporter.write_sep("=", "dedupe vs references: ratio = reference time / dedupe time")
    terminalreporter.write_line(f"(> 1 means dedupe is faster; {how})")
    for line in recorder.table() + recorder.notes:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def recorder(pytestconfig: pytest.Config) -> Recorder:
    return pytestconfig.stash[RECORDER]


@pytest.fixture
def measure(benchmark: BenchmarkFixture, recorder: Recorder, corpus_size: int) -> Measure:
    return Measure(benchmark, recorder, corpus_size)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def corpus(corpus_size: int) -> BenchCorpus:
    return make_corpus(corpus_size)


@pytest.fixture(scope="session")
def token_lists(corpus: BenchCorpus, settings: Settings) -> list[list[str]]:
    return ours.token_lists(corpus.texts, settings)


@pytest.fixture(scope="session")
def shingle_texts(token_lists: list[list[str]], settings: Settings) -> list[list[str]]:
    """Word n-grams joined as strings, as rensa users feed them."""
    return list(shingle_strings(token_lists, settings.shingle_size))


@pytest.fixture(scope="session")
def signature_matrix(corpus: BenchCorpus, settings: Settings) -> ours.U32:
    return ours.signature_matrix(corpus.texts, settings)


@pytest.fixture(scope="session")
def candidates(signature_matrix: ours.U32, settings: Settings) -> ours.Pairs:
    return ours.lsh_candidates(signature_matrix, settings)


@pytest.fixture(scope="session")
def articles(corpus: BenchCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus as ~200 .txt articles, paragraphs separated by blank lines."""
    folder = tmp_path_factory.mktemp(f"articles-{len(corpus)}")
    write_articles(corpus.texts, folder)
    return folder
