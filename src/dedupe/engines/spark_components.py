"""Connected components of a graph held in a Spark DataFrame, without collecting it.

Alternating large-star and small-star rounds (Kiveris et al., "Connected Components in
MapReduce and Beyond", SoCC 2014) turn every component into a star around its smallest
node in O(log^2 n) rounds; each round is a few joins and aggregations. Nodes are int64.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

# A component of n nodes needs O(log^2 n) rounds; this bound is never reached in practice
# and only guards against an endless loop should the edge set fail to settle.
MAX_ROUNDS = 200


def components(edges: DataFrame) -> DataFrame:
    """(node, root) for every node of `edges` (columns a, b): root is its component's smallest node.

    Edges are undirected; self-loops and repeats are allowed.
    """
    current = _undirected(edges).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        after = _small_star(_large_star(current)).localCheckpoint()
        if _same(after, current):
            break
        current = after
    else:
        raise RuntimeError(f"connected components did not settle in {MAX_ROUNDS} rounds")
    leaves = current.select(F.col("u").alias("node"), F.col("v").alias("root"))
    roots = current.select(F.col("v").alias("node"), F.col("v").alias("root")).distinct()
    return leaves.unionByName(roots)


def _undirected(edges: DataFrame) -> DataFrame:
    """Edges as distinct (u, v) with u > v, self-loops dropped."""
    return (
        edges.where(F.col("a") != F.col("b"))
        .select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v"))
        .distinct()
    )


def _large_star(edges: DataFrame) -> DataFrame:
    """Each node's larger neighbours are linked to the smallest node of its neighbourhood."""
    both = edges.unionByName(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
    smallest = both.groupBy("u").agg(F.least(F.col("u"), F.min("v")).alias("m"))
    return (
        both.join(smallest, "u")
        .where(F.col("v") > F.col("u"))
        .select(F.col("v").alias("u"), F.col("m").alias("v"))
        .distinct()
    )


def _small_star(edges: DataFrame) -> DataFrame:
    """Each node and its smaller neighbours are linked to the smallest of them."""
    smallest = edges.groupBy("u").agg(F.min("v").alias("m"))
    neighbours = (
        edges.join(smallest, "u")
        .where(F.col("v") != F.col("m"))
        .select(F.col("v").alias("u"), F.col("m").alias("v"))
    )
    return neighbours.unionByName(smallest.select("u", F.col("m").alias("v"))).distinct()


def _same(after: DataFrame, before: DataFrame) -> bool:
    """Whether two distinct edge sets are equal."""
    return after.count() == before.count() and after.subtract(before).isEmpty()
