"""pyspark stays out of the local engine, and a missing extra is one line naming the install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import SEED_FILE

LOCAL_SCAN = """
import sys
import dedupe
result = dedupe.scan([%r])
print("CLUSTERS", len(result.clusters))
print("SPARK", sorted(m for m in sys.modules if m.split(".")[0] in ("pyspark", "py4j")))
"""

WITHOUT_PYSPARK = """
import sys
sys.modules["pyspark"] = None  # as if the extra were not installed
sys.argv = ["dedupe", "scan", "--engine", "spark", %r]
from dedupe.cli import main
main()
"""


def test_local_scan_never_imports_pyspark() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", LOCAL_SCAN % str(SEED_FILE)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "CLUSTERS 2" in completed.stdout
    assert "SPARK []" in completed.stdout


def test_spark_engine_without_the_extra_names_the_install_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYSPARK % str(SEED_FILE)], capture_output=True, text=True
    )
    assert completed.returncode == 2
    assert completed.stderr == (
        "dedupe: error: the Spark engine needs the optional extra: pip install 'dedupe[spark]'\n"
    )


def test_parquet_with_the_local_engine_is_a_one_line_error(tmp_path: Path) -> None:
    from dedupe.cli import cli

    out = tmp_path / "out.parquet"
    args = ["scan", "--format", "parquet", "-o", str(out), str(SEED_FILE)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == (
        "dedupe: error: Parquet output needs the Spark engine (--engine spark)\n"
    )
    assert not out.exists()


def test_spark_without_java_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bash").symlink_to("/bin/bash")  # the launcher script runs, java is missing
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "dedupe", "scan", "--engine", "spark", str(SEED_FILE)]
    completed = subprocess.run(command, capture_output=True, text=True, env=env)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    last = completed.stderr.splitlines()[-1]
    assert last.startswith("dedupe: error: cannot start Spark (") and "Java 17+" in last
