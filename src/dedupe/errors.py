"""Typed errors raised by the library; the CLI turns each into one line and exit code 2."""

from __future__ import annotations

from pathlib import Path


class DedupeError(Exception):
    """Base class for every error dedupe reports to a user."""


class InputError(DedupeError):
    """A path given by the user cannot be used at all (missing, not a file or folder)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


class ConfigError(DedupeError):
    """An option or a configuration file holds a value dedupe cannot use."""


class MissingExtraError(DedupeError):
    """An optional feature needs a package that is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the optional extra: pip install 'dedupe[{extra}]'")
