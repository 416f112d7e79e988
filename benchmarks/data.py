"""Seeded benchmark corpora: realistic paragraph lengths with planted exact and near copies.

Shared by `conftest.py` and `compare_pipeline.py`; nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tests.corpus import CorpusMaker

# Length law: many short paragraphs (median 25 words), and a long tail to 1200 words from
# a few long ones (log-normal around 300 words: transcripts, legal text, pasted blobs).
LOW_WORDS, HIGH_WORDS, MEDIAN_WORDS = 5, 1200, 25
LONG_SHARE, LONG_LOW, LONG_MEDIAN = 0.02, 100, 300
EXACT_SHARE = 0.05  # paragraphs that are verbatim copies of another one
RESTYLED_SHARE = 0.02  # copies with case, quotes, punctuation and spacing changed
NEAR_SHARE = 0.08  # reprints with 5-20 % of their words edited
ARTICLE_FILES = 200

Pair = tuple[int, int]


@dataclass(frozen=True)
class BenchCorpus:
    """Paragraphs in reading order, and the (original, copy) index pairs planted in them."""

    texts: list[str]
    exact_pairs: list[Pair]
    near_pairs: list[Pair]

    def __len__(self) -> int:
        return len(self.texts)


def make_corpus(paragraphs: int, seed: int = 2024) -> BenchCorpus:
    """`paragraphs` paragraphs, of which about 15 % are planted copies, in seeded order."""
    maker = CorpusMaker(seed)
    exact = round(paragraphs * (EXACT_SHARE + RESTYLED_SHARE))
    near = round(paragraphs * NEAR_SHARE)
    originals = _originals(maker, paragraphs - exact - near)
    sources = maker.rng.integers(0, len(originals), exact + near).tolist()
    restyled = round(paragraphs * RESTYLED_SHARE)
    copies = [
        maker.restyle(originals[s]) if k < restyled else originals[s]
        for k, s in enumerate(sources[:exact])
    ]
    levels = maker.rng.uniform(0.05, 0.20, near).tolist()
    copies += [maker.edit(originals[s], v) for s, v in zip(sources[exact:], levels, strict=True)]
    texts = originals + copies
    order = maker.rng.permutation(len(texts))
    position = np.empty(len(texts), dtype=np.int64)
    position[order] = np.arange(len(texts))
    planted = [(int(position[s]), int(position[len(originals) + k])) for k, s in enumerate(sources)]
    return BenchCorpus(
        texts=[texts[i] for i in order.tolist()],
        exact_pairs=planted[:exact],
        near_pairs=planted[exact:],
    )


def _originals(maker: CorpusMaker, count: int) -> list[str]:
    long = round(count * LONG_SHARE)
    texts = maker.paragraphs(count - long, LOW_WORDS, HIGH_WORDS, MEDIAN_WORDS)
    return texts + maker.paragraphs(long, LONG_LOW, HIGH_WORDS, LONG_MEDIAN)


def _article_bounds(count: int, files: int) -> list[tuple[int, int]]:
    bounds = np.linspace(0, count, files + 1).round().astype(int).tolist()
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def _article_name(number: int) -> str:
    return f"article_{number:04d}.txt"


def write_articles(texts: Sequence[str], folder: Path, files: int = ARTICLE_FILES) -> list[Path]:
    """`texts` split over `files` .txt articles, paragraphs separated by blank lines."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, (begin, end) in enumerate(_article_bounds(len(texts), files)):
        path = folder / _article_name(number)
        path.write_text("\n\n".join(texts[begin:end]) + "\n", encoding="utf-8")
        written.append(path)
    return written


def article_ids(count: int, files: int = ARTICLE_FILES) -> list[tuple[str, int]]:
    """(file name, 1-based paragraph number) of each paragraph `write_articles` wrote."""
    return [
        (_article_name(number), index - begin + 1)
        for number, (begin, end) in enumerate(_article_bounds(count, files))
        for index in range(begin, end)
    ]


def word_shingles(words: Sequence[str], ngram: int) -> list[str]:
    """Word n-grams joined by spaces, as a datasketch or rensa user builds them."""
    if len(words) <= ngram:
        return [" ".join(words)]
    return [" ".join(words[i : i + ngram]) for i in range(len(words) - ngram + 1)]
