"""Headless Chromium for the browser tests: Debian's `chromium`, driven by Playwright.

Playwright's own browser download is not used (CI has no access to it): we launch the
system executable, in a fresh temporary profile, with no network side traffic. A missing
browser is a failure with the command that fixes it, never a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Error, Page, sync_playwright
from rapidfuzz.distance import Indel

from dedupe.model import Cluster, ClusterKind, Member, Paragraph, ScanResult, Stats
from tests.corpus import CorpusMaker

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_executable() -> str:
    """The system Chromium (`$CHROMIUM` overrides); raises with the install command if absent."""
    found = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        raise RuntimeError(
            "Chromium not found: install it with `apt-get install chromium` (see .ci/run)"
        )
    return found


@contextmanager
def launch() -> Iterator[Browser]:
    """A headless Chromium; each context Playwright makes in it gets a fresh profile."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A page with what went wrong on it: console errors, uncaught exceptions, dialogs."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        """Load a report from disk and wait until its script has drawn the list."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("html[data-ready='true']")


@contextmanager
def watched_page(browser: Browser, width: int = 1280, height: int = 900) -> Iterator[Watched]:
    """A new page in its own context that records errors and dismisses (and records) dialogs."""
    context = browser.new_context(viewport={"width": width, "height": height})
    watched = Watched(context.new_page())

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.errors.append(message.text)

    def on_page_error(error: Error) -> None:
        watched.errors.append(str(error))

    def on_dialog(dialog: Dialog) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    watched.page.on("console", on_console)
    watched.page.on("pageerror", on_page_error)
    watched.page.on("dialog", on_dialog)
    try:
        yield watched
    finally:
        context.close()


def ten_thousand_clusters(seed: int = 7) -> ScanResult:
    """10,000 clusters: a third exact, the rest reprints with 10-15 % of words edited."""
    maker = CorpusMaker(seed, vocabulary=5_000)
    clusters = []
    for index in range(10_000):
        text = maker.paragraph(30)
        exact = index % 3 == 0
        copies = [text] if exact else [maker.edit(text, 0.1)]
        if index % 5 == 0:
            copies.append(text if exact else maker.edit(text, 0.15))
        clusters.append(cluster_of(index + 1, text, copies, exact=exact))
    stats = Stats(files=250, documents=250, paragraphs=23_000, clusters=len(clusters))
    settings: dict[str, object] = {"threshold": 0.8, "min_words": 5}
    return ScanResult(settings, stats, tuple(clusters))


def cluster_of(number: int, text: str, copies: list[str], *, exact: bool) -> Cluster:
    """A cluster of `text` and its copies, spread over files of a made-up archive."""
    paths = [f"archive/{(number + offset * 7) % 250:03d}.txt" for offset in range(len(copies) + 1)]
    members = []
    for path, copy in zip(paths, [text, *copies], strict=True):
        similarity = Indel.normalized_similarity(text.split(), copy.split())
        paragraph = Paragraph(path, path, 0, number, number, number, copy)
        members.append(Member(paragraph, similarity, similarity, similarity))
    return Cluster(number, ClusterKind.EXACT if exact else ClusterKind.NEAR, tuple(members))
