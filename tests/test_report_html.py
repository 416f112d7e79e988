"""The HTML report as a document: its embedded data, escaping, policy, charts (no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dedupe.model import Cluster, ClusterKind, Member, Paragraph, Problem, ScanResult, Stats
from dedupe.report.html import diff_items, embed_json, render_html
from dedupe.report.html_chart import similarity_bins, size_bins
from tests.conftest import run_cli
from tests.test_cli_scan import ORIGINAL, REPRINT

PAYLOADS = (
    "</script><script>window.__pwned = 1</script>",
    "<!--<script>window.__pwned = 2</script>-->",
    '<img src=x onerror="window.__pwned = 3">',
    '<a href="javascript:window.__pwned = 4">click me</a>',
    "line\u2028separator & ampersand </SCRIPT >",
)


class _Elements(HTMLParser):
    """Collects start tags and the text of each script element, as a browser would split them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> _Elements:
    elements = _Elements()
    elements.feed(page)
    elements.close()
    return elements


def paragraph(path: str, number: int, text: str, doc: str | None = None) -> Paragraph:
    return Paragraph(path, doc or path, 0, number, number, number, text)


def result_with(texts: list[tuple[str, str]], kind: ClusterKind) -> ScanResult:
    """One cluster of the given (path, text) paragraphs."""
    members = tuple(
        Member(paragraph(path, index + 1, text), 1.0 if index == 0 else 0.9, 0.8, 0.9)
        for index, (path, text) in enumerate(texts)
    )
    cluster = Cluster(1, kind, members)
    settings: dict[str, object] = {"threshold": 0.8, "min_words": 5}
    stats = Stats(files=len(texts), documents=len(texts), paragraphs=len(texts), clusters=1)
    return ScanResult(settings, stats, (cluster,), (Problem("<b>bad</b>.txt", "not <i>read"),))


def embedded(page: str) -> Any:
    return json.loads(parse(page).scripts[0])


def without_diffs(report: dict[str, Any]) -> dict[str, Any]:
    for cluster in report["clusters"]:
        for member in cluster["members"]:
            member.pop("diff", None)
    return report


@pytest.fixture
def reprinted(tmp_path: Path) -> Path:
    folder = tmp_path / "reprinted"
    folder.mkdir()
    (folder / "first.txt").write_text(f"Some headline for the first article\n\n{ORIGINAL}\n")
    (folder / "second.txt").write_text(f"{REPRINT}\n\nA closing line that is unique here.\n")
    return folder


def test_embedded_data_is_the_json_report_plus_diffs(
    runner: CliRunner, reprinted: Path, corpus: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    result = run_cli(runner, "scan", "-f", "html", "-o", str(target), str(reprinted), str(corpus))
    assert result.exit_code == 0 and result.stdout == ""
    report = run_cli(runner, "scan", "-f", "json", str(reprinted), str(corpus)).stdout
    data = embedded(target.read_text(encoding="utf-8"))
    near = next(c for c in data["clusters"] if c["kind"] == "near")
    assert near["members"][1]["diff"][:3] == [
        ["=", "The mayor said on"],
        ["s", "Monday", "Tuesday"],
        ["=", "that the new bridge"],
    ]
    assert without_diffs(data) == json.loads(report)


def test_header_names_what_was_scanned_and_totals(
    runner: CliRunner, reprinted: Path, corpus: Path
) -> None:
    page = run_cli(runner, "scan", "-f", "html", str(reprinted), str(corpus)).stdout
    assert f"<li><code>{reprinted}</code></li><li><code>{corpus}</code></li>" in page
    assert "<dt>Clusters</dt><dd>2 (1 exact, 1 near)</dd>" in page
    assert "<dt>threshold</dt><dd>0.8</dd>" in page


def test_diff_items_mark_substitutions_insertions_and_deletions() -> None:
    assert diff_items("one two three four five six", "One 2 three five six, seven") == [
        ["=", "One"],
        ["s", "two", "2"],
        ["=", "three"],
        ["-", "four"],
        ["=", "five six,"],
        ["+", "seven"],
    ]


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "comment", "img", "link", "u2028"])
def test_payload_stays_inside_the_data_and_out_of_the_markup(payload: str) -> None:
    text = f"An article quoting {payload} in the middle of its words."
    result = result_with([(f"{payload}.txt", text), ("b.txt", text)], ClusterKind.EXACT)
    page = render_html(result, "1.0", scanned=[payload])
    elements = parse(page)
    assert [tag for tag, _ in elements.tags if tag in {"script", "img", "a"}] == ["script"] * 2
    assert not any(name.startswith("on") for _, attrs in elements.tags for name in attrs)
    members = embedded(page)["clusters"][0]["members"]
    assert [m["text"] for m in members] == [text, text]
    assert members[0]["path"] == f"{payload}.txt"
    assert payload not in page and "<b>bad</b>" not in page
    assert "&lt;b&gt;bad&lt;/b&gt;.txt" in page


def test_embed_json_cannot_close_or_comment_its_element() -> None:
    value = {"x": "</script><!-- & \u2028 \u2029 >"}
    text = embed_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_policy_allows_exactly_the_inline_script_and_style() -> None:
    page = render_html(
        result_with([("a.txt", ORIGINAL), ("b.txt", REPRINT)], ClusterKind.NEAR), "1"
    )
    elements = parse(page)
    (policy,) = [a["content"] for t, a in elements.tags if a.get("http-equiv")]
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert policy is not None and style is not None
    for source in (elements.scripts[1], style.group(1)):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert policy.startswith("default-src 'none';")
    assert not re.search(r"\b(src|href)=", page), "nothing is loaded or linked"
    assert "https://" not in page and "http://" not in page


def test_same_input_gives_the_same_bytes(runner: CliRunner, reprinted: Path) -> None:
    first = run_cli(runner, "scan", "-f", "html", str(reprinted)).stdout
    assert first == run_cli(runner, "scan", "-f", "html", str(reprinted)).stdout
    assert "Seconds" not in first
    assert (
        "<dt>Seconds</dt>"
        in run_cli(runner, "scan", "-f", "html", "--timings", str(reprinted)).stdout
    )


def test_chart_bins() -> None:
    assert size_bins([2, 2, 3, 7, 120]) == [
        ("2", 2),
        ("3", 1),
        ("4", 0),
        ("5–9", 1),
        ("10–99", 0),
        ("100+", 1),
    ]
    bins = similarity_bins([0.8, 0.81, 0.99, 1.0], threshold=0.8)
    assert [label for label, _ in bins][:2] == ["0.80", "0.82"]
    assert [count for _, count in bins] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    assert similarity_bins([0.5], threshold=0.8)[0] == ("0.50", 1)


def test_charts_carry_their_numbers_as_text(reprinted: Path, runner: CliRunner) -> None:
    page = run_cli(runner, "scan", "-f", "html", str(reprinted)).stdout
    assert '<desc id="chart-size-desc">clusters per bin: 2: 1; 3: 0;' in page
    assert "<title>2: 1 cluster</title>" in page and "<title>3: 0 clusters</title>" in page
