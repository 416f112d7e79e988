"""The README's CI examples are real: the workflow and the pre-commit config validate."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def yaml_block(after: str) -> str:
    """The first ```yaml block following the heading `after`."""
    section = README[README.index(after) :]
    found = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert found, f"no yaml block after {after!r}"
    return found.group(1)


@pytest.mark.parametrize(
    ("heading", "validator"),
    [
        ("### GitHub Actions", ["check_jsonschema", "--builtin-schema", "vendor.github-workflows"]),
        ("### pre-commit", ["pre_commit", "validate-config"]),
    ],
)
def test_example_is_valid(heading: str, validator: list[str], tmp_path: Path) -> None:
    example = tmp_path / "example.yaml"
    example.write_text(yaml_block(heading), encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", *validator, str(example)],
        capture_output=True, text=True, check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_workflow_runs_commands_that_exist(runner: CliRunner) -> None:
    workflow = yaml_block("### GitHub Actions")
    commands = set(re.findall(r"dedupe ((?:index )?\w+) ", workflow))
    assert commands == {"index add", "index build", "check"}
    for command in commands:
        assert run_cli(runner, *command.split(), "--help").exit_code == 0
