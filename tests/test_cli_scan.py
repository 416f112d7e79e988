"""The scan and explain commands: formats, options, config files, errors."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dedupe import api
from dedupe.cli import cli
from tests.conftest import run_cli, scan_json

ORIGINAL = (
    "The mayor said on Monday that the new bridge over the river would open to "
    "traffic in the spring after two years of delays and rising costs."
)
REPRINT = (
    "The mayor said on Tuesday that the new bridge across the river would open to "
    "traffic in the spring after two years of delays and costs."
)


@pytest.fixture
def reprinted(tmp_path: Path) -> Path:
    (tmp_path / "first.txt").write_text(f"Some headline for the first article\n\n{ORIGINAL}\n")
    (tmp_path / "second.txt").write_text(f"{REPRINT}\n\nA closing line that is unique here.\n")
    return tmp_path


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        found += (
            _commands(command, (*prefix, name))
            if isinstance(command, click.Group)
            else [(*prefix, name)]
        )
    return found


@pytest.mark.parametrize("command", _commands(cli), ids=lambda c: " ".join(c) or "dedupe")
def test_every_command_has_help(runner: CliRunner, command: tuple[str, ...]) -> None:
    result = run_cli(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 4


def test_version(runner: CliRunner) -> None:
    result = run_cli(runner, "--version")
    assert result.exit_code == 0 and result.stdout.startswith("dedupe, version ")


def test_near_duplicate_found_with_differences_marked(runner: CliRunner, reprinted: Path) -> None:
    result = run_cli(runner, "scan", str(reprinted))
    assert result.exit_code == 0
    assert "#1 near · 2 paragraphs · 2 documents · similarity 0.9" in result.stdout
    assert "[-Monday-] {+Tuesday+}" in result.stdout
    assert "[-over-] {+across+}" in result.stdout
    assert "[-rising-]" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_json_members_carry_similarity_jaccard_containment(
    runner: CliRunner, reprinted: Path
) -> None:
    result, report = scan_json(runner, str(reprinted))
    (cluster,) = report["clusters"]
    first, second = cluster["members"]
    assert cluster["kind"] == "near" and cluster["documents"] == 2
    assert first["similarity"] == 1.0 and 0.8 <= second["similarity"] < 1.0
    assert 0 < second["jaccard"] < second["containment"] <= 1.0
    assert cluster["similarity"] == {"min": second["similarity"], "max": second["similarity"]}
    assert set(report) == {"schema", "tool", "settings", "stats", "errors", "clusters"}
    assert report["schema"] == "dedupe.scan/1" and "seconds" not in report["stats"]


def test_jsonl_prints_one_cluster_per_line(
    runner: CliRunner, reprinted: Path, corpus: Path
) -> None:
    result = run_cli(runner, "scan", "-f", "jsonl", str(reprinted), str(corpus))
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["id"] for line in lines] == [1, 2]


def test_json_puts_one_field_and_one_cluster_per_line(
    runner: CliRunner, reprinted: Path, corpus: Path
) -> None:
    result, report = scan_json(runner, str(reprinted), str(corpus))
    lines = result.stdout.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and lines[-2] == "  ]"
    fields = [json.loads("{" + line.strip().rstrip(",") + "}") for line in lines[1:6]]
    assert [next(iter(f)) for f in fields] == ["schema", "tool", "settings", "stats", "errors"]
    assert lines[6] == '  "clusters": ['
    clusters = [json.loads(line.strip().rstrip(",")) for line in lines[7:-2]]
    assert clusters == report["clusters"] and [c["id"] for c in clusters] == [1, 2]


def test_output_file_and_timings(runner: CliRunner, reprinted: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    result = run_cli(runner, "scan", "-f", "json", "--timings", "-o", str(target), str(reprinted))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["stats"]["seconds"] >= 0


def test_threshold_flag_changes_what_is_near(runner: CliRunner, reprinted: Path) -> None:
    _, strict = scan_json(runner, "--threshold", "0.95", str(reprinted))
    assert strict["clusters"] == [] and strict["settings"]["threshold"] == 0.95


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "1.5"], "threshold must be in (0, 1], got 1.5"),
        (["--ngram", "0"], "ngram must be between 1 and 32, got 0"),
        (["--config", "missing.toml"], "missing.toml: config file not found"),
    ],
    ids=["threshold", "ngram", "config-missing"],
)
def test_bad_settings_exit_two_with_one_line(
    runner: CliRunner, reprinted: Path, args: list[str], message: str
) -> None:
    result = run_cli(runner, "scan", *args, str(reprinted))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"dedupe: error: {message}"]


def test_config_file_is_found_upward_and_flags_win(
    runner: CliRunner, reprinted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (reprinted / "dedupe.toml").write_text("threshold = 0.95\nmin_words = 3\n")
    nested = reprinted / "nested"
    nested.mkdir()
    monkeypatch.chdir(nested)
    _, from_file = scan_json(runner, str(reprinted))
    assert from_file["settings"]["threshold"] == 0.95 and from_file["settings"]["min_words"] == 3
    _, flagged = scan_json(runner, "--threshold", "0.8", str(reprinted))
    assert flagged["settings"]["threshold"] == 0.8 and len(flagged["clusters"]) == 1


def test_pyproject_tool_table(
    runner: CliRunner, reprinted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (reprinted / "pyproject.toml").write_text("[project]\nname='x'\n\n[tool.dedupe]\nngram = 3\n")
    monkeypatch.chdir(reprinted)
    _, report = scan_json(runner, ".")
    assert report["settings"]["ngram"] == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("thresold = 0.9\n", "unknown setting 'thresold'"),
        ("threshold = 'high'\n", "threshold must be float, got 'high'"),
        ("threshold = \n", "invalid TOML"),
    ],
    ids=["unknown-key", "wrong-type", "bad-toml"],
)
def test_bad_config_file(runner: CliRunner, reprinted: Path, content: str, message: str) -> None:
    config = reprinted / "custom.toml"
    config.write_text(content)
    result = run_cli(runner, "scan", "--config", str(config), str(reprinted))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"{config}: " in result.stderr and message in result.stderr


def test_internal_error_is_one_line_unless_verbose(
    runner: CliRunner, reprinted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "scan", broken)
    quiet = runner.invoke(cli, ["scan", str(reprinted)])
    assert quiet.exit_code == 2
    assert quiet.stderr.strip() == "dedupe: error: internal error: RuntimeError: boom"
    loud = runner.invoke(cli, ["scan", "-v", str(reprinted)])
    assert loud.exit_code == 2 and "Traceback" in loud.stderr


def test_explain_shows_bands_rows_and_probabilities(runner: CliRunner) -> None:
    result = run_cli(runner, "explain")
    assert result.exit_code == 0
    assert "42 bands x 3 rows" in result.stdout
    for similarity in ("0.50", "0.70", "0.80", "0.90", "1.00"):
        assert f"\n{similarity:>15}" in result.stdout
    assert "0.80                    0.429        0.9680  <- threshold" in result.stdout
    strict = run_cli(runner, "explain", "--threshold", "0.9")
    assert "25 bands x 5 rows" in strict.stdout
