"""Reprint corpus and recall measurement, shared by the recall test and the README figures.

Each original paragraph gets at most one copy (edited at 5/10/20/30 % of its words, or
only restyled), so every other pair is unrelated. Run `python -m tests.reprints` to print
the table quoted in the README.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from dedupe import ScanResult, Settings, scan
from dedupe.normalize import tokens
from dedupe.verify import similarity
from tests.corpus import CorpusMaker

LEVELS = ("5%", "10%", "20%", "30%", "restyled")


@dataclass(frozen=True)
class Reprint:
    original: str
    copy: str
    level: str
    similarity: float


def write_corpus(folder: Path, originals: int = 1100, seed: int = 7) -> list[Reprint]:
    """A JSONL corpus of `originals` paragraphs plus one copy of each; returns the copies."""
    maker = CorpusMaker(seed)
    texts = maker.paragraphs(originals, low=10, high=150, median=35)
    records = [{"id": f"o{i}", "text": text} for i, text in enumerate(texts)]
    reprints = []
    for index, text in enumerate(texts):
        level = LEVELS[index % len(LEVELS)]
        copy = (
            maker.restyle(text) if level == "restyled" else maker.edit(text, int(level[:-1]) / 100)
        )
        records.append({"id": f"c{index}", "text": copy})
        score = similarity(tokens(text, Settings().shingle), tokens(copy, Settings().shingle))
        reprints.append(Reprint(f"o{index}", f"c{index}", level, score))
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (folder / "reprints.jsonl").write_text(lines, encoding="utf-8")
    return reprints


def clustered_pairs(result: ScanResult) -> set[frozenset[str]]:
    """Every pair of documents that share a cluster."""
    pairs: set[frozenset[str]] = set()
    for cluster in result.clusters:
        docs = [m.paragraph.doc for m in cluster.members]
        pairs.update(frozenset((a, b)) for i, a in enumerate(docs) for b in docs[i + 1 :])
    return pairs


def recall_by_level(
    reprints: list[Reprint], found: set[frozenset[str]], threshold: float
) -> dict[str, tuple[int, int]]:
    """(found, expected) per level, over the reprints at or above the threshold."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for reprint in reprints:
        if reprint.similarity >= threshold:
            table[reprint.level][1] += 1
            table[reprint.level][0] += frozenset((reprint.original, reprint.copy)) in found
    return {level: (table[level][0], table[level][1]) for level in LEVELS if level in table}


def main(folder: Path) -> None:
    reprints = write_corpus(folder)
    settings = Settings()
    result = scan([folder], settings)
    table = recall_by_level(reprints, clustered_pairs(result), settings.threshold)
    out = sys.stdout
    out.write("| edit level | pairs >= 0.8 | found | recall | all pairs at that level |\n")
    out.write("|---|---|---|---|---|\n")
    for level, (hit, expected) in table.items():
        total = sum(1 for r in reprints if r.level == level)
        out.write(f"| {level} | {expected} | {hit} | {hit / expected:.4f} | {total} |\n")
    out.write(
        f"\nparagraphs {result.stats.paragraphs}, candidate pairs {result.stats.candidates}, "
        f"verified {result.stats.verified_pairs}, clusters {result.stats.clusters}\n"
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        main(Path(tmp))
