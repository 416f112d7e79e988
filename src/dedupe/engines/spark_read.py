"""Spark engine, first stage: read and sketch files on the executors, as rows.

Local paths are listed on the driver with `readers.discover` (executors must see the same
file system); URIs (hdfs://, s3a://, file://...) are listed with Hadoop's FileSystem and
read with `binaryFiles`. Each task runs the local engine's `sketch_sources` and turns its
sketched batches into rows: one per kept paragraph, one per distinct text, one tally.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import Any

import numpy as np
from pyspark import RDD
from pyspark.sql import SparkSession

from dedupe.engines.local import TaskResult, plan_tasks, sketch_sources
from dedupe.model import Problem
from dedupe.readers import Source, discover, in_memory, wanted
from dedupe.settings import Settings
from dedupe.sketch import SketchedBatch

PARAGRAPH, SKETCH, TALLY = "p", "s", "t"
PARAGRAPH_SCHEMA = (
    "e0 long, e1 long, path string, doc string, order long, number long, "
    "line long, end_line long, text string"
)
SKETCH_SCHEMA = "e0 long, e1 long, tokens binary, keys array<long>"


def is_uri(path: str) -> bool:
    return "://" in path


def sketched_rows(
    spark: SparkSession, paths: Sequence[str], settings: Settings
) -> tuple[RDD[tuple[Any, ...]], list[Problem]]:
    """Tagged rows of every path, and the problems found while listing them."""
    sources, problems = discover([p for p in paths if not is_uri(p)], settings)
    tasks = list(enumerate(plan_tasks(sources)))
    context = spark.sparkContext
    rdd = context.parallelize(tasks, max(1, len(tasks))).mapPartitions(
        partial(_sketch_tasks, settings=settings)
    )
    names = [name for uri in paths if is_uri(uri) for name in _listed(spark, uri, settings)]
    if names:
        files = context.binaryFiles(",".join(names), context.defaultParallelism)
        sketch = partial(_sketch_files, first=len(tasks), settings=settings)
        rdd = rdd.union(files.mapPartitionsWithIndex(sketch))
    return rdd, problems


def _listed(spark: SparkSession, uri: str, settings: Settings) -> list[str]:
    """The files below `uri` (or `uri` itself) that the walk of a local folder would read."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    root = jvm.org.apache.hadoop.fs.Path(uri)
    system = root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if system.getFileStatus(root).isFile():
        return [uri]
    found = system.listFiles(root, True)
    prefix = str(system.makeQualified(root)).rstrip("/") + "/"
    names = []
    while found.hasNext():
        name = str(found.next().getPath())
        if wanted(name.removeprefix(prefix), settings):
            names.append(name)
    return sorted(names)


def _sketch_tasks(
    tasks: Iterable[tuple[int, list[Source]]], settings: Settings
) -> Iterator[tuple[Any, ...]]:
    for index, sources in tasks:
        yield from _rows((index, ""), sketch_sources(sources, settings))


def _sketch_files(
    partition: int, files: Iterable[tuple[str, bytes]], first: int, settings: Settings
) -> Iterator[tuple[Any, ...]]:
    sources = [in_memory(name, data) for name, data in files]
    for task in plan_tasks(sources):
        yield from _rows((first + partition, task[0].name), sketch_sources(task, settings))


def _rows(where: tuple[int, str], result: TaskResult) -> Iterator[tuple[Any, ...]]:
    """The tally of one task, then a row per kept paragraph and per distinct text."""
    kept = sum(len(b.paragraphs) for b in result.batches)
    skipped = sum(b.skipped_short for b in result.batches)
    problems = [(p.path, p.message, p.is_error) for p in result.problems]
    yield (TALLY, where, result.files, len(result.documents), kept + skipped, skipped, problems)
    for batch in result.batches:
        yield from _batch_rows(batch)


def _batch_rows(batch: SketchedBatch) -> Iterator[tuple[Any, ...]]:
    exact = batch.exact.view(np.int64).tolist()
    columns = batch.paragraphs
    for i, (e0, e1) in enumerate(exact):
        yield (
            PARAGRAPH, e0, e1, columns.paths[i], columns.docs[i], int(columns.order[i]),
            int(columns.number[i]), int(columns.line[i]), int(columns.end_line[i]),
            columns.texts[i],
        )  # fmt: skip
    first = np.unique(batch.row, return_index=True)[1]
    keys = batch.keys.view(np.int64)
    table = batch.tokens
    for row, paragraph in enumerate(first.tolist()):
        start, length = int(table.starts[row]), int(table.lengths[row])
        tokens = table.flat[start : start + length].tobytes()
        yield (SKETCH, *exact[paragraph], tokens, keys[:, row].tolist())
