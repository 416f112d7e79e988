"""The command line: parse, call the library, render, set the exit code. No algorithm here."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from dedupe import __version__, api
from dedupe.engines.local import worker_count
from dedupe.errors import DedupeError, InputError
from dedupe.model import Problem, ScanResult
from dedupe.report.explain import render_explain
from dedupe.report.html import render_html
from dedupe.report.json import render_json, render_jsonl
from dedupe.report.text import render_text
from dedupe.settings import Settings, ShingleKind, find_config, from_mapping, load_config

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "json", "jsonl", "html", "parquet")


class _UserError(click.ClickException):
    """One line on stderr and exit code 2: bad input, bad settings, or an internal error."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"dedupe: error: {self.format_message()}", err=True)


class _Group(click.Group):
    """Turns library errors into one clean line; `-v` adds the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DedupeError as exc:
            raise _UserError(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            raise click.exceptions.Exit(1) from None
        except Exception as exc:
            if ctx.meta.get("verbose"):
                traceback.print_exc()
            raise _UserError(f"internal error: {type(exc).__name__}: {exc}") from exc


def settings_options(function: F) -> F:
    """The options that fill `Settings` (shared by every command that matches paragraphs)."""
    options = [
        click.option(
            "--threshold",
            type=float,
            help="Word similarity (0-1] a near-duplicate "
            "needs; verified on every candidate.  [default: 0.8]",
        ),
        click.option(
            "--shingle",
            type=click.Choice([k.value for k in ShingleKind]),
            help="Shingle words, or characters for text without spaces.  [default: word]",
        ),
        click.option("--ngram", type=int, help="Tokens per shingle.  [default: 2 words, 3 chars]"),
        click.option("--num-perm", type=int, help="MinHash permutations.  [default: 128]"),
        click.option("--seed", type=int, help="Seed of the hash functions.  [default: 1]"),
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Settings file (TOML). Default: the nearest dedupe.toml, or "
            "pyproject.toml with [tool.dedupe], from the working folder up.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def build_settings(config_file: Path | None, flags: dict[str, Any]) -> Settings:
    """Settings from the config file (explicit or found), then the flags given, which win."""
    path = config_file or find_config(Path.cwd())
    if config_file is not None and not config_file.is_file():
        raise InputError(config_file, "config file not found")
    base = from_mapping(load_config(path), source=str(path)) if path else Settings()
    given = {name: value for name, value in flags.items() if value not in (None, ())}
    return from_mapping(given, base=base)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="dedupe")
def cli() -> None:
    """Find duplicate and near-duplicate paragraphs in articles and corpora.

    \b
    Exit codes: 0 ran and found nothing to fail on, 1 duplicates found (scan
    with --fail-on-duplicates) or new findings (check), 2 usage, input, index or
    internal error (one line on stderr).
    """


def reading_options(function: F) -> F:
    """The options that say which files to read and how (shared by scan, index and check)."""
    options = [
        click.option(
            "--min-words",
            type=int,
            help="Paragraphs with fewer words are not compared.  [default: 5]",
        ),
        click.option(
            "--include",
            multiple=True,
            help="Only files in folders matching this glob "
            "(repeatable; matched on the path below the folder and on the file name).",
        ),
        click.option(
            "--exclude",
            multiple=True,
            help="Skip files and folders matching this glob (repeatable).",
        ),
        click.option("--text-field", help="JSONL field holding the text.  [default: text]"),
        click.option("--id-field", help="JSONL field holding the document id.  [default: id]"),
        click.option(
            "--jobs",
            "-j",
            type=int,
            help="Processes for reading and hashing; 0 = all cores.  [default: 0]",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@settings_options
@reading_options
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Where to run: this machine, or Apache Spark (needs dedupe[spark] and Java 17+).",
)
@click.option(
    "--spark-master",
    metavar="URL",
    help="Spark master for --engine spark, e.g. local[4] or spark://host:7077.  "
    "[default: local[*], or spark-submit's --master]",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json (one dedupe.scan/1 object) or "
    "jsonl (one cluster per line) for machines, html (one self-contained page, "
    "best with -o report.html) for looking, parquet (--engine spark: one row per "
    "cluster member, written to the folder or URI given with -o) for huge results.",
)
@click.option(
    "--output",
    "-o",
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--timings",
    is_flag=True,
    help="Add the wall-clock seconds to JSON stats "
    "(off by default so the same input gives byte-identical JSON).",
)
@click.option(
    "--fail-on-duplicates",
    is_flag=True,
    help="Exit with code 1 when any cluster is found (for CI).",
)
@click.option("--no-progress", is_flag=True, help="Never show a progress bar.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Log each stage; show tracebacks on errors.")
@click.pass_context
def scan(
    ctx: click.Context,
    /,
    paths: tuple[str, ...],
    config_file: Path | None,
    engine: api.Engine,
    spark_master: str | None,
    output_format: str,
    output: str | None,
    timings: bool,
    fail_on_duplicates: bool,
    no_progress: bool,
    quiet: bool,
    verbose: bool,
    **flags: Any,
) -> None:
    """Report clusters of repeated paragraphs found in PATHS.

    PATHS are files (.txt, .md, .html, .jsonl, each also .gz), folders (walked
    recursively, hidden entries skipped) or - for standard input (plain text).

    \b
    Examples:
      dedupe scan seeds/
      dedupe scan archive/ --include '*.md' --format json -o clusters.json
      dedupe scan corpus.jsonl.gz --text-field body --threshold 0.9
      dedupe scan hdfs:///corpus --engine spark --format parquet -o hdfs:///clusters
    """
    start_logging(ctx, verbose)
    settings = build_settings(config_file, flags)
    parquet = output_format == "parquet"
    if parquet and not output:
        raise click.UsageError("--format parquet needs -o FOLDER (or a URI Spark can write)")
    with ProgressBar(not (no_progress or quiet)) as bar:
        result = api.scan(
            paths, settings, progress=bar.update, engine=engine, spark_master=spark_master,
            members_parquet=output if parquet else None,
        )  # fmt: skip
    report_problems(result.problems, quiet)
    if parquet:
        stats = result.stats
        click.echo(f"dedupe: {stats.clusters} clusters of {stats.paragraphs} paragraphs "
                   f"written to {output}", err=True)  # fmt: skip
    else:
        target = Path(output) if output else None
        rendered = _render(result, output_format, target, timings, paths, worker_count(settings))
        write_report(rendered, target)
    ctx.exit(result.exit_code(fail_on_duplicates))


def _render(
    result: ScanResult,
    output_format: str,
    output: Path | None,
    timings: bool,
    paths: tuple[str, ...],
    workers: int,
) -> str:
    if output_format == "json":
        return render_json(result, __version__, timings, workers)
    if output_format == "jsonl":
        return render_jsonl(result, workers)
    if output_format == "html":
        return render_html(result, __version__, scanned=paths, timings=timings)
    color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return render_text(result, color=color, workers=workers)


def start_logging(ctx: click.Context, verbose: bool) -> None:
    """`-v` logs each stage and shows tracebacks on errors."""
    ctx.meta["verbose"] = verbose
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="dedupe: %(message)s"
    )


def report_problems(problems: Sequence[Problem], quiet: bool) -> None:
    """Files skipped (errors) or read with a caveat (warnings, unless quiet), on stderr."""
    for problem in problems:
        if problem.is_error or not quiet:
            click.echo(f"dedupe: {'error' if problem.is_error else 'warning'}: {problem}", err=True)


def write_report(report: str, output: Path | None) -> None:
    if output is None:
        click.echo(report, nl=False)
        return
    try:
        output.write_text(report, encoding="utf-8")
    except OSError as exc:
        raise InputError(output, f"cannot write report ({exc.strerror})") from exc


class ProgressBar:
    """A click progress bar on stderr, created on the first update (when the total is known).

    Shown only when enabled and stderr is a terminal.
    """

    def __init__(self, enabled: bool, label: str = "Scanning") -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.render_finish()

    def update(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
        self.bar.update(done - self.done)
        self.done = done


@cli.command()
@settings_options
def explain(config_file: Path | None, **flags: Any) -> None:
    """Show what a threshold means: shingle size, LSH bands x rows, and the chance that
    a pair at each similarity becomes a candidate (the S-curve)."""
    click.echo(render_explain(build_settings(config_file, flags)), nl=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="dedupe")


# The check and index commands live in their own module; importing it registers them.
from dedupe import cli_check  # noqa: E402, F401
