"""Two small inline-SVG bar charts for the HTML report: similarity and cluster size.

Each chart carries its numbers as text too (a `<desc>` and a `<title>` per bar), so it is not
a picture only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

SIMILARITY_BINS = 10
SIZE_BINS: tuple[tuple[int, int, str], ...] = (
    (2, 2, "2"),
    (3, 3, "3"),
    (4, 4, "4"),
    (5, 9, "5–9"),
    (10, 99, "10–99"),
    (100, 2**63, "100+"),
)
WIDTH, HEIGHT, PAD, TOP, BOTTOM = 320, 130, 8, 16, 22


def charts(clusters: Sequence[Mapping[str, Any]], threshold: float) -> str:
    """Figures for the similarity of members to their cluster's first one, and for sizes."""
    similarities = [m["similarity"] for c in clusters for m in c["members"][1:]]
    sizes = [int(c["size"]) for c in clusters]
    return bar_chart(
        "chart-similarity",
        "Similarity of each paragraph to its cluster's first",
        similarity_bins(similarities, threshold),
        "paragraph",
    ) + bar_chart("chart-size", "Cluster sizes (paragraphs)", size_bins(sizes), "cluster")


def similarity_bins(values: Sequence[float], threshold: float) -> list[tuple[str, int]]:
    """Ten equal bins from below the threshold (or lowest value) up to 1.0 (last bin closed)."""
    low = min([threshold, *values]) if values else threshold
    floor = min(math.floor(low * 20) / 20, 0.95)
    width = (1.0 - floor) / SIMILARITY_BINS
    counts = [0] * SIMILARITY_BINS
    for value in values:
        index = int((value - floor) / width + 1e-9)
        counts[min(max(index, 0), SIMILARITY_BINS - 1)] += 1
    return [(f"{floor + i * width:.2f}", n) for i, n in enumerate(counts)]


def size_bins(sizes: Sequence[int]) -> list[tuple[str, int]]:
    """Counts of clusters by size: 2, 3, 4, 5-9, 10-99, 100 and more."""
    return [(label, sum(1 for s in sizes if low <= s <= high)) for low, high, label in SIZE_BINS]


def bar_chart(chart_id: str, title: str, bins: Sequence[tuple[str, int]], noun: str) -> str:
    """One labelled SVG bar chart inside a figure; `noun` is what is counted (singular)."""
    peak = max((count for _, count in bins), default=0) or 1
    slot = (WIDTH - 2 * PAD) / len(bins)
    bars = []
    for index, (label, count) in enumerate(bins):
        height = (HEIGHT - TOP - BOTTOM) * count / peak
        x = PAD + index * slot
        y = HEIGHT - BOTTOM - height
        middle = x + slot / 2
        bars.append(
            f"<g><title>{escape(label)}: {count:,} {noun}{'' if count == 1 else 's'}</title>"
            f'<rect class="bar" x="{x + 1:.1f}" y="{y:.1f}" width="{slot - 2:.1f}"'
            f' height="{height:.1f}"></rect>'
            f'<text class="count" x="{middle:.1f}" y="{y - 3:.1f}">{count:,}</text>'
            f'<text class="label" x="{middle:.1f}" y="{HEIGHT - 8}">{escape(label)}</text></g>'
        )
    desc = "; ".join(f"{label}: {count:,}" for label, count in bins)
    return (
        f'<figure class="chart"><svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(noun)}s per bin: {escape(desc)}</desc>'
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - PAD}"'
        f' y2="{HEIGHT - BOTTOM}"></line>'
        f"{''.join(bars)}</svg><figcaption>{escape(title)}</figcaption></figure>"
    )
