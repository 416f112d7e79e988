"""Accepted repeats: a baseline file records the fingerprints of findings a team has accepted.

The file is JSON (`dedupe.baseline/1`), sorted, with the draft location and an excerpt for
reviewers; only fingerprints are compared, so a finding stays accepted when its paragraph
moves to another line. It is written to a temporary file and moved into place.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from dedupe.errors import InputError
from dedupe.model import CheckResult, FindingStatus

SCHEMA = "dedupe.baseline/1"
EXCERPT = 80


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints in a baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "baseline not found (write one with --write-baseline)") from None
    except OSError as exc:
        raise InputError(path, f"cannot read baseline ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a baseline file ({exc})") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if data.get("schema") != SCHEMA or not isinstance(entries, list):
        raise InputError(path, f"not a baseline file (expected schema {SCHEMA})")
    prints = [e["fingerprint"] for e in entries
              if isinstance(e, dict) and isinstance(e.get("fingerprint"), str)]
    if len(prints) != len(entries):
        raise InputError(path, "not a baseline file (an entry has no fingerprint)")
    return frozenset(prints)


def write_baseline(path: Path, result: CheckResult) -> int:
    """Record the findings that would fail (new or already baselined); how many were written."""
    accepted = (FindingStatus.NEW, FindingStatus.BASELINED)
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint,
                "draft": f.draft.path,
                "line": f.draft.line,
                "match": f.match.paragraph.doc,
                "text": f.draft.text[:EXCERPT],
            }
            for f in result.findings
            if f.status in accepted
        ),
        key=lambda entry: (entry["draft"], entry["line"], entry["fingerprint"]),
    )
    unique = list({entry["fingerprint"]: entry for entry in entries}.values())
    text = json.dumps({"schema": SCHEMA, "findings": unique}, indent=2, ensure_ascii=False)
    _write_atomically(path, text + "\n")
    return len(unique)


def _write_atomically(path: Path, text: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as output:
            output.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        raise InputError(path, f"cannot write baseline ({exc.strerror})") from None
