"""The `check` and `index` commands: parse, call the library, render, set the exit code."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dedupe import __version__
from dedupe.baseline import read_baseline
from dedupe.baseline import write_baseline as record_baseline
from dedupe.check import accept
from dedupe.cli import (
    F,
    ProgressBar,
    build_settings,
    cli,
    reading_options,
    report_problems,
    settings_options,
    start_logging,
    write_report,
)
from dedupe.errors import InputError
from dedupe.index import AddResult, Index, IndexInfo
from dedupe.index.schema import SCHEMA_VERSION
from dedupe.report.check_formats import CHECK_FORMATS, render_check
from dedupe.report.github import markdown_summary

INDEX_PATH = click.Path(path_type=Path, dir_okay=False)


@cli.command(name="check")
@click.argument("drafts", nargs=-1, required=True)
@click.option("--index", "index_path", type=INDEX_PATH,
              help="The index of published paragraphs (from 'dedupe index build').  "
              "[default: 'index' in dedupe.toml or [tool.dedupe]]")
@settings_options
@reading_options
@click.option("--format", "-f", "output_format", type=click.Choice(CHECK_FORMATS),
              default="text", show_default=True,
              help="text for editors, json (dedupe.check/1), github (workflow annotations "
              "at the draft's lines), sarif (SARIF 2.1.0 for code scanning), html.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of standard output.")
@click.option("--baseline", "baseline_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Findings recorded in this file are 'baselined' and do not fail.")
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Record the current findings in this file (they then pass) and exit 0.")
@click.option("--exit-zero", is_flag=True, help="Report findings but exit 0 (errors still 2).")
@click.option("--timings", is_flag=True, help="Add the wall-clock seconds to JSON stats.")
@click.option("--quiet", "-q", is_flag=True, help="No warnings on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def check_command(
    ctx: click.Context,
    /,
    drafts: tuple[str, ...],
    index_path: Path | None,
    config_file: Path | None,
    output_format: str,
    output: Path | None,
    baseline_file: Path | None,
    write_baseline: Path | None,
    exit_zero: bool,
    timings: bool,
    quiet: bool,
    verbose: bool,
    **flags: Any,
) -> None:
    """Check DRAFTS against the published paragraphs in an index before they go out.

    A finding is a draft paragraph that repeats a published one (exactly or with
    light edits) or an earlier paragraph of the drafts. Only new findings fail:
    baselined ones, paragraphs matching an 'allow' pattern of the config, and
    boilerplate (a text in at least 'boilerplate_documents' published documents,
    default 5) are reported but pass.

    \b
    Exit codes: 0 nothing new, 1 new findings, 2 usage, input or index error
    (a draft that cannot be read is an error: a check never passes by skipping it).

    \b
    Examples:
      dedupe check drafts/story.md --index published.sqlite
      dedupe check drafts/ --index published.sqlite --format github
      dedupe check drafts/ --index published.sqlite --format sarif -o dedupe.sarif
    """
    start_logging(ctx, verbose)
    settings = build_settings(config_file, flags)
    if index_path is None and not settings.index:
        raise click.UsageError("no index: pass --index FILE, or set index in dedupe.toml")
    baseline = read_baseline(baseline_file) if baseline_file else frozenset()
    with Index.open(index_path or settings.index, settings) as index:
        result = index.check(drafts, baseline)
    if write_baseline is not None:
        written = record_baseline(write_baseline, result)
        click.echo(f"dedupe: wrote {written} findings to {write_baseline}", err=True)
        result = accept(result)
    report_problems(result.problems, quiet)
    color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = render_check(result, output_format, __version__, color=color, timings=timings,
                          drafts=drafts)
    write_report(report, output)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary_file:
        _append_summary(Path(summary_file), markdown_summary(result))
    ctx.exit(result.exit_code(exit_zero))


def _append_summary(path: Path, markdown: str) -> None:
    """Add the job summary to the file GitHub Actions names in $GITHUB_STEP_SUMMARY."""
    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(markdown)
    except OSError as exc:
        raise InputError(path, f"cannot write the job summary ({exc.strerror})") from None



@cli.group()
def index() -> None:
    """Build and maintain the index of published paragraphs that 'check' reads.

    An index is one SQLite file. It remembers the settings it was built with
    (shingles, permutations, seed, threshold's bands and rows, min words) and
    refuses a check or an add with other settings. Every add or remove is one
    transaction: an interrupted one leaves the index as it was, and checks can
    read while an add writes.
    """


def adding_options(function: F) -> F:
    """The arguments and options of the commands that read articles into an index."""
    decorators: list[Callable[[Any], Any]] = [
        click.argument("index_path", metavar="INDEX", type=INDEX_PATH),
        click.argument("paths", nargs=-1, required=True),
        settings_options,
        reading_options,
        click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings."),
        click.option("--verbose", "-v", is_flag=True, help="Show tracebacks on errors."),
        click.pass_context,
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@index.command(name="build")
@adding_options
def build_command(ctx: click.Context, /, index_path: Path, paths: tuple[str, ...],
                  config_file: Path | None, quiet: bool, verbose: bool, **flags: Any) -> None:
    """Create INDEX from the published articles in PATHS (it must not exist yet).

    The file appears only once complete. Document ids are file paths as given (so
    build and add from the same folder), or the id field of JSONL records.
    """
    start_logging(ctx, verbose)
    settings = build_settings(config_file, flags)
    with ProgressBar(not quiet, "Indexing") as bar:
        result = Index.build(index_path, paths, settings, __version__, bar.update)
    _finish_add(ctx, result, index_path, quiet)


@index.command(name="add")
@adding_options
def add_command(ctx: click.Context, /, index_path: Path, paths: tuple[str, ...],
                config_file: Path | None, quiet: bool, verbose: bool, **flags: Any) -> None:
    """Add the articles in PATHS to INDEX; a document already indexed is replaced."""
    start_logging(ctx, verbose)
    settings = build_settings(config_file, flags)
    with Index.open(index_path, settings) as opened, ProgressBar(not quiet, "Indexing") as bar:
        result = opened.add(paths, bar.update)
    _finish_add(ctx, result, index_path, quiet)


@index.command(name="remove")
@click.argument("index_path", metavar="INDEX", type=INDEX_PATH)
@click.argument("doc_ids", metavar="DOC_ID...", nargs=-1, required=True)
@settings_options
def remove_command(index_path: Path, doc_ids: tuple[str, ...],
                   config_file: Path | None, **flags: Any) -> None:
    """Remove documents from INDEX by id (as findings show them); all or none."""
    settings = build_settings(config_file, flags)
    with Index.open(index_path, settings) as opened:
        removed = opened.remove(doc_ids)
    click.echo(f"Removed {_count(removed, 'document')} from {index_path}.")


@index.command(name="info")
@click.argument("index_path", metavar="INDEX", type=INDEX_PATH)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info_command(index_path: Path, as_json: bool) -> None:
    """Show INDEX's settings, schema version, documents, paragraphs and size."""
    with Index.open(index_path) as opened:
        info = opened.info()
    click.echo(_render_info(info, as_json))


@index.command(name="upgrade")
@click.argument("index_path", metavar="INDEX", type=INDEX_PATH)
def upgrade_command(index_path: Path) -> None:
    """Bring INDEX, written by an older dedupe, to this dedupe's schema, in place.

    One transaction: if interrupted, INDEX stays as it was. The file is then compacted,
    which needs free disk space about its size. An index already current is left alone.
    """
    was = Index.upgrade(index_path)
    if was == SCHEMA_VERSION:
        click.echo(f"{index_path} is already at schema {SCHEMA_VERSION}; nothing to do.")
    else:
        click.echo(f"Upgraded {index_path} from schema {was} to schema {SCHEMA_VERSION}.")


def _finish_add(ctx: click.Context, result: AddResult, index_path: Path, quiet: bool) -> None:
    report_problems(result.problems, quiet)
    if not index_path.exists():
        click.echo(f"dedupe: error: {index_path}: not written, no document could be read", err=True)
        ctx.exit(2)
    replaced = f" ({result.replaced} replaced)" if result.replaced else ""
    click.echo(f"Indexed {_count(result.documents, 'document')}{replaced}, "
               f"{_count(result.paragraphs, 'paragraph')} from {_count(result.files, 'file')} "
               f"into {index_path}.")
    ctx.exit(result.exit_code)


def _render_info(info: IndexInfo, as_json: bool) -> str:
    fields = {
        "path": info.path, "schema": info.schema, "created_by": info.created_by,
        "documents": info.documents, "paragraphs": info.paragraphs, "texts": info.texts,
        "band_keys": info.band_keys, "text_bytes": info.text_bytes, "size": info.size,
        "bytes_per_paragraph": round(info.bytes_per_paragraph, 1), "settings": info.settings,
    }
    if as_json:
        return json.dumps(fields, indent=2)
    settings = ", ".join(f"{k}={v}" for k, v in info.settings.items())
    upgrade = (f"\nupgrade:     schema {info.schema} is from an older dedupe: "
               f"run 'dedupe index upgrade {info.path}'" if info.schema != SCHEMA_VERSION else "")
    return "\n".join([
        f"index:       {info.path} (schema {info.schema}, built by dedupe {info.created_by})",
        f"settings:    {settings}",
        f"documents:   {info.documents:,}",
        f"paragraphs:  {info.paragraphs:,} ({info.texts:,} distinct texts, "
        f"{info.band_keys:,} band keys)",
        f"size:        {info.size:,} bytes ({info.text_bytes:,} of paragraph text; "
        f"{info.bytes_per_paragraph:,.0f} bytes per paragraph beyond it)",
    ]) + upgrade


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' * (number != 1)}"
