"""The check's format dispatcher: each name reaches its renderer with its options."""

from __future__ import annotations

import pytest

from dedupe.report.check_formats import CHECK_FORMATS, render_check
from dedupe.report.check_html import render_check_html
from dedupe.report.check_json import render_check_json
from dedupe.report.check_text import render_check_text
from dedupe.report.github import render_github
from dedupe.report.sarif import render_sarif
from tests.checks import mixed


def test_each_format_reaches_its_renderer() -> None:
    check = mixed()
    assert CHECK_FORMATS == ("text", "json", "github", "sarif", "html")
    assert render_check(check, "text", "1", color=True) == render_check_text(check, color=True)
    assert render_check(check, "json", "1", timings=True) == render_check_json(check, "1", True)
    assert render_check(check, "github", "1") == render_github(check)
    assert render_check(check, "sarif", "1", information_uri="https://x.example") == (
        render_sarif(check, "1", "https://x.example")
    )
    assert render_check(check, "html", "1", drafts=["d/"], timings=True) == render_check_html(
        check, "1", drafts=["d/"], timings=True
    )


def test_options_only_touch_their_format() -> None:
    check = mixed()
    assert "\x1b[" not in render_check(check, "json", "1", color=True)
    assert '"seconds"' not in render_check(check, "sarif", "1", timings=True)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown check format 'xml'; expected one of text"):
        render_check(mixed(), "xml", "1")
