"""Seeded generator of English-like paragraphs, reprints and restyled copies.

Words come from a made-up vocabulary with a Zipf frequency law (a few very common
words, a long tail), so unrelated paragraphs share common bigrams as real prose does.
Shared by the tests and the benchmarks; nothing is downloaded.
"""

from __future__ import annotations

import numpy as np

_SYLLABLES = [
    "ta", "ra", "ne", "lo", "mi", "sa", "ko", "den", "ver", "ing", "ment", "tion", "al", "er",
    "on", "an", "re", "st", "ch", "sh", "th", "pro", "con", "ex", "im", "ple", "ar", "or", "ic",
    "is", "ous", "ful", "ly", "ed", "es", "ca", "po", "li", "ti", "na", "ma", "de", "ge", "be",
]  # fmt: skip


class CorpusMaker:
    """Makes paragraphs and edited copies of them, reproducibly from `seed`."""

    def __init__(self, seed: int, vocabulary: int = 30_000) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = self._vocabulary(vocabulary)
        weights = 1.0 / np.arange(1, len(self.words) + 1) ** 1.07
        self.cumulative = np.cumsum(weights / weights.sum())

    def _vocabulary(self, size: int) -> list[str]:
        words: set[str] = set()
        while len(words) < size:
            counts = self.rng.integers(1, 5, size)
            picks = self.rng.integers(0, len(_SYLLABLES), (size, 4))
            for row, count in zip(picks, counts, strict=True):
                words.add("".join(_SYLLABLES[p] for p in row[:count]))
        return sorted(words, key=lambda w: (len(w), w))[:size]

    def _sample(self, count: int) -> list[str]:
        indexes = np.searchsorted(self.cumulative, self.rng.random(count))
        return [self.words[min(i, len(self.words) - 1)] for i in indexes]

    def lengths(self, count: int, low: int = 10, high: int = 150, median: int = 30) -> list[int]:
        """Paragraph lengths in words: log-normal (many short, a long tail), clipped."""
        raw = self.rng.lognormal(np.log(median), 0.7, count)
        return np.clip(raw.astype(int), low, high).tolist()

    def paragraph(self, words: int) -> str:
        """A paragraph of `words` words in sentences of 6-25 words."""
        tokens = self._sample(words)
        out: list[str] = []
        sentence_left = 0
        for index, token in enumerate(tokens):
            if sentence_left == 0:
                token = token.capitalize()
                sentence_left = int(self.rng.integers(6, 26))
            sentence_left -= 1
            last = index == len(tokens) - 1
            if sentence_left == 0 or last:
                token += "."
            elif self.rng.random() < 0.06:
                token += ","
            out.append(token)
        return " ".join(out)

    def paragraphs(self, count: int, low: int = 10, high: int = 150, median: int = 30) -> list[str]:
        return [self.paragraph(n) for n in self.lengths(count, low, high, median)]

    def edit(self, text: str, level: float) -> str:
        """A reprint: round(level * words) words substituted, inserted or deleted at random."""
        words = text.split()
        for _ in range(max(1, round(level * len(words)))):
            operation = int(self.rng.integers(3))
            position = int(self.rng.integers(len(words)))
            if operation == 0:
                words[position] = self._sample(1)[0]
            elif operation == 1:
                words.insert(position, self._sample(1)[0])
            elif len(words) > 2:
                del words[position]
        return " ".join(words)

    def restyle(self, text: str) -> str:
        """The same words with case, punctuation, quote style and whitespace changed."""
        words = text.split()
        styled = []
        for word in words:
            roll = self.rng.random()
            if roll < 0.1:
                word = word.upper()
            elif roll < 0.2:
                word = f"\u201c{word.strip('.,')}\u201d"
            elif roll < 0.3:
                word = word.rstrip(".,") + ";"
            styled.append(word)
        return "  ".join(styled[: len(styled) // 2]) + " \t " + " ".join(styled[len(styled) // 2 :])
