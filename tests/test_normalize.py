"""Normalization: what two paragraphs are compared on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe.normalize import _TABLE, _translate, fold_batch, normalize, tokens
from dedupe.settings import ShingleKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin 'seeking Syria-wide ceasefire'", "putin seeking syria wide ceasefire"),
        ("Kazakhstan’s capital", "kazakhstans capital"),
        ("“Quoted” — dashed – text…", "quoted dashed text"),
        ("non\u00a0breaking\u2009spaces\tand\n\nlines", "non breaking spaces and lines"),
        ("ＦＵＬＬＷＩＤＴＨ ﬁne STRASSE Straße", "fullwidth fine strasse strasse"),
        ("snake_case and 4,000 people", "snake case and 4 000 people"),
        ("हिन्दी भाषा।", "हिन्दी भाषा"),
        ("日本語の文章、です。", "日本語の文章 です"),
    ],
    ids=[
        "quotes",
        "apostrophe",
        "typography",
        "spaces",
        "nfkc-casefold",
        "underscore-digits",
        "indic-marks",
        "cjk",
    ],
)
def test_normalize_examples(text: str, expected: str) -> None:
    assert normalize(text) == expected


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@given(st.text())
def test_normalized_text_has_single_spaces_and_no_case(text: str) -> None:
    result = normalize(text)
    assert "  " not in result and result == result.strip()
    assert result == result.casefold() or normalize(result.casefold()) == result


def test_surface_changes_do_not_change_tokens() -> None:
    original = "The council approved the new budget, after a long debate."
    restyled = "THE   council “approved” the new budget; after a long debate!"
    assert tokens(original, ShingleKind.WORD) == tokens(restyled, ShingleKind.WORD)


def test_char_tokens_drop_spaces() -> None:
    assert tokens("日本 語!", ShingleKind.CHAR) == ["日", "本", "語"]


@given(st.lists(st.text(), max_size=8))
def test_batch_fold_gives_each_text_its_normalized_words(texts: list[str]) -> None:
    texts = [*texts, "Plain ASCII, it's\x00here", "Ünïcode’s “quotes”"]
    parts = fold_batch(texts).split(b"\x00")
    assert [[w for w in part.split(b" ") if w] for part in parts] == [
        normalize(text).encode().split() for text in texts
    ]


@given(st.text())
def test_translate_matches_str_translate(text: str) -> None:
    assert _translate(text) == text.translate(_TABLE)
