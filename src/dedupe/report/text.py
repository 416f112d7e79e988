"""The report for people: a summary line, then each cluster with where and what.

Near-duplicates show the words that differ from the cluster's first paragraph:
`[-deleted-]` and `{+inserted+}` (wdiff's markers), coloured red and green on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from dedupe.model import Cluster, ClusterKind, Member, Paragraph, ScanResult
from dedupe.report.diff import Change, word_diff
from dedupe.report.slices import in_slices

WIDTH = 100
INDENT = "    "
MAX_TEXT = 2000
Style = Callable[[str, Change], str]


def render_text(result: ScanResult, color: bool = False, workers: int = 1) -> str:
    """The summary, then every cluster; many clusters are rendered by `workers` processes."""
    render = partial(_clusters, style=text_style(color))
    return "\n\n".join([summary(result), *in_slices(render, result.clusters, workers)]) + "\n"


def summary(result: ScanResult) -> str:
    stats = result.stats
    exact = sum(1 for c in result.clusters if c.kind is ClusterKind.EXACT)
    found = (
        f"{count(stats.clusters, 'cluster')} of repeated paragraphs "
        f"({exact} exact, {stats.clusters - exact} near)"
        if stats.clusters
        else "No repeated paragraphs"
    )
    scanned = (
        f"{count(stats.paragraphs, 'paragraph')} in {count(stats.documents, 'document')} "
        f"from {count(stats.files, 'file')}"
    )
    short = (
        f", {stats.skipped_short} shorter than {result.settings['min_words']} words not compared"
    )
    errors = f"; {count(len(result.errors), 'file')} could not be read" if result.errors else ""
    return (
        f"{found} · {scanned}{short if stats.skipped_short else ''}{errors} · {stats.seconds:.2f}s"
    )


def count(number: int, noun: str) -> str:
    """`1 file`, `1,234 files`."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _clusters(clusters: Sequence[Cluster], style: Style) -> list[str]:
    return [_cluster(cluster, style) for cluster in clusters]


def _cluster(cluster: Cluster, style: Style) -> str:
    low, high = cluster.similarity_range
    header = [
        f"#{cluster.id} {cluster.kind.value}",
        count(cluster.size, "paragraph"),
        count(cluster.documents, "document"),
    ]
    if cluster.kind is ClusterKind.NEAR:
        header.append(f"similarity {low:.2f}" + (f"-{high:.2f}" if high != low else ""))
    lines = [" · ".join(header)]
    first = cluster.members[0]
    if cluster.kind is ClusterKind.EXACT:
        lines.extend(_location(m) for m in cluster.members)
        lines.append(text_block(first.paragraph.text))
        return "\n".join(lines)
    for member in cluster.members:
        if member is first:
            lines.append(_location(member))
            lines.append(text_block(first.paragraph.text))
            continue
        lines.append(f"{_location(member)}  similarity {member.similarity:.2f}")
        lines.append(diff_block(first.paragraph.text, member.paragraph.text, style))
    return "\n".join(lines)


def _location(member: Member) -> str:
    return f"  {location(member.paragraph)}"


def location(paragraph: Paragraph) -> str:
    """`path:line` or `path:line-end_line`, then `[doc]` when the document id is not the path."""
    p = paragraph
    lines = f"{p.line}" if p.end_line == p.line else f"{p.line}-{p.end_line}"
    doc = f" [{p.doc}]" if p.doc != p.path else ""
    return f"{p.path}:{lines}{doc}"


def text_style(color: bool) -> Style:
    """How changed words are drawn: ANSI colours on a terminal, else markers only."""
    return _colored if color else _plain


def text_block(text: str) -> str:
    """A paragraph's words, clipped, wrapped and indented."""
    return _wrap([(w, w) for w in _clip(text).split()])


def diff_block(reference: str, other: str, style: Style) -> str:
    """`other`'s words wrapped and indented, with what differs from `reference` marked."""
    return _wrap(_styled_words(word_diff(_clip(reference), _clip(other)), style))


def _clip(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    return f"{text[:MAX_TEXT]} … ({len(text) - MAX_TEXT:,} more characters)"


def _styled_words(spans: Iterable[tuple[Change, str]], style: Style) -> list[tuple[str, str]]:
    """(visible, rendered) words; a changed run gets its markers on its first and last word."""
    words: list[tuple[str, str]] = []
    for change, text in spans:
        run = text.split()
        for index, word in enumerate(run):
            if change is not Change.SAME:
                opening, closing = ("[-", "-]") if change is Change.DELETED else ("{+", "+}")
                word = (
                    (opening if index == 0 else "")
                    + word
                    + (closing if index == len(run) - 1 else "")
                )
            words.append((word, style(word, change)))
    return words


def _plain(word: str, change: Change) -> str:
    return word


_ANSI = {Change.DELETED: "\x1b[31;9m", Change.INSERTED: "\x1b[32;1m"}
_RESET = "\x1b[0m"


def _colored(word: str, change: Change) -> str:
    start = _ANSI.get(change)
    return f"{start}{word}{_RESET}" if start else word


def _wrap(words: list[tuple[str, str]]) -> str:
    """Words wrapped to WIDTH by their visible length, each line indented."""
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for visible, rendered in words:
        if current and length + 1 + len(visible) > WIDTH - len(INDENT):
            lines.append(INDENT + " ".join(current))
            current, length = [], 0
        length += len(visible) + (1 if current else 0)
        current.append(rendered)
    if current:
        lines.append(INDENT + " ".join(current))
    return "\n".join(lines)
