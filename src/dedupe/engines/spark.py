"""The Spark engine: the local engine's stages, run on a Spark cluster (`dedupe[spark]`).

Executors read and sketch files (`spark_read`); exact copies are grouped and numbered in
reading order; band buckets are grouped in Spark and paired with `lsh.candidate_pairs`
(so the large-bucket rule is the local one); pairs are verified with `verify`; verified
links become clusters through distributed connected components (`spark_components`);
each member is scored against its cluster's first group with `cluster.compare`.
Group numbers follow reading order, as in `groups.ExactGroups`, so clusters are identical.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import numpy as np
from pyspark import StorageLevel
from pyspark.errors import PySparkException
from pyspark.sql import Column, DataFrame, Row, SparkSession
from pyspark.sql import functions as F

from dedupe.cluster import compare, numbered
from dedupe.engines.spark_components import components
from dedupe.engines.spark_read import (
    PARAGRAPH,
    PARAGRAPH_SCHEMA,
    SKETCH,
    SKETCH_SCHEMA,
    TALLY,
    sketched_rows,
)
from dedupe.errors import DedupeError, InputError
from dedupe.lsh import candidate_pairs
from dedupe.model import Cluster, ClusterKind, Member, Paragraph, Problem, ScanResult, Stats
from dedupe.settings import Settings
from dedupe.shingle import TokenTable, starts_of
from dedupe.verify import similarities, within_length_bound

PAIR_SCHEMA = "a long, b long"
SCORE_SCHEMA = "gid long, root long, similarity double, jaccard double, containment double"
VERIFY_PAIRS = 200_000


@contextmanager
def session(master: str | None) -> Iterator[SparkSession]:
    """The active Spark session, or a new one on `master` that is stopped afterwards.

    Without `master`, spark-submit's --master is used, or local[*] outside spark-submit.
    """
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    builder = SparkSession.builder.appName("dedupe").config("spark.ui.showConsoleProgress", False)
    if master:
        builder = builder.master(master)
    if _on_this_machine(master):
        # One machine: a few shuffle partitions per core, not Spark's 200 for clusters, and
        # a quarter of the memory for the JVM that runs driver and executors, not 1 GiB.
        builder = builder.config("spark.sql.shuffle.partitions", 2 * (os.cpu_count() or 1))
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
        builder = builder.config("spark.driver.memory", f"{max(memory >> 20, 1024)}m")
        # Workers run this interpreter (its virtualenv included). Spark resolves the path
        # given as `spark.pyspark.python` through symlinks, which leaves a venv behind.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        spark = builder.getOrCreate()
    except PySparkException as exc:
        first = str(exc).splitlines()[0]
        raise DedupeError(f"cannot start Spark ({first}); is Java 17+ on PATH?") from exc
    try:
        yield spark
    finally:
        spark.stop()


def _on_this_machine(master: str | None) -> bool:
    """Whether Spark runs locally: a local master, or none outside spark-submit."""
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # set by spark-submit for Python apps
    return master.startswith("local") if master else not submitted


def scan(
    paths: Sequence[str],
    settings: Settings,
    master: str | None = None,
    members_parquet: str | None = None,
) -> ScanResult:
    """Scan `paths` with Spark; with `members_parquet`, clusters are written there instead.

    The Parquet output has one row per member: cluster id, kind, size, the paragraph's
    place and text, and its similarity, Jaccard and containment to the cluster's first member.
    """
    started = time.perf_counter()
    with session(master) as spark:
        run = _Run(spark, settings)
        try:
            return run.scan(paths, members_parquet, started)
        finally:
            run.release()


class _Run:
    """One scan's DataFrames; everything cached is released at the end."""

    def __init__(self, spark: SparkSession, settings: Settings) -> None:
        self.spark, self.settings = spark, settings
        self.cached: list[Any] = []

    def keep(self, frame: DataFrame) -> DataFrame:
        self.cached.append(frame.persist(StorageLevel.MEMORY_AND_DISK))
        return frame

    def release(self) -> None:
        for item in self.cached:
            item.unpersist()

    def scan(self, paths: Sequence[str], parquet: str | None, started: float) -> ScanResult:
        rows, problems = sketched_rows(self.spark, paths, self.settings)
        self.cached.append(rows.persist(StorageLevel.MEMORY_AND_DISK))
        tallies = sorted(rows.filter(lambda r: r[0] == TALLY).collect(), key=lambda r: r[1])
        paragraphs = self.keep(self._frame(rows, PARAGRAPH, PARAGRAPH_SCHEMA))
        groups = _groups(paragraphs).localCheckpoint()
        table = self.keep(
            self._frame(rows, SKETCH, SKETCH_SCHEMA)
            .dropDuplicates(["e0", "e1"])
            .join(groups, ["e0", "e1"])
            .select("gid", "size", "tokens", "keys")
        )
        pairs = self.keep(self._candidates(table))
        links = self.keep(self._verified(pairs, table))
        members = self._members(paragraphs, groups, self._scores(links, table))
        exact_links = paragraphs.count() - groups.count()
        if parquet is None:
            clusters = _collected(members)
            count = len(clusters)
        else:
            clusters, count = (), _write_parquet(members, parquet)
        stats = Stats(
            files=sum(t[2] for t in tallies),
            documents=sum(t[3] for t in tallies),
            paragraphs=sum(t[4] for t in tallies),
            skipped_short=sum(t[5] for t in tallies),
            candidates=pairs.count() + exact_links,
            verified_pairs=links.count() + exact_links,
            clusters=count,
            seconds=round(time.perf_counter() - started, 3),
        )
        found = [Problem(*p) for t in tallies for p in t[6]]
        return ScanResult(self.settings.describe(), stats, clusters, (*problems, *found))

    def _frame(self, rows: Any, tag: str, schema: str) -> DataFrame:
        return self.spark.createDataFrame(rows.filter(lambda r: r[0] == tag).map(lambda r: r[1:]),
                                          schema)  # fmt: skip

    def _candidates(self, table: DataFrame) -> DataFrame:
        """Distinct (a, b), a < b, of groups sharing a bucket in some band."""
        buckets = (
            table.select("gid", F.posexplode("keys").alias("band", "key"))
            .groupBy("band", "key")
            .agg(F.collect_list("gid").alias("members"))
            .where(F.size("members") > 1)
        )
        found = buckets.rdd.mapPartitions(_bucket_pairs)
        return self.spark.createDataFrame(found, PAIR_SCHEMA).distinct()

    def _verified(self, pairs: DataFrame, table: DataFrame) -> DataFrame:
        """Candidate pairs whose word similarity reaches the threshold."""
        tokens = table.select("gid", "tokens")
        rows = pairs.join(tokens.toDF("a", "ta"), "a").join(tokens.toDF("b", "tb"), "b")
        cutoff = self.settings.threshold - 1e-9  # as the local engine compares
        found = rows.select("a", "b", "ta", "tb").rdd.mapPartitions(
            partial(_verify, cutoff=cutoff)
        )
        return self.spark.createDataFrame(found, PAIR_SCHEMA)

    def _scores(self, links: DataFrame, table: DataFrame) -> DataFrame:
        """(gid, root, similarity, jaccard, containment) of every clustered group."""
        copied = table.where(F.col("size") > 1).select(F.col("gid").alias("node"),
                                                       F.col("gid").alias("root"))  # fmt: skip
        nodes = (
            components(links).unionByName(copied).groupBy("node").agg(F.min("root").alias("root"))
        )
        tokens = table.select("gid", "tokens")
        rows = nodes.join(tokens.toDF("node", "own"), "node").join(tokens.toDF("root", "ref"),
                                                                   "root")  # fmt: skip
        scored = rows.rdd.map(partial(_score, ngram=self.settings.shingle_size))
        return self.spark.createDataFrame(scored, SCORE_SCHEMA)

    def _members(self, paragraphs: DataFrame, groups: DataFrame, scores: DataFrame) -> DataFrame:
        """Every clustered paragraph with its group, root (cluster) and scores."""
        placed = paragraphs.join(groups.select("e0", "e1", "gid"), ["e0", "e1"])
        return self.keep(placed.join(scores, "gid").drop("e0", "e1"))


def _groups(paragraphs: DataFrame) -> DataFrame:
    """(e0, e1, gid, size) per exact text; gid increases with the first member's reading order."""
    firsts = paragraphs.groupBy("e0", "e1").agg(
        F.min(_reading_order()).alias("first"), F.count(F.lit(1)).alias("size")
    )
    return firsts.orderBy("first").select(
        "e0", "e1", F.monotonically_increasing_id().alias("gid"), "size"
    )


def _reading_order() -> Column:
    return F.struct("path", "order", "number")


def _bucket_pairs(buckets: Iterable[Row]) -> Iterator[tuple[int, int]]:
    """The pairs `lsh.candidate_pairs` finds in these buckets, as (smaller, larger) gid."""
    members = [np.sort(np.array(b["members"], dtype=np.int64)) for b in buckets]
    if not members:
        return
    bucket = np.repeat(np.arange(len(members), dtype=np.uint64), [len(m) for m in members])
    gids = np.concatenate(members)
    found = gids[candidate_pairs(bucket.reshape(1, -1))]
    yield from map(tuple, found.tolist())


def _verify(rows: Iterable[Row], cutoff: float) -> Iterator[tuple[int, int]]:
    """The pairs among `rows` (a, b, tokens of a, tokens of b) at or above `cutoff`."""
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, VERIFY_PAIRS)):
        place: dict[int, int] = {}
        sequences: list[bytes] = []
        for gid, tokens in itertools.chain.from_iterable(((r.a, r.ta), (r.b, r.tb)) for r in chunk):
            if gid not in place:
                place[gid] = len(sequences)
                sequences.append(tokens)
        ids = np.array([(r.a, r.b) for r in chunk], dtype=np.int64)
        pairs = np.vectorize(place.__getitem__, otypes=[np.int64])(ids)
        table = _table(sequences)
        fits = within_length_bound(table.lengths, pairs, cutoff)
        scores = similarities(table, pairs[fits], cutoff=cutoff)
        yield from map(tuple, ids[fits][scores >= cutoff].tolist())


def _table(sequences: list[bytes]) -> TokenTable:
    """Token hashes stored as bytes, back as a table."""
    lengths = np.array([len(s) // 8 for s in sequences], dtype=np.int64)
    return TokenTable(np.frombuffer(b"".join(sequences), np.uint64), starts_of(lengths), lengths)


def _score(row: Row, ngram: int) -> tuple[int, int, float, float, float]:
    if row.node == row.root:
        return (row.node, row.root, 1.0, 1.0, 1.0)
    reference, own = (np.frombuffer(t, np.uint64).tolist() for t in (row.ref, row.own))
    return (row.node, row.root, *compare(reference, own, ngram))


def _collected(members: DataFrame) -> tuple[Cluster, ...]:
    """The clusters, gathered on the driver and ordered as the local engine orders them."""
    drafts: dict[int, list[tuple[Member, int]]] = {}
    for row in members.orderBy(_reading_order()).toLocalIterator():
        paragraph = Paragraph(row.path, row.doc, row.order, row.number, row.line, row.end_line,
                              row.text)  # fmt: skip
        member = Member(paragraph, row.similarity, row.jaccard, row.containment)
        drafts.setdefault(row.root, []).append((member, row.gid))
    return numbered([_cluster(placed) for placed in drafts.values()])


def _cluster(placed: list[tuple[Member, int]]) -> Cluster:
    kind = ClusterKind.EXACT if len({gid for _, gid in placed}) == 1 else ClusterKind.NEAR
    return Cluster(id=0, kind=kind, members=tuple(member for member, _ in placed))


def _write_parquet(members: DataFrame, output: str) -> int:
    """Write one row per member with its cluster's id (report order); return the cluster count."""
    clusters = members.groupBy("root").agg(
        F.count(F.lit(1)).alias("size"),
        (F.countDistinct("gid") > 1).alias("near"),
        F.min(_reading_order()).alias("first"),
    )
    ordered = clusters.orderBy(F.desc("size"), "first").rdd.zipWithIndex()
    numbers = ordered.map(lambda item: (item[0].root, item[1] + 1, item[0].size, item[0].near))
    frame = members.sparkSession.createDataFrame(numbers, "root long, cluster long, size long, "
                                                 "near boolean")  # fmt: skip
    kind = F.when(F.col("near"), ClusterKind.NEAR.value).otherwise(ClusterKind.EXACT.value)
    out = members.join(frame, "root").select(
        "cluster", kind.alias("kind"), "size", "path", "doc", F.col("number").alias("paragraph"),
        "line", "end_line", "similarity", "jaccard", "containment", "text", "order",
    )  # fmt: skip
    try:
        out.orderBy("cluster", "path", "order", "paragraph").drop("order").write.parquet(output)
    except PySparkException as exc:
        raise InputError(output, f"cannot write Parquet ({str(exc).splitlines()[0]})") from exc
    return frame.count()
