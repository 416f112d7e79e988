"""Shared fixtures: a CLI runner and small corpora written to tmp_path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dedupe.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED_FILE = ROOT / "seeds" / "000_7a67fb2f878eb82f.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_cli(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Result:
    """Invoke the CLI; exceptions are never swallowed silently (they fail the assertion)."""
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def scan_json(runner: CliRunner, *args: str) -> tuple[Result, dict[str, Any]]:
    result = run_cli(runner, "scan", "--format", "json", "--no-progress", *args)
    return result, json.loads(result.stdout) if result.stdout.strip() else {}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one article repeating a paragraph, and a reprint of it elsewhere."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    repeated = "The council approved the new budget after a long debate on Tuesday evening."
    (folder / "a.txt").write_text(
        f"Headline of the first story here\n\n{repeated}\n\nOther words "
        f"that are not repeated anywhere at all.\n\n{repeated}\n"
    )
    (folder / "b.md").write_text(
        "# Second story headline is here\n\nA paragraph about "
        "something else entirely, with enough words.\n"
    )
    return folder
