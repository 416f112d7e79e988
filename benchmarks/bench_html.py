"""HTML report: a 10,000-cluster page becomes interactive in headless Chromium within 2 s."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.browser import launch, ten_thousand_clusters, watched_page

from dedupe.report.html import render_html

TARGET_SECONDS = 2.0


@pytest.mark.benchmark(group="html")
def test_ten_thousand_clusters_interactive_within_target(tmp_path: Path) -> None:
    html = tmp_path / "ten-thousand.html"
    html.write_text(render_html(ten_thousand_clusters(), "bench", scanned=["archive/"]), "utf-8")
    with launch() as browser, watched_page(browser) as watched:
        page = watched.page
        start = time.perf_counter()
        page.goto(html.as_uri())
        page.wait_for_selector("html[data-ready='true']")
        page.locator("#clusters > li").nth(1).locator(".toggle").click()
        page.wait_for_selector("#clusters > li .detail .pair del, #clusters > li .detail .pair ins")
        page.keyboard.press("j")
        page.wait_for_selector("#clusters > li.current")
        interactive = time.perf_counter() - start
        assert watched.errors == [] and watched.dialogs == []
    assert interactive < TARGET_SECONDS, f"{interactive:.2f}s to interactive"
