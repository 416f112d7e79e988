"""The Spark engine, on real PySpark in local[2] mode: the same clusters as the local engine."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyspark.sql import SparkSession

from dedupe.cli import cli
from dedupe.engines import spark_submit
from dedupe.engines.spark_components import components
from tests.conftest import SEED_FILE, run_cli, scan_json
from tests.corpus import CorpusMaker
from tests.reprints import write_corpus


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """One JVM for the module; the engine uses this active session and leaves it running.

    Its Python workers run this interpreter, so they import dedupe from this environment.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("dedupe-tests")
        .config("spark.ui.enabled", False)
        .config("spark.ui.showConsoleProgress", False)
        .config("spark.sql.shuffle.partitions", 4)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reprints (JSONL), exact copies across text, Markdown, HTML and gzip files, and a bad file."""
    folder = tmp_path_factory.mktemp("archive")
    write_corpus(folder, originals=1000, seed=11)
    maker = CorpusMaker(5)
    shared = maker.paragraphs(30, low=8, high=60)
    for number in range(6):
        own = maker.paragraphs(20, low=8, high=60)
        mixed = own[:10] + shared[number * 5 : number * 5 + 10] + own[10:]
        (folder / f"story{number}.txt").write_text("\n\n".join(mixed) + "\n")
    (folder / "page.html").write_text("".join(f"<p>{p}</p>" for p in shared[:8]))
    (folder / "notes.md").write_text("# Notes\n\n" + "\n\n".join(shared[20:28]) + "\n")
    (folder / "old.txt.gz").write_bytes(gzip.compress("\n\n".join(shared[3:9]).encode()))
    (folder / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    shutil.copy(SEED_FILE, folder / "seed.txt")
    return folder


@pytest.fixture(scope="module")
def local_json(archive: Path) -> dict[str, Any]:
    return scan_json(CliRunner(), str(archive))[1]


def test_spark_clusters_equal_local_clusters(
    spark: SparkSession, archive: Path, local_json: dict[str, Any]
) -> None:
    result, found = scan_json(CliRunner(), "--engine", "spark", str(archive))
    assert result.exit_code == 2  # broken.jsonl.gz, as with the local engine
    assert found == local_json  # clusters, members, similarities, stats and errors
    kinds = {c["kind"] for c in found["clusters"]}
    assert kinds == {"exact", "near"} and len(found["clusters"]) > 900
    assert found["errors"] == [{"path": str(archive / "broken.jsonl.gz"),
                                "error": found["errors"][0]["error"]}]  # fmt: skip


def test_uri_input_is_listed_and_read_by_spark(
    spark: SparkSession, archive: Path, local_json: dict[str, Any]
) -> None:
    _, found = scan_json(CliRunner(), "--engine", "spark", archive.as_uri())
    local_prefix, uri_prefix = str(archive), "file:" + str(archive)

    def members(report: dict[str, Any], prefix: str) -> list[list[tuple[Any, ...]]]:
        return [
            [(m["path"].removeprefix(prefix), m["paragraph"], m["similarity"], m["text"])
             for m in cluster["members"]]
            for cluster in report["clusters"]
        ]  # fmt: skip

    assert members(found, uri_prefix) == members(local_json, local_prefix)
    assert found["stats"] == local_json["stats"]


def test_parquet_has_one_row_per_member_with_cluster_id(
    spark: SparkSession, archive: Path, local_json: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "clusters.parquet"
    result = run_cli(
        CliRunner(), "scan", "--engine", "spark", "--format", "parquet", "-o", str(out),
        str(archive),
    )  # fmt: skip
    clusters = local_json["clusters"]
    assert f"{len(clusters)} clusters" in result.stderr
    rows = spark.read.parquet(str(out)).orderBy("cluster", "path", "paragraph").collect()
    expected = [
        (c["id"], c["kind"], c["size"], m["path"], m["paragraph"], m["similarity"], m["text"])
        for c in clusters
        for m in c["members"]
    ]
    got = [(r.cluster, r.kind, r.size, r.path, r.paragraph, round(r.similarity, 4), r.text)
           for r in rows]  # fmt: skip
    assert sorted(got) == sorted(expected)


def test_components_join_chains_under_their_smallest_node(spark: SparkSession) -> None:
    edges = [(5, 4), (4, 9), (9, 1), (1, 1), (7, 8), (8, 7), (20, 3), (3, 12), (12, 20)]
    frame = spark.createDataFrame(edges, "a long, b long")
    found = {(r.node, r.root) for r in components(frame).collect()}
    assert found == {(1, 1), (4, 1), (5, 1), (9, 1), (7, 7), (8, 7), (3, 3), (12, 3), (20, 3)}


def test_parquet_without_output_folder_is_a_usage_error(spark: SparkSession, archive: Path) -> None:
    result = CliRunner().invoke(
        cli, ["scan", "--engine", "spark", "--format", "parquet", str(archive)]
    )
    assert result.exit_code == 2 and "needs -o" in result.stderr and not result.stdout


def test_spark_submit_script_runs_scan_on_the_session_it_is_given(
    spark: SparkSession, capsys: pytest.CaptureFixture[str]
) -> None:
    spark_submit.main(["--path"])
    assert Path(capsys.readouterr().out.strip()) == Path(spark_submit.__file__)
    with pytest.raises(SystemExit) as exited:
        spark_submit.main([str(SEED_FILE), "--format", "json"])
    assert exited.value.code == 0
    report = json.loads(capsys.readouterr().out)
    assert [[m["line"] for m in c["members"]] for c in report["clusters"]] == [[1, 3], [21, 27]]


def test_folder_without_comparable_paragraphs_gives_an_empty_report(
    spark: SparkSession, tmp_path: Path
) -> None:
    (tmp_path / "short.txt").write_text("Too short.\n\nAlso short.\n")
    result, found = scan_json(CliRunner(), "--engine", "spark", str(tmp_path))
    assert result.exit_code == 0
    assert found["clusters"] == [] and found["stats"]["skipped_short"] == 2


def test_parquet_into_an_existing_folder_is_one_line(spark: SparkSession, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    args = ["scan", "--engine", "spark", "--format", "parquet", "-o", str(taken), str(SEED_FILE)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dedupe: error: {taken}: cannot write Parquet (")
    assert result.stderr.count("\n") == 1
