"""The local engine: read and sketch in worker processes, then match in this one.

Reading, segmenting, normalizing, hashing and signatures run in `jobs` processes over
tasks of a few MB of input each; band keys come back, and this process groups exact
copies, finds LSH candidates among the groups, verifies them and builds clusters.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np

from dedupe.cluster import build_clusters
from dedupe.engines.workers import ordered_map, return_freed_memory
from dedupe.groups import ExactGroups
from dedupe.lsh import LargeBuckets, Pairs, band_pairs, first_seen
from dedupe.model import Cluster, Document, Paragraph, Problem, ScanResult, Stats
from dedupe.readers import Source, discover, load
from dedupe.settings import Settings
from dedupe.shingle import I64, U64, TokenHasher
from dedupe.sketch import SketchedBatch, sketch_batch
from dedupe.verify import Encoded, Vocabulary, compare, within_length_bound

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)

TASK_BYTES = 2 << 20
TASK_FILES = 256
BATCH_PARAGRAPHS = 20_000
# Below this much input, starting worker processes costs more than it saves.
PARALLEL_BYTES = 8 << 20
# Below this many paragraphs, matching on threads costs more than it saves.
PARALLEL_GROUPS = 10_000
# Candidates are verified this many pairs at a time, which bounds memory when a large
# corpus yields tens of millions of candidate pairs.
VERIFY_PAIRS = 250_000


@dataclass
class TaskResult:
    """What one task read and sketched; `documents` carry their metadata, not paragraphs."""

    files: int
    documents: list[Document]
    size: int
    batches: list[SketchedBatch]
    problems: list[Problem]


@dataclass
class ReadSources:
    """The paragraphs of some sources; `documents` carry their metadata, not paragraphs."""

    files: int
    documents: list[Document]
    paragraphs: list[Paragraph]
    problems: list[Problem]


def read_sources(sources: Sequence[Source], settings: Settings) -> ReadSources:
    """Read and segment `sources`; a file that cannot be read is a problem, not an error."""
    read = ReadSources(0, [], [], [])
    for source in sources:
        loaded = load(source, settings)
        read.problems.extend(loaded.problems)
        read.documents.extend(dataclasses.replace(d, paragraphs=()) for d in loaded.documents)
        read.files += bool(loaded.documents) or not loaded.problems
        read.paragraphs.extend(p for document in loaded.documents for p in document.paragraphs)
    return read


def sketch_sources(sources: Sequence[Source], settings: Settings) -> TaskResult:
    """Read the sources of one task and sketch their paragraphs in batches."""
    hasher = TokenHasher(settings.seed)
    read = read_sources(sources, settings)
    paragraphs = read.paragraphs
    batches = [
        sketch_batch(paragraphs[begin : begin + BATCH_PARAGRAPHS], settings, hasher)
        for begin in range(0, len(paragraphs), BATCH_PARAGRAPHS)
    ]
    return TaskResult(read.files, read.documents, sum(s.size for s in sources), batches,
                      read.problems)


def plan_tasks(sources: Sequence[Source]) -> list[list[Source]]:
    """Sources grouped into tasks of about TASK_BYTES (a larger file is a task of its own)."""
    tasks: list[list[Source]] = []
    current: list[Source] = []
    size = 0
    for source in sources:
        if current and (size + source.size > TASK_BYTES or len(current) >= TASK_FILES):
            tasks.append(current)
            current, size = [], 0
        current.append(source)
        size += source.size
    if current:
        tasks.append(current)
    return tasks


def worker_count(settings: Settings) -> int:
    return settings.jobs or os.cpu_count() or 1


def run_tasks(tasks: list[list[Source]], settings: Settings) -> Iterator[TaskResult]:
    """Task results in task order, from worker processes when it is worth it."""
    jobs = min(worker_count(settings), len(tasks))
    if jobs <= 1 or sum(s.size for task in tasks for s in task) < PARALLEL_BYTES:
        yield from (sketch_sources(task, settings) for task in tasks)
        return
    yield from ordered_map(partial(sketch_sources, settings=settings), tasks, jobs)


class Matcher:
    """Collects sketched batches; groups exact copies; finds, verifies and clusters pairs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.batches: list[SketchedBatch] = []
        self.skipped_short = 0
        self.paragraphs = 0

    def add(self, batch: SketchedBatch) -> None:
        self.batches.append(batch)
        self.skipped_short += batch.skipped_short
        self.paragraphs += len(batch.paragraphs) + batch.skipped_short

    def finish(self, workers: int) -> tuple[tuple[Cluster, ...], int, int]:
        """Clusters, number of candidate pairs and of verified pairs (exact links included).

        Bands are worked on in order, `workers` at a time on threads (sorting and rapidfuzz
        release the GIL): each finds its new candidate pairs and verifies them. With several
        workers, the first bands are sorted while the texts are still being encoded. Small
        scans match on this thread alone.
        """
        tables = [batch.tokens for batch in self.batches]
        workers = workers if self.paragraphs - self.skipped_short >= PARALLEL_GROUPS else 1
        bands = range(self.settings.bands)
        if workers > 1:
            with ThreadPoolExecutor(workers) as pool:
                vocabulary = pool.submit(Vocabulary, tables)  # while the groups are made
                groups = self._groups()
                encoding = pool.submit(lambda: groups.tokens.encoded(vocabulary.result(), workers))
                found = list(pool.map(self._verifier(groups, encoding, workers).links, bands))
        else:
            groups = self._groups()
            encoding = Future()
            encoding.set_result(groups.tokens.encoded(Vocabulary(tables)))
            found = list(map(self._verifier(groups, encoding, 1).links, bands))
        encoded = encoding.result()
        candidates = sum(band.candidates for band in found)
        links = np.concatenate([band.links for band in found] or [np.empty((0, 2), np.int64)])
        log.info("LSH: %d distinct paragraphs, %d candidate pairs; %d within the length "
                 "bound, %d at or above %.2f", len(groups), candidates,
                 sum(band.checked for band in found), len(links), self.settings.threshold)
        clusters = build_clusters(groups, links, self.settings.shingle_size, encoded, workers)
        return clusters, candidates + groups.exact_links, len(links) + groups.exact_links

    def _groups(self) -> ExactGroups:
        groups = ExactGroups(self.batches, self.settings.bands)
        return_freed_memory()
        return groups

    def _verifier(
        self, groups: ExactGroups, encoding: Future[Encoded], workers: int
    ) -> BandVerifier:
        cutoff = self.settings.threshold - 1e-9
        return BandVerifier(groups.keys, groups.tokens.lengths, encoding, cutoff, workers)


@dataclass(frozen=True)
class BandLinks:
    """What one band found: new candidate pairs, those within the length bound, and the
    verified ones."""

    candidates: int
    checked: int
    links: Pairs


class BandVerifier:
    """Finds and verifies the candidate pairs of each band; bands may run on threads.

    A band needs the large buckets of the bands before it (`lsh.first_seen`); each band
    publishes its own as soon as it is sorted, and threads take bands in order, so a band
    waits only for bands already under way. Verifying waits for `encoding` (the texts as
    `Vocabulary.encode` gives them), which a thread ahead of the bands computes.
    """

    def __init__(
        self, keys: U64, lengths: I64, encoding: Future[Encoded], cutoff: float, workers: int
    ) -> None:
        self.keys, self.lengths, self.encoding, self.cutoff = keys, lengths, encoding, cutoff
        self.workers = workers
        self.large: list[Future[LargeBuckets]] = [Future() for _ in range(keys.shape[1])]

    def links(self, band: int) -> BandLinks:
        """The band's new candidate pairs, checked by length, then verified in chunks."""
        pairs, large = band_pairs(self.keys, band)
        self.large[band].set_result(large)
        earlier = [future.result() for future in self.large[:band]]
        pairs = first_seen(self.keys, pairs, earlier)
        within = pairs[within_length_bound(self.lengths, pairs, self.cutoff)]
        found = [np.empty((0, 2), dtype=np.int64)]
        encoded = self.encoding.result()
        for begin in range(0, len(within), VERIFY_PAIRS):
            chunk = within[begin : begin + VERIFY_PAIRS]
            scores = compare(encoded, chunk, workers=self.workers, cutoff=self.cutoff)
            found.append(chunk[scores >= self.cutoff])
        return_freed_memory()
        return BandLinks(len(pairs), len(within), np.concatenate(found))


def scan(paths: Sequence[str], settings: Settings, progress: Progress | None = None) -> ScanResult:
    """Scan `paths` on this machine."""
    started = time.perf_counter()
    sources, problems = discover(paths, settings)
    total = sum(s.size for s in sources)
    matcher = Matcher(settings)
    files = documents = done = 0
    for result in run_tasks(plan_tasks(sources), settings):
        files += result.files
        documents += len(result.documents)
        problems.extend(result.problems)
        for batch in result.batches:
            matcher.add(batch)
        done += result.size
        if progress:
            progress(done, total)
    log.info("read and sketched %d files, %d documents in %.2fs", files, documents,
             time.perf_counter() - started)
    clusters, candidates, verified = matcher.finish(worker_count(settings))
    log.info("%d clusters in %.2fs", len(clusters), time.perf_counter() - started)
    stats = Stats(
        files=files,
        documents=documents,
        paragraphs=matcher.paragraphs,
        skipped_short=matcher.skipped_short,
        candidates=candidates,
        verified_pairs=verified,
        clusters=len(clusters),
        seconds=round(time.perf_counter() - started, 3),
    )
    return ScanResult(settings.describe(), stats, clusters, tuple(problems))
