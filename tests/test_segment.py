"""Segmentation of plain text into paragraphs (DESIGN.md section 1, "segment")."""

from __future__ import annotations

import pytest

from dedupe.segment import Block, split_text
from tests.conftest import SEED_FILE


def spans(text: str) -> list[tuple[int, int]]:
    return [(block.line, block.end_line) for block in split_text(text)]


def test_seed_article_paragraphs_and_lines() -> None:
    blocks = split_text(SEED_FILE.read_text(encoding="utf-8"))
    assert len(blocks) == 17
    assert [(b.line, b.end_line) for b in blocks] == [
        (1, 1),
        (3, 3),
        (4, 4),
        (5, 5),
        (6, 6),
        (7, 7),
        (8, 9),
        (11, 11),
        (13, 13),
        (15, 15),
        (17, 17),
        (19, 19),
        (21, 21),
        (23, 23),
        (25, 25),
        (27, 27),
        (29, 29),
    ]
    dateline, joined = blocks[3], blocks[6]
    assert dateline.text == "2 min read" and blocks[4].text == "16 December, 2016"
    assert joined.text.startswith("Russia is seeking") and "Russian President" in joined.text
    assert blocks[12].text == blocks[15].text  # the repeated war-crimes paragraph


def test_blank_lines_separate_and_text_is_kept() -> None:
    assert split_text("First one.\n\nSecond one.\n") == [
        Block("First one.", 1, 1),
        Block("Second one.", 3, 3),
    ]


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("The mayor said on Monday,", "The plan is dead.", True),
        ("Three things matter;", "Money comes first.", True),
        ("He listed them:", "Roads, schools and parks.", True),
        ("The long-", "Awaited report came out.", True),
        ("The long -", "Awaited report came out.", True),
        ("A well\u2010", "Known fact.", True),
        ("The report was", "published on Friday.", True),
        ("The report was", "Published on Friday.", False),
        ("The report was published.", "it came late.", False),
        ("Was it published?", "nobody knows.", False),
        ("What a day!", "they said.", False),
        ('He said "it is done."', "then left.", False),
        ("He paused\u2026", "then left.", False),
        ("Headline Without Punctuation", "Standfirst follows here.", False),
        ("16 December, 2016", "Negotiations continued.", False),
        ("2 min read", "16 December", False),
    ],
    ids=[
        "comma",
        "semicolon",
        "colon",
        "hyphen",
        "spaced-hyphen",
        "unicode-hyphen",
        "no-punct-lower",
        "no-punct-upper",
        "full-stop-lower",
        "question-lower",
        "exclamation-lower",
        "quoted-full-stop",
        "ellipsis",
        "headline-standfirst",
        "comma-in-dateline",
        "digit-start",
    ],
)
def test_joining_rules(first: str, second: str, joined: bool) -> None:
    blocks = split_text(f"{first}\n{second}\n")
    if joined:
        assert blocks == [Block(f"{first}\n{second}", 1, 2)]
    else:
        assert blocks == [Block(first, 1, 1), Block(second, 2, 2)]


def test_trailing_spaces_do_not_hide_a_joining_comma() -> None:
    assert spans("Russia is seeking a ceasefire, \t\nsaid the president on Friday.\n") == [(1, 2)]


def test_a_chain_of_joins_spans_all_its_lines() -> None:
    text = "One, two,\nthree and\nfour; then\nfive.\nSix.\n"
    assert spans(text) == [(1, 4), (5, 5)]


@pytest.mark.parametrize(
    "blank",
    ["", "   ", "\t", " \t  ", "\u00a0"],
    ids=["empty", "spaces", "tab", "mixed", "nbsp"],
)
def test_whitespace_only_lines_separate(blank: str) -> None:
    # Without the blank line the comma would join the two lines.
    text = f"The first paragraph ends,\n{blank}\nand this is another one.\n"
    assert spans(text) == [(1, 1), (3, 3)]


def test_many_blank_lines_and_leading_blank_lines_keep_numbers() -> None:
    text = "\n\n   \nFirst paragraph here.\n\n\n\nSecond paragraph here.\n\n"
    assert spans(text) == [(4, 4), (8, 8)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_endings_give_the_same_paragraphs(newline: str) -> None:
    lines = ["Headline Here", "", "A paragraph that goes on,", "over two lines.", "", "  ", "End."]
    blocks = split_text(newline.join(lines) + newline)
    assert blocks == [
        Block("Headline Here", 1, 1),
        Block("A paragraph that goes on,\nover two lines.", 3, 4),
        Block("End.", 7, 7),
    ]
    assert not any("\r" in block.text for block in blocks)


def test_seed_article_with_crlf_matches_lf() -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    assert split_text(text.replace("\n", "\r\n")) == split_text(text)


def test_first_line_offsets_numbers() -> None:
    assert split_text("One.\n\nTwo.", first_line=10) == [
        Block("One.", 10, 10),
        Block("Two.", 12, 12),
    ]


@pytest.mark.parametrize(
    "text", ["", "\n", "   \n\t\n", "\r\n\r\n"], ids=["empty", "lf", "ws", "crlf"]
)
def test_no_paragraphs_in_blank_text(text: str) -> None:
    assert split_text(text) == []


def test_text_without_final_newline() -> None:
    assert split_text("Only line, no newline") == [Block("Only line, no newline", 1, 1)]
