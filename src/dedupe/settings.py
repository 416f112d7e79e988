"""One frozen `Settings` holds every option; config files and CLI flags fill it."""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from dedupe import lsh
from dedupe.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ShingleKind(str, Enum):
    """How a paragraph is cut into tokens: words, or characters for text without spaces."""

    WORD = "word"
    CHAR = "char"


DEFAULT_NGRAM = {ShingleKind.WORD: 2, ShingleKind.CHAR: 3}


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every option of a scan, validated when built.

    `ngram=None` picks the measured default for the shingle kind; bands and rows of the
    LSH index are derived from threshold, ngram and num_perm (see `lsh.choose_bands`).
    `allow` (regexes) and `boilerplate_documents` decide which `check` findings may pass;
    `index` is the index `check` reads when none is given on the command line.
    """

    threshold: float = 0.8
    shingle: ShingleKind = ShingleKind.WORD
    ngram: int | None = None
    num_perm: int = 128
    seed: int = 1
    min_words: int = 5
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str = "id"
    jobs: int = 0
    allow: tuple[str, ...] = ()
    boilerplate_documents: int = 5
    index: str = ""
    bands: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.ngram is not None and not 1 <= self.ngram <= 32:
            raise ConfigError(f"ngram must be between 1 and 32, got {self.ngram}")
        if not 16 <= self.num_perm <= 1024:
            raise ConfigError(f"num_perm must be between 16 and 1024, got {self.num_perm}")
        if not 0 <= self.seed < 2**32:
            raise ConfigError(f"seed must be between 0 and 2**32-1, got {self.seed}")
        if self.min_words < 1:
            raise ConfigError(f"min_words must be at least 1, got {self.min_words}")
        if self.jobs < 0:
            raise ConfigError(f"jobs must be 0 (all cores) or more, got {self.jobs}")
        if self.boilerplate_documents < 2:
            raise ConfigError(
                f"boilerplate_documents must be at least 2, got {self.boilerplate_documents}"
            )
        for pattern in self.allow:
            try:
                re.compile(pattern)
            except re.error as exc:
                problem = f"allow pattern {pattern!r} is not a valid regular expression ({exc})"
                raise ConfigError(problem) from None
        bands, rows = lsh.choose_bands(self.threshold, self.shingle_size, self.num_perm)
        object.__setattr__(self, "bands", bands)
        object.__setattr__(self, "rows", rows)

    @property
    def shingle_size(self) -> int:
        return self.ngram if self.ngram is not None else DEFAULT_NGRAM[self.shingle]

    def describe(self) -> dict[str, object]:
        """The settings as they appear in reports (JSON-ready)."""
        return {
            "threshold": self.threshold,
            "shingle": self.shingle.value,
            "ngram": self.shingle_size,
            "num_perm": self.num_perm,
            "bands": self.bands,
            "rows": self.rows,
            "seed": self.seed,
            "min_words": self.min_words,
        }

    def replace(self, **changes: Any) -> Settings:
        """A copy with `changes` applied and validated."""
        return from_mapping(changes, base=self)


_INIT_FIELDS = {f.name: f for f in dataclasses.fields(Settings) if f.init}
_ENUMS: dict[str, type[Enum]] = {"shingle": ShingleKind}


def from_mapping(
    values: dict[str, Any], base: Settings | None = None, source: str = ""
) -> Settings:
    """Settings from a plain mapping (a config table, CLI flags), type-checked key by key."""
    where = f"{source}: " if source else ""
    current = {name: getattr(base or Settings(), name) for name in _INIT_FIELDS}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in _INIT_FIELDS:
            known = ", ".join(sorted(_INIT_FIELDS))
            raise ConfigError(f"{where}unknown setting '{key}' (known: {known})")
        current[name] = _coerce(name, value, where)
    try:
        return Settings(**current)
    except ConfigError as exc:
        raise ConfigError(f"{where}{exc}") from None


def _coerce(name: str, value: Any, where: str) -> Any:
    if name in _ENUMS:
        enum = _ENUMS[name]
        try:
            return enum(value)
        except ValueError:
            choices = ", ".join(str(e.value) for e in enum)
            raise ConfigError(f"{where}{name} must be one of {choices}, got {value!r}") from None
    default = _INIT_FIELDS[name].default
    if name in ("include", "exclude", "allow"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
            kind = "regular expressions" if name == "allow" else "glob patterns"
            raise ConfigError(f"{where}{name} must be a list of {kind}")
        return tuple(items)
    if name == "ngram" and value is None:
        return None
    expected = float if isinstance(default, float) else type(default if default is not None else 0)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or isinstance(value, bool):
        raise ConfigError(f"{where}{name} must be {expected.__name__}, got {value!r}")
    return value


CONFIG_NAMES = ("dedupe.toml", "pyproject.toml")


def find_config(start: Path) -> Path | None:
    """The nearest dedupe.toml, or pyproject.toml with a [tool.dedupe] table, from `start` up."""
    for folder in (start, *start.parents):
        candidate = folder / "dedupe.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "dedupe" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path) -> dict[str, Any]:
    """The dedupe table of a config file: all of dedupe.toml, or [tool.dedupe] of pyproject.toml."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("dedupe", {})
        return dict(table) if isinstance(table, dict) else {}
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
