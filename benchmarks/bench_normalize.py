"""normalize + tokenize: dedupe's NFKC/casefold/punctuation folding vs regex tokenizers.

dedupe's side is its batch tokenizer: folded text, token hashes and exact keys of every
paragraph; the references make lists of word strings.
"""

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
    found = measure("dedupe sketch.tokenize", ours.tokenized, corpus.texts, settings, ours=True)
    lengths = [length for batch in found for length in batch.tokens.lengths.tolist()]
    assert lengths == [len(words) for words in ours.token_lists(corpus.texts, settings)]


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
