"""The check's HTML page in headless Chromium: findings listed with status, diffs drawn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dedupe.report.check_html import render_check_html
from tests.browser import Watched, launch, watched_page
from tests.checks import mixed


@pytest.fixture
def page() -> Iterator[Watched]:
    with launch() as browser, watched_page(browser) as watched:
        yield watched
        assert watched.errors == [] and watched.dialogs == []


def test_findings_show_status_and_the_draft_diff(page: Watched, tmp_path: Path) -> None:
    report = tmp_path / "check.html"
    report.write_text(render_check_html(mixed(), "1", drafts=["drafts/"]), encoding="utf-8")
    page.open(report)
    items = page.page.locator("#clusters > li")
    expect(items).to_have_count(3)
    expect(page.page.locator(".status-badge")).to_have_text(["new", "baselined", "allowed"])
    items.nth(0).locator("button.toggle").click()
    draft_side = items.nth(0).locator(".side.other")
    expect(draft_side.locator(".where")).to_have_text("drafts/budget.md:1-2")
    expect(draft_side.locator("ins")).to_have_text(["a", "the", "night."])
