"""whosaid spark: the same extraction on Apache Spark, JSONL or WARC in, Parquet out."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "run the extraction on Apache Spark (local or a cluster), Parquet out"
EPILOG = """\
INPUT is JSONL (objects with "text" and optional "id", "title", "url",
"outlet", "date", "author") or WARC files, at any path Spark reads: a local
folder, a glob, hdfs://, s3a://. OUTPUT gets one Parquet folder per table:
articles, article_publications, outlet_articles, quotes, speakers, speaker_articles,
gender_evidence, quote_occurrences, rejects, with the columns of
`whosaid export`.

Executors load the spaCy pipeline once per Python worker. Needs PySpark
(pip install pyspark) and Java 17. On a cluster, submit
src/whosaid/spark/job.py with spark-submit instead; docs/corpus.md shows how
to ship whosaid and its model to the executors.

examples:
  whosaid spark articles.jsonl out/                       # local, every core
  whosaid spark 'crawl/*.warc.gz' out/ --master 'local[4]'
  whosaid spark hdfs:///news/2024/ hdfs:///whosaid/2024 --master yarn
"""


def register(sub: argparse._SubParsersAction) -> None:
    from ..pipelines import add_pipeline_option

    parser = sub.add_parser(
        "spark", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("input", metavar="INPUT", help="JSONL or WARC files (path, folder or glob Spark can read)")
    parser.add_argument("output", metavar="OUTPUT", help="folder for the Parquet tables (replaced if it exists)")
    parser.add_argument("--master", default="local[*]", help="Spark master URL (default: local[*], every local core)")
    parser.add_argument("--format", choices=("jsonl", "warc"), help="input format (default: from the file names)")
    parser.add_argument("--partitions", type=int, metavar="N", help="input partitions (default: Spark's parallelism)")
    parser.add_argument("--speakers", metavar="FILE", help="speaker registry, CSV or YAML, as for ingest: its speakers, "
                        "merges, namesake entries and quote corrections apply as they do in the store")
    add_pipeline_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("whosaid spark: PySpark is not installed; `pip install pyspark` (and Java 17) first", file=sys.stderr)
        return 1
    from ..pipelines import chosen_pipeline
    from ..spark import run as run_spark

    counts = run_spark(
        args.input, args.output, master=args.master, input_format=args.format,
        partitions=args.partitions, speakers=args.speakers, pipeline=chosen_pipeline(args),
    )
    print(json.dumps(counts))
    print(f"wrote {', '.join(f'{n:,} {t}' for t, n in counts.items())} under {args.output}", file=sys.stderr)
    return 0
