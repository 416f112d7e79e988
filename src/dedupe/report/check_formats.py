"""One entry point for the check's reports, so the CLI picks a format by name."""

from __future__ import annotations

from collections.abc import Sequence

from dedupe.model import CheckResult
from dedupe.report.check_html import render_check_html
from dedupe.report.check_json import render_check_json
from dedupe.report.check_text import render_check_text
from dedupe.report.github import render_github
from dedupe.report.sarif import render_sarif

CHECK_FORMATS = ("text", "json", "github", "sarif", "html")


def render_check(
    result: CheckResult,
    fmt: str,
    version: str,
    *,
    color: bool = False,
    timings: bool = False,
    information_uri: str | None = None,
    drafts: Sequence[str] = (),
) -> str:
    """The check in format `fmt` (one of CHECK_FORMATS).

    `color` applies to text only, `timings` (seconds in the stats) to json and html,
    `information_uri` (the project's home page) to sarif, and `drafts` (the paths given to
    check, as typed, shown in the page's header) to html.

    Raises:
        ValueError: `fmt` is not one of CHECK_FORMATS.
    """
    if fmt == "text":
        return render_check_text(result, color=color)
    if fmt == "json":
        return render_check_json(result, version, timings)
    if fmt == "github":
        return render_github(result)
    if fmt == "sarif":
        return render_sarif(result, version, information_uri)
    if fmt == "html":
        return render_check_html(result, version, drafts=drafts, timings=timings)
    raise ValueError(f"unknown check format {fmt!r}; expected one of {', '.join(CHECK_FORMATS)}")
