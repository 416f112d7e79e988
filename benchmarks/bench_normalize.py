"""normalize + tokenize: dedupe's NFKC/casefold/punctuation folding vs regex tokenizers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import pytest

from benchmarks import ours
from benchmarks.data import BenchCorpus
from benchmarks.reference import regex_tokens
from benchmarks.timing import Measure
from dedupe import Settings

pytestmark = pytest.mark.benchmark(group="normalize")

_WORD = re.compile(r"[^\W_]+")


def regex_token_lists(texts: Sequence[str]) -> list[list[str]]:
    """What the reference pipeline does: lower() and a word regex."""
    return [regex_tokens(text) for text in texts]


def unicode_token_lists(texts: Sequence[str]) -> list[list[str]]:
    """A regex tokenizer with dedupe's Unicode care: NFKC and casefold first."""
    return [_WORD.findall(unicodedata.normalize("NFKC", text).casefold()) for text in texts]


def test_dedupe(measure: Measure, corpus: BenchCorpus, settings: Settings) -> None:
    found = measure("dedupe normalize.tokens", ours.token_lists, corpus.texts, settings, ours=True)
    assert len(found) == len(corpus)
    assert all(found)


@pytest.mark.parametrize(
    ("name", "tokenize"),
    [("regex lower + \\w+", regex_token_lists), ("NFKC + casefold + regex", unicode_token_lists)],
    ids=["regex", "nfkc-regex"],
)
def test_reference(
    measure: Measure,
    corpus: BenchCorpus,
    token_lists: list[list[str]],
    name: str,
    tokenize: Callable[[Sequence[str]], list[list[str]]],
) -> None:
    found = measure(name, tokenize, corpus.texts)
    assert found == token_lists  # same words on this corpus: the comparison is like for like
