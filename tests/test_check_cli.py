"""`dedupe check` end to end against a real SQLite index built by `dedupe index build`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT, run_cli
from tests.newsroom import Newsroom


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> Newsroom:
    monkeypatch.chdir(tmp_path)
    room = Newsroom(tmp_path)
    result = run_cli(runner, "index", "build", "index.sqlite", "published", "-q")
    assert result.exit_code == 0, result.output
    return room


def check_json(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli(runner, "check", "--index", "index.sqlite", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def by_line(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {f["draft"]["line"]: f for f in report["findings"]}


def test_reprints_exact_and_edited_are_found_with_their_published_source(
    newsroom: Newsroom, runner: CliRunner
) -> None:
    exact = newsroom.articles[3][2]
    ten = newsroom.edited(newsroom.articles[7][1], 0.10)
    twenty = newsroom.edited(newsroom.articles[21][4], 0.20)
    fresh = newsroom.fresh(3)
    newsroom.draft("draft.txt", [fresh[0], exact, fresh[1], ten, twenty, fresh[2]])

    code, report = check_json(runner, "draft.txt")

    assert code == 1
    found = by_line(report)
    assert sorted(found) == [3, 7, 9]
    for line, (article, paragraph, kind) in {
        3: (3, 2, "exact"), 7: (7, 1, "near"), 9: (21, 4, "near")
    }.items():
        match = found[line]["match"]
        assert match["source"] == "index"
        assert match["path"] == str(newsroom.path(article).relative_to(newsroom.root))
        assert match["line"] == newsroom.line(article, paragraph)
        assert match["paragraph"] == paragraph + 1
        assert found[line]["kind"] == kind
        assert found[line]["status"] == "new"
    assert found[3]["similarity"] == 1.0
    assert 0.8 <= found[9]["similarity"] < found[7]["similarity"] < 1.0
    assert report["stats"]["indexed_documents"] == 40


def test_a_paragraph_repeated_inside_the_draft_points_at_its_first_copy(
    newsroom: Newsroom, runner: CliRunner
) -> None:
    first, other = newsroom.fresh(2)
    newsroom.draft("draft.txt", [first, other, newsroom.edited(first, 0.1)])

    code, report = check_json(runner, "draft.txt")

    assert code == 1
    [finding] = report["findings"]
    assert finding["draft"]["line"] == 5
    assert finding["match"]["source"] == "draft"
    assert finding["match"]["line"] == 1
    assert finding["kind"] == "near"


def test_a_clean_draft_exits_zero(newsroom: Newsroom, runner: CliRunner) -> None:
    newsroom.draft("draft.txt", newsroom.fresh(5))
    result = run_cli(runner, "check", "draft.txt", "--index", "index.sqlite")
    assert result.exit_code == 0, result.output
    assert "No repeated paragraphs" in result.stdout


def test_exit_zero_reports_but_passes(newsroom: Newsroom, runner: CliRunner) -> None:
    newsroom.draft("draft.txt", [newsroom.articles[0][0]])
    code, report = check_json(runner, "draft.txt", "--exit-zero")
    assert code == 0
    assert [f["status"] for f in report["findings"]] == ["new"]


def test_baseline_accepts_findings_even_after_they_move(
    newsroom: Newsroom, runner: CliRunner
) -> None:
    reused = newsroom.articles[5][0]
    fresh = newsroom.fresh(3)
    newsroom.draft("draft.txt", [fresh[0], reused])
    written = run_cli(runner, "check", "draft.txt", "--index", "index.sqlite",
                      "--write-baseline", "baseline.json")
    assert written.exit_code == 0
    assert json.loads(Path("baseline.json").read_text())["schema"] == "dedupe.baseline/1"

    # The accepted paragraph moves down two paragraphs; a new repeat is added.
    newsroom.draft("draft.txt", [fresh[1], fresh[2], fresh[0], reused, newsroom.articles[9][3]])
    code, report = check_json(runner, "draft.txt", "--baseline", "baseline.json")

    assert code == 1
    statuses = {f["draft"]["line"]: f["status"] for f in report["findings"]}
    assert statuses == {7: "baselined", 9: "new"}


def test_allow_patterns_and_boilerplate_pass(
    newsroom: Newsroom, runner: CliRunner, tmp_path: Path
) -> None:
    signoff = "Reporting by the newsroom staff; editing by the night desk in the capital."
    for number in range(5):
        path = newsroom.path(number)
        path.write_text(path.read_text() + f"\n{signoff}\n")
    assert run_cli(runner, "index", "add", "index.sqlite", "published", "-q").exit_code == 0
    correction = "Correction: an earlier version of this story misstated the council's budget."
    Path("dedupe.toml").write_text('allow = ["^Correction:"]\n')
    newsroom.draft("draft.txt", [correction, signoff, newsroom.fresh(1)[0], correction])

    code, report = check_json(runner, "draft.txt")

    assert code == 0
    statuses = {f["draft"]["line"]: (f["status"], f["match"]["source"])
                for f in report["findings"]}
    assert statuses == {3: ("boilerplate", "index"), 7: ("allowed", "draft")}
    assert by_line(report)[3]["match"]["copies"] == 5


def test_jsonl_date_and_url_are_shown(
    newsroom: Newsroom, runner: CliRunner, tmp_path: Path
) -> None:
    text = newsroom.fresh(1)[0]
    record = {"id": "wire-2016-12-17", "text": text, "date": "2016-12-17",
              "url": "https://example.org/wire/aleppo"}
    Path("wire.jsonl").write_text(json.dumps(record) + "\n")
    assert run_cli(runner, "index", "add", "index.sqlite", "wire.jsonl", "-q").exit_code == 0
    newsroom.draft("draft.txt", [text])

    result = run_cli(runner, "check", "draft.txt", "--index", "index.sqlite")

    assert result.exit_code == 1
    assert "wire-2016-12-17" in result.stdout
    assert "2016-12-17" in result.stdout and "https://example.org/wire/aleppo" in result.stdout


def test_an_unreadable_draft_fails_the_check_but_the_others_are_checked(
    newsroom: Newsroom, runner: CliRunner
) -> None:
    newsroom.draft("good.txt", [newsroom.articles[1][1]])
    Path("gone.md").symlink_to("nowhere.md")
    result = run_cli(runner, "check", "good.txt", "gone.md", "--index", "index.sqlite")
    assert result.exit_code == 2
    assert "gone.md: broken symlink" in result.stderr
    assert "good.txt:1" in result.stdout


@pytest.mark.parametrize(
    ("index", "setup", "message"),
    [
        ("missing.sqlite", None, "index not found"),
        ("corrupt.sqlite", b"this is not a database at all" * 200, "not a dedupe index"),
        ("other.sqlite", b"", "not a dedupe index"),
    ],
)
def test_unusable_index_gives_one_line_and_exit_2(
    newsroom: Newsroom, runner: CliRunner, index: str, setup: bytes | None, message: str
) -> None:
    if setup is not None:
        if setup:
            Path(index).write_bytes(setup)
        else:
            sqlite3.connect(index).execute("CREATE TABLE notes (x)").connection.close()
    newsroom.draft("draft.txt", newsroom.fresh(1))
    result = run_cli(runner, "check", "draft.txt", "--index", index)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_other_settings_are_refused(newsroom: Newsroom, runner: CliRunner) -> None:
    newsroom.draft("draft.txt", newsroom.fresh(1))
    result = run_cli(runner, "check", "draft.txt", "--index", "index.sqlite", "--ngram", "3")
    assert result.exit_code == 2
    assert "built with other settings" in result.stderr and "ngram=2" in result.stderr
    added = run_cli(runner, "index", "add", "index.sqlite", "draft.txt", "--num-perm", "64")
    assert added.exit_code == 2 and "num_perm=128" in added.stderr


def test_github_and_sarif_from_a_real_check(
    newsroom: Newsroom, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newsroom.draft("draft.txt", [newsroom.fresh(1)[0], newsroom.articles[2][2]])
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    github = run_cli(runner, "check", "draft.txt", "--index", "index.sqlite", "-f", "github")
    assert github.exit_code == 1
    assert github.stdout.startswith("::error file=draft.txt,line=3,endLine=3,")
    assert "dedupe check" in summary.read_text()
    sarif = run_cli(runner, "check", "draft.txt", "--index", "index.sqlite", "-f", "sarif")
    [result] = json.loads(sarif.stdout)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_the_index_can_come_from_the_config(newsroom: Newsroom, runner: CliRunner) -> None:
    newsroom.draft("draft.txt", [newsroom.articles[8][0]])
    missing = run_cli(runner, "check", "draft.txt")
    assert missing.exit_code == 2 and "no index" in missing.stderr
    Path("dedupe.toml").write_text('index = "index.sqlite"\n')
    found = run_cli(runner, "check", "draft.txt")
    assert found.exit_code == 1 and "article-008.txt" in found.stdout


def test_the_pre_commit_hook_manifest_is_valid_and_runs_check() -> None:
    manifest = ROOT / ".pre-commit-hooks.yaml"
    validated = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest)],
        capture_output=True, text=True, check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    [hook] = yaml.safe_load(manifest.read_text())
    assert hook["id"] == "dedupe-check" and hook["entry"].split() == ["dedupe", "check"]


def test_a_damaged_index_is_one_line_and_exit_2(newsroom: Newsroom, runner: CliRunner) -> None:
    data = bytearray(Path("index.sqlite").read_bytes())
    page = int.from_bytes(data[16:18], "big")  # the page size, from the SQLite header
    data[page:] = b"\xab" * (len(data) - page)  # every page but the schema's first
    Path("damaged.sqlite").write_bytes(bytes(data))
    newsroom.draft("draft.txt", [newsroom.articles[0][0]])
    result = run_cli(runner, "check", "draft.txt", "--index", "damaged.sqlite")
    assert result.exit_code == 2
    assert result.stderr.startswith("dedupe: error: damaged.sqlite: damaged index (")
    assert result.stderr.count("\n") == 1


def test_each_later_copy_points_at_the_first_and_counts_the_others(
    newsroom: Newsroom, runner: CliRunner
) -> None:
    repeated, other = newsroom.fresh(2)
    newsroom.draft("draft.txt", [repeated, other, repeated, repeated])
    code, report = check_json(runner, "draft.txt")
    assert code == 1
    found = [(f["draft"]["line"], f["match"]["line"], f["other_matches"])
             for f in report["findings"]]
    assert found == [(5, 1, 0), (7, 1, 1)]
