"""Sketching a batch: one pass over the batch's text gives what one text alone would."""

from __future__ import annotations

import numpy as np
import pytest

from dedupe.normalize import tokens
from dedupe.settings import Settings, ShingleKind
from dedupe.shingle import TokenHasher
from dedupe.sketch import exact_key, tokenize

TEXTS = [
    "The council approved the budget.",
    "THE COUNCIL   approved the budget",
    "Ünïcode’s “quotes” and\u00a0spaces, ok",
    "",
    "...",
    "日本語の文章、です。",
]


@pytest.mark.parametrize("kind", list(ShingleKind), ids=lambda k: k.value)
def test_tokens_and_keys_as_for_each_text_alone(kind: ShingleKind) -> None:
    settings = Settings(shingle=kind)
    batch = tokenize(TEXTS, settings)
    hasher = TokenHasher(settings.seed)
    for index, text in enumerate(TEXTS):
        words = tokens(text, kind)
        expected, _ = hasher.hash_all([words])
        assert batch.tokens.sequence(index) == expected.tolist()
        assert batch.keys[index] == exact_key(words)
        alone = tokenize([text], settings)
        assert alone.keys == [batch.keys[index]]
    assert batch.keys[0] == batch.keys[1] != batch.keys[2]


def test_long_text_is_cut_into_pieces_without_changing_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = " ".join(f"Word{i % 97}, and-more" for i in range(3000))
    settings = Settings()
    whole = tokenize(["short text here", text], settings)
    monkeypatch.setattr("dedupe.sketch.LONG_TEXT", 1000)
    monkeypatch.setattr("dedupe.sketch.CHUNK_TEXT", 5000)
    pieces = tokenize(["short text here", text], settings)
    assert pieces.keys == whole.keys
    np.testing.assert_array_equal(pieces.tokens.flat, whole.tokens.flat)
    np.testing.assert_array_equal(pieces.tokens.lengths, whole.tokens.lengths)
