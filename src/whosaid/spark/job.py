"""spark-submit entry point: the whosaid extraction as a Spark application.

    spark-submit --master yarn \
        --archives whosaid-env.tar.gz#env \
        --conf spark.pyspark.python=./env/bin/python \
        job.py s3a://bucket/news/ s3a://bucket/whosaid-out

See docs/corpus.md for shipping whosaid and its spaCy model to the executors.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="whosaid-spark-job", description="who said what, on a Spark cluster")
    parser.add_argument("input", help="JSONL or WARC files: any path Spark reads (hdfs://, s3a://, file://, globs)")
    parser.add_argument("output", help="folder for the Parquet tables")
    parser.add_argument("--format", choices=("jsonl", "warc"), help="input format (default: from the path)")
    parser.add_argument("--partitions", type=int, help="input partitions (default: Spark's parallelism)")
    parser.add_argument("--speakers", help="speaker registry, CSV or YAML, readable by the driver")
    parser.add_argument("--pipeline", choices=("fast", "accurate"), default="fast",
                        help="which pipeline reads the articles (default: fast; see docs/accuracy.md)")
    args = parser.parse_args(argv)
    from whosaid.spark import run

    counts = run(args.input, args.output, input_format=args.format, partitions=args.partitions, speakers=args.speakers,
                 pipeline=args.pipeline)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
