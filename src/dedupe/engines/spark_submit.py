"""`dedupe scan` for spark-submit: the same command line, run on the cluster's Spark.

    spark-submit --master yarn "$(python -m dedupe.engines.spark_submit --path)" \\
        hdfs:///corpus --format parquet -o hdfs:///clusters

Arguments after the script are those of `dedupe scan`; the master and every other Spark
setting come from spark-submit. `--path` prints where this script is, for the line above.
"""

from __future__ import annotations

import sys

from dedupe.cli import cli


def main(argv: list[str] | None = None) -> None:
    """Run `dedupe scan --engine spark ARGS` (or print this file's path for `--path`)."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--path"]:
        sys.stdout.write(__file__ + "\n")
        return
    cli(["scan", "--engine", "spark", *args], prog_name="dedupe")


if __name__ == "__main__":
    main()
