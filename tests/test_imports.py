"""Heavy or optional packages are never imported by `import dedupe` or `dedupe --help`."""

from __future__ import annotations

import subprocess
import sys

OPTIONAL = ("pyspark", "datasketch", "scipy", "charset_normalizer")

PROBE = """
import sys
sys.argv = ["dedupe", "--help"]
from dedupe.cli import main
try:
    main()
except SystemExit:
    pass
print("LOADED", sorted({m.split(".")[0] for m in sys.modules} & set(%r)))
"""


def test_help_imports_no_optional_package() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE % (OPTIONAL,)], capture_output=True, text=True, check=True
    )
    assert "LOADED []" in completed.stdout
    assert "Usage: dedupe" in completed.stdout


def test_python_m_dedupe_runs() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dedupe", "--version"], capture_output=True, text=True, check=True
    )
    assert completed.stdout.startswith("dedupe, version ")
