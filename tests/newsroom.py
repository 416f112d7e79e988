"""A generated newsroom: published articles on disk, and drafts that reuse some of them."""

from __future__ import annotations

from pathlib import Path

from dedupe.normalize import tokens
from dedupe.settings import ShingleKind
from dedupe.verify import similarity
from tests.corpus import CorpusMaker


class Newsroom:
    """`articles[i]` is the list of paragraphs of `published/article-{i:03}.txt`."""

    def __init__(self, root: Path, articles: int = 40, seed: int = 11) -> None:
        self.maker = CorpusMaker(seed)
        self.root = root
        self.published = root / "published"
        self.published.mkdir(parents=True)
        self.articles = [self.maker.paragraphs(6, low=25, high=80, median=40)
                         for _ in range(articles)]
        for number, paragraphs in enumerate(self.articles):
            self.path(number).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")

    def path(self, article: int) -> Path:
        return self.published / f"article-{article:03}.txt"

    def line(self, article: int, paragraph: int) -> int:
        """The 1-based line of a published paragraph (one line each, blank lines between)."""
        return 2 * paragraph + 1

    def edited(self, text: str, level: float) -> str:
        """An edited copy whose word similarity to `text` is still at least 0.8."""
        while True:
            copy = self.maker.edit(text, level)
            words = (tokens(t, ShingleKind.WORD) for t in (text, copy))
            if 0.8 <= similarity(*words) < 1.0:
                return copy

    def fresh(self, count: int) -> list[str]:
        """Paragraphs never published."""
        return self.maker.paragraphs(count, low=25, high=60, median=35)

    def draft(self, name: str, paragraphs: list[str]) -> Path:
        path = self.root / name
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        return path
