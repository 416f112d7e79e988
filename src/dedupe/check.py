"""Check drafts against an index: which draft paragraphs repeat a published or earlier one.

The drafts are sketched like a scan. A draft paragraph's matches are earlier draft
paragraphs (exact copies, or LSH candidates among the drafts) and indexed texts sharing a
band key; every match is verified on its words. Each repeating paragraph gives one finding:
its best published match if it has one, else its best earlier draft match.
"""

from __future__ import annotations

import re
import sqlite3
import time
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import xxhash

from dedupe.engines.local import ReadSources, read_sources
from dedupe.index.store import bodies, probe, published
from dedupe.lsh import candidate_pairs
from dedupe.model import (
    CheckResult,
    CheckStats,
    ClusterKind,
    Finding,
    FindingStatus,
    Match,
    MatchSource,
    Paragraph,
)
from dedupe.normalize import tokens
from dedupe.readers import discover
from dedupe.settings import Settings
from dedupe.sketch import SketchedBatch, sketch_batch
from dedupe.verify import similarities, similarity

if TYPE_CHECKING:
    from dedupe.index import Index


@dataclass(frozen=True)
class _Candidate:
    """A verified match of one draft paragraph, before it is chosen and given a status.

    `more` counts further draft paragraphs with the same text as `match`, not shown.
    """

    match: Match
    exact: bytes
    similarity: float
    more: int = 0


def check(
    index: Index, paths: Iterable[str], baseline: frozenset[str] = frozenset()
) -> CheckResult:
    """Findings for the drafts in `paths`; fingerprints in `baseline` are accepted repeats."""
    started = time.perf_counter()
    settings = index.settings
    read = _read(paths, settings)
    batch = sketch_batch(read.paragraphs, settings)
    cutoff = settings.threshold - 1e-9
    in_drafts, draft_pairs = _draft_matches(batch, cutoff)
    in_index, index_pairs = _index_matches(index.db, batch, settings, cutoff)
    findings = []
    for i in range(len(batch.paragraphs)):
        row = int(batch.row[i])
        found = in_index.get(row, []) + in_drafts.get(i, [])
        if found:
            findings.append(_finding(batch, i, found, settings, baseline))
    info = index.db.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM paragraphs)"
    ).fetchone()
    stats = CheckStats(
        files=read.files,
        documents=len(read.documents),
        paragraphs=len(read.paragraphs),
        skipped_short=batch.skipped_short,
        candidates=draft_pairs + index_pairs,
        findings=len(findings),
        new=sum(f.status is FindingStatus.NEW for f in findings),
        indexed_documents=info[0],
        indexed_paragraphs=info[1],
        seconds=round(time.perf_counter() - started, 3),
    )
    return CheckResult(
        settings.describe(), str(index.path), stats, tuple(findings), tuple(read.problems)
    )


def accept(result: CheckResult) -> CheckResult:
    """The same result with every new finding marked baselined (after writing a baseline)."""
    findings = tuple(
        replace(f, status=FindingStatus.BASELINED) if f.status is FindingStatus.NEW else f
        for f in result.findings
    )
    return replace(result, findings=findings, stats=replace(result.stats, new=0))


def fingerprint(draft: Paragraph, draft_exact: bytes, match: Match, match_exact: bytes) -> str:
    """Names the repeat by documents and texts, not lines, so it survives edits around it."""
    parts = (draft.doc, draft_exact.hex(), match.source.value, match.paragraph.doc,
             match_exact.hex())
    return xxhash.xxh3_128_hexdigest("\x1f".join(parts).encode("utf-8"))


def _read(paths: Iterable[str], settings: Settings) -> ReadSources:
    """The drafts' paragraphs in reading order, with the problems met on the way."""
    sources, problems = discover(paths, settings)
    read = read_sources(sources, settings)
    read.paragraphs.sort(key=lambda p: p.sort_key)
    read.problems[:0] = problems
    return read


def _draft_matches(batch: SketchedBatch, cutoff: float) -> tuple[dict[int, list[_Candidate]], int]:
    """Each draft paragraph's verified matches among the paragraphs before it.

    Per matching text, the earliest paragraph holding it stands for the others (`more`), so a
    paragraph repeated a thousand times costs a thousand findings, not a million pairs.
    """
    pairs = candidate_pairs(batch.keys)
    scores = similarities(batch.tokens, pairs, cutoff=cutoff)
    similar: dict[int, list[tuple[int, float]]] = {}
    for (a, b), score in zip(pairs.tolist(), scores.tolist(), strict=True):
        if score >= cutoff:
            similar.setdefault(a, []).append((b, score))
            similar.setdefault(b, []).append((a, score))
    rows = batch.row.tolist()
    holders: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        holders.setdefault(row, []).append(i)
    found: dict[int, list[_Candidate]] = {}
    for i, row in enumerate(rows):
        for other, score in [(row, 1.0), *similar.get(row, [])]:
            before = bisect_left(holders[other], i)
            if before:
                first = holders[other][0]
                match = Match(MatchSource.DRAFT, batch.paragraphs.paragraph(first))
                found.setdefault(i, []).append(
                    _Candidate(match, _exact(batch, first), score, more=before - 1)
                )
    return found, len(pairs) + len(rows) - len(holders)


def _index_matches(
    db: sqlite3.Connection, batch: SketchedBatch, settings: Settings, cutoff: float
) -> tuple[dict[int, list[_Candidate]], int]:
    """Each distinct draft row's verified matches among the indexed texts."""
    first = _first_paragraph(batch)
    probed = probe(db, batch, cutoff)
    texts = bodies(db, sorted({text for found in probed.values() for text in found}))
    words = {text: tokens(body, settings.shingle) for text, body in texts.items()}
    found: dict[int, list[_Candidate]] = {}
    for row, candidates in probed.items():
        draft = tokens(batch.paragraphs.texts[first[row]], settings.shingle)
        for text in candidates:
            score = similarity(draft, words[text])
            if score >= cutoff:
                stored = published(db, text)
                match = Match(MatchSource.INDEX, stored.paragraph, stored.date, stored.url,
                              stored.copies)
                found.setdefault(row, []).append(_Candidate(match, stored.exact, score))
    return found, sum(map(len, probed.values()))


def _finding(
    batch: SketchedBatch,
    index: int,
    found: list[_Candidate],
    settings: Settings,
    baseline: frozenset[str],
) -> Finding:
    best = max(found, key=lambda c: (c.match.source is MatchSource.INDEX, c.similarity))
    draft = batch.paragraphs.paragraph(index)
    draft_exact = _exact(batch, index)
    kind = ClusterKind.EXACT if best.exact == draft_exact else ClusterKind.NEAR
    print_ = fingerprint(draft, draft_exact, best.match, best.exact)
    status = _status(draft, best.match, print_, settings, baseline)
    similarity = 1.0 if kind is ClusterKind.EXACT else best.similarity
    others = sum(1 + candidate.more for candidate in found) - 1
    return Finding(draft, best.match, kind, similarity, status, print_, others)


def _status(
    draft: Paragraph, match: Match, print_: str, settings: Settings, baseline: frozenset[str]
) -> FindingStatus:
    if any(re.search(pattern, draft.text) for pattern in settings.allow):
        return FindingStatus.ALLOWED
    if match.source is MatchSource.INDEX and match.copies >= settings.boilerplate_documents:
        return FindingStatus.BOILERPLATE
    return FindingStatus.BASELINED if print_ in baseline else FindingStatus.NEW


def _exact(batch: SketchedBatch, index: int) -> bytes:
    return bytes(batch.exact[index].tobytes())


def _first_paragraph(batch: SketchedBatch) -> dict[int, int]:
    first: dict[int, int] = {}
    for i, row in enumerate(batch.row.tolist()):
        first.setdefault(row, i)
    return first
