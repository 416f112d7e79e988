"""A self-contained HTML report for editors: header, charts, clusters opened side by side.

One file: CSS and JavaScript inline, nothing fetched, and a Content-Security-Policy that lets
only this page's own script and style run (matched by hash), so even markup that slipped
through could not execute. Input text never becomes markup: the header is escaped here, and
the clusters travel as JSON in a non-executed `<script type="application/json">` with `<`,
`>`, `&`, U+2028 and U+2029 escaped (it cannot close its element), which the page's script
turns into text nodes only. Clusters are drawn on demand, so 10,000 of them stay quick.

`render_page` takes a `Page`, not a scan result, so `check` can reuse it: one cluster per
finding, the match first and the draft second, with an optional "status" shown as a badge.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from html import escape
from typing import Any

from dedupe.model import Cluster, ClusterKind, Problem, ScanResult
from dedupe.report.diff import Change, word_diff
from dedupe.report.html_chart import charts
from dedupe.report.html_script import SCRIPT
from dedupe.report.html_style import STYLE
from dedupe.report.json import SCHEMA, cluster_object

MAX_SCANNED = 50
_JSON_ESCAPES = {
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"
}
_OPS = {Change.SAME: "=", Change.DELETED: "-", Change.INSERTED: "+"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """What the page shows; a scan fills it from a `ScanResult`, a check from its findings.

    `data["clusters"]` are `cluster_object`s whose members after the first may carry a
    "diff" (`diff_items` against the first member). `data` is embedded whole, so it should be
    the command's JSON report. `threshold` is the lowest similarity the filter offers.
    """

    title: str
    scanned: tuple[str, ...]
    totals: tuple[tuple[str, str], ...]
    settings: Mapping[str, object]
    problems: tuple[Problem, ...]
    data: Mapping[str, Any]
    threshold: float


def render_html(
    result: ScanResult, version: str, *, scanned: Sequence[str] = (), timings: bool = False
) -> str:
    """The scan as one HTML page; byte-identical for the same input unless `timings`.

    `scanned` is what was given to scan (paths as typed), shown in the header.
    """
    return render_page(scan_page(result, version, scanned=scanned, timings=timings))


def scan_page(
    result: ScanResult, version: str, *, scanned: Sequence[str] = (), timings: bool = False
) -> Page:
    """The page for a scan; its data is the `dedupe.scan/1` JSON plus per-member diffs."""
    stats = asdict(result.stats)
    if not timings:
        del stats["seconds"]
    data = {
        "schema": SCHEMA,
        "tool": {"name": "dedupe", "version": version},
        "settings": result.settings,
        "stats": stats,
        "errors": [{"path": p.path, "error": p.message} for p in result.errors],
        "clusters": [report_cluster(c) for c in result.clusters],
    }
    threshold = result.settings.get("threshold", 0.0)
    found = f"{_count(len(result.clusters), 'cluster')} of" if result.clusters else "no"
    return Page(
        title=f"dedupe: {found} repeated paragraphs",
        scanned=tuple(scanned),
        totals=_scan_totals(result, timings),
        settings=result.settings,
        problems=result.problems,
        data=data,
        threshold=float(threshold) if isinstance(threshold, int | float) else 0.0,
    )


def report_cluster(cluster: Cluster) -> dict[str, Any]:
    """`cluster_object`, with each near member after the first carrying its diff to the first."""
    value = cluster_object(cluster)
    if cluster.kind is ClusterKind.NEAR:
        reference = cluster.members[0].paragraph.text
        for member, entry in zip(cluster.members[1:], value["members"][1:], strict=True):
            entry["diff"] = diff_items(reference, member.paragraph.text)
    return value


def diff_items(reference: str, other: str) -> list[list[str]]:
    """Compact word diff: ["=", same], ["-", deleted], ["+", inserted], ["s", old, new].

    A deletion directly followed by an insertion is a substitution (rapidfuzz's "replace").
    """
    items: list[list[str]] = []
    for span in word_diff(reference, other):
        previous = items[-1] if items else None
        if span.change is Change.INSERTED and previous is not None and previous[0] == "-":
            items[-1] = ["s", previous[1], span.text]
        else:
            items.append([_OPS[span.change], span.text])
    return items


def embed_json(value: object) -> str:
    """JSON that is safe as the content of a script element (it cannot close or comment it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # One str.replace per character: `str.translate` of a text holding any non-ASCII
    # character goes character by character (3.3 s for a 29 MB report; this, under 0.1 s).
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def content_security_policy(script: str, style: str) -> str:
    """Nothing may load; only the given inline script and style may apply."""
    return (
        f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
        "base-uri 'none'; form-action 'none'"
    )


def render_page(page: Page) -> str:
    """The whole HTML document for `page`."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{content_security_policy(SCRIPT, STYLE)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(page.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        _header(page),
        "<main>",
        _overview(page),
        _problems(page.problems),
        _clusters_section(page),
        "</main>",
        f'<script type="application/json" id="dedupe-data">{embed_json(page.data)}</script>',
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _scan_totals(result: ScanResult, timings: bool) -> tuple[tuple[str, str], ...]:
    stats = result.stats
    exact = sum(1 for c in result.clusters if c.kind is ClusterKind.EXACT)
    rows = [
        ("Clusters", f"{stats.clusters:,} ({exact:,} exact, {stats.clusters - exact:,} near)"),
        ("Files", f"{stats.files:,}"),
        ("Documents", f"{stats.documents:,}"),
        ("Paragraphs", f"{stats.paragraphs:,}"),
        ("Too short to compare", f"{stats.skipped_short:,}"),
        ("Candidate pairs", f"{stats.candidates:,}"),
        ("Verified pairs", f"{stats.verified_pairs:,}"),
    ]
    if result.errors:
        rows.append(("Files not read", f"{len(result.errors):,}"))
    if timings:
        rows.append(("Seconds", f"{stats.seconds:.2f}"))
    return tuple(rows)


def _header(page: Page) -> str:
    lead = " · ".join(f"{escape(k)}: {escape(v)}" for k, v in page.totals[:2])
    unread = any(p.is_error for p in page.problems)
    alert = '<p class="alert">Some files could not be read: see Problems.</p>' if unread else ""
    return f'<header>\n<h1>{escape(page.title)}</h1>\n<p class="lead">{lead}</p>{alert}\n</header>'


def _overview(page: Page) -> str:
    scanned = page.scanned[:MAX_SCANNED]
    items = "".join(f"<li><code>{escape(path)}</code></li>" for path in scanned)
    hidden = len(page.scanned) - len(scanned)
    more = f"<li>and {hidden:,} more</li>" if hidden else ""
    scanned_html = f'<ul class="paths">{items}{more}</ul>' if page.scanned else "<p>—</p>"
    settings = tuple((key, _setting(value)) for key, value in page.settings.items())
    return (
        '<section class="overview" aria-label="Overview">\n'
        f"<section><h2>Scanned</h2>{scanned_html}</section>\n"
        f"<section><h2>Totals</h2>{_definitions(page.totals)}</section>\n"
        f"<section><h2>Settings</h2>{_definitions(settings)}</section>\n"
        '<section class="charts"><h2>Distribution</h2>'
        f"{charts(page.data['clusters'], page.threshold)}</section>\n"
        "</section>"
    )


def _setting(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _definitions(pairs: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in pairs)
    return f"<dl>{rows}</dl>"


def _problems(problems: Sequence[Problem]) -> str:
    if not problems:
        return ""
    items = "".join(
        f"<li><strong>{'error' if p.is_error else 'warning'}</strong> "
        f"<code>{escape(p.path)}</code>: {escape(p.message)}</li>"
        for p in problems
    )
    return f'<section class="problems"><h2>Problems</h2><ul>{items}</ul></section>'


def _clusters_section(page: Page) -> str:
    kinds = sorted({str(c["kind"]) for c in page.data["clusters"]})
    options = "".join(f'<option value="{escape(k)}">{escape(k)}</option>' for k in kinds)
    lowest = [page.threshold] + [c["similarity"]["min"] for c in page.data["clusters"]]
    low = f"{math.floor(min(lowest) * 100) / 100:.2f}"
    return f"""<section class="results" aria-labelledby="clusters-heading">
<h2 id="clusters-heading">Clusters</h2>
<form id="filters" class="filters" role="search" aria-label="Filter clusters">
<label>Kind <select id="filter-kind"><option value="">all</option>{options}</select></label>
<label>Minimum similarity <input id="filter-similarity" type="range" min="{low}" max="1"
 step="0.01" value="{low}"> <output id="filter-similarity-value">{low}</output></label>
<label>Text, path or document <input id="filter-text" type="search" autocomplete="off"
 spellcheck="false"></label>
</form>
<p class="legend">Each pair shows the cluster's first paragraph on the left:
<del>struck through</del> words are not in the other one, <ins>underlined</ins> words are new in
it, and a wavy line marks a word replaced by another (<del class="sub">old</del>
<ins class="sub">new</ins>).</p>
<p class="keys">Keys: <kbd>j</kbd> or <kbd>↓</kbd> next, <kbd>k</kbd> or <kbd>↑</kbd> previous,
<kbd>Enter</kbd> or <kbd>o</kbd> open or close, <kbd>/</kbd> search, <kbd>Esc</kbd> back to
the list.</p>
<p id="status" class="status" role="status" aria-live="polite"></p>
<noscript><p>The list of clusters needs JavaScript; the data is in this file as JSON.</p></noscript>
<ol id="clusters" class="clusters"></ol>
<button type="button" id="more" class="more" hidden></button>
</section>"""
