"""The extraction over archives on Spark: JSON Lines or Parquet of {id, text, published_at} in, Parquet out.

    python -m service spark archive.jsonl events.parquet --master 'local[2]'
    spark-submit ... deploy/spark/extract_archive.py s3a://bucket/archive/ s3a://bucket/events/   (README, Archives)

One output row per input record, never fewer: `record` (its 0-based position in the input), `id`, `status` (200,
or 400/422/500 like the API), `n_events`, `problem` (the problem+json object as text, on failure) and `response`
(the API's response as JSON text, on success). JSON Lines lines are requests of the API's shape and are validated
exactly as the API validates them (service/articles.py through service/batch.answer); a Parquet table is read by
its columns id (cast to text), text, published_at (a date or timestamp becomes its ISO form) and language, and
other columns are ignored.

Each Python worker process loads the pipeline once, on its first partition, and keeps it in this module for the
partitions after it (`spark.python.worker.reuse`, on by default, is set explicitly), so the cost of a load is paid
once per worker process and core, not per partition or record. Within a partition, articles go through nlp.pipe
in chunks of `chunk_size`, by the same function the archive command uses. Nothing here needs pyspark on import
except the driver functions, so extract_partition is tested without Spark.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark import RDD, Accumulator
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType
    from spacy.language import Language

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
REQUEST_FIELDS = ("id", "text", "published_at", "language")
# The columns of every output row, in order (output_schema() gives their Spark types).
COLUMNS = ("record", "id", "status", "n_events", "problem", "response")
_PIPELINES: dict[str | None, Language] = {}  # this worker process's pipelines, by model name, loaded once


def pipeline(model: str | None, loads: Accumulator | None = None) -> Language:
    """This process's pipeline, loaded on first use and kept: one load per Python worker, not per partition."""
    if model not in _PIPELINES:
        from .nlp.pipeline import load_pipeline

        _PIPELINES[model] = load_pipeline(model)
        if loads is not None:
            loads.add(1)
    return _PIPELINES[model]


def payload_of_row(row: dict) -> dict:
    """The request of one Parquet row: its request columns that are not null, dates as ISO text."""
    payload = {}
    for name in REQUEST_FIELDS:
        value = row.get(name)
        if isinstance(value, dt.date):  # datetime is a date too; both have the ISO form the API accepts
            value = value.isoformat()
        if value is not None:
            payload[name] = value
    return payload


def result_row(record: int, payload: object, answer: dict) -> tuple:
    """One output row (COLUMNS) from an answer of service.batch.answer."""
    status = answer["status"]
    if status == 200:
        result = answer["result"]
        return record, result.get("id"), 200, len(result["events"]), None, json.dumps(result, ensure_ascii=False)
    given = payload.get("id") if isinstance(payload, dict) else None
    problem = json.dumps(answer["problem"], ensure_ascii=False)
    return record, given if isinstance(given, str) else None, status, None, problem, None


def extract_partition(
    records: Iterable[tuple[int, object]],
    model: str | None = None,
    batch_size: int = 8,
    chunk_size: int = 32,
    max_text_chars: int = 100_000,
    loads: Accumulator | None = None,
) -> Iterator[tuple]:
    """Output rows for one partition of (record, JSON line or Parquet payload): nlp.pipe over chunks of it."""
    from .batch import answer, decode

    chunk: list[tuple[int, object]] = []

    def flush() -> Iterator[tuple]:
        nlp = pipeline(model, loads)
        answers = answer(nlp, [payload for _, payload in chunk], max_text_chars, batch_size)
        for (record, payload), a in zip(chunk, answers, strict=True):
            yield result_row(record, payload, a)
        chunk.clear()

    for record, raw in records:
        chunk.append((record, decode(raw) if isinstance(raw, str) else raw))
        if len(chunk) >= chunk_size:
            yield from flush()
    if chunk:
        yield from flush()


def output_schema() -> StructType:
    """The Spark type of the output rows."""
    from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType

    types = {"record": LongType(), "status": IntegerType(), "n_events": IntegerType()}
    return StructType([StructField(name, types.get(name, StringType()), name != "record") for name in COLUMNS])


def input_format(path: str) -> str:
    """'parquet' or 'jsonl' from the path's name (a directory of Parquet files ends in .parquet by convention)."""
    name = path.rstrip("/").lower()
    return "parquet" if name.endswith((".parquet", ".pq")) else "jsonl"


def read_records(spark: SparkSession, path: str, fmt: str) -> RDD:
    """(position, raw record) pairs: a JSON Lines line as text, or a Parquet row as a request payload."""
    if fmt == "jsonl":
        lines = spark.read.text(path).rdd.map(lambda row: row.value)
        return lines.zipWithIndex().filter(lambda pair: pair[0].strip() != "").map(lambda pair: (pair[1], pair[0]))
    if fmt != "parquet":
        raise ValueError(f"unknown input format {fmt!r}: use jsonl or parquet")
    frame = spark.read.parquet(path)
    columns = [c for c in REQUEST_FIELDS if c in frame.columns]
    if "id" in columns:
        frame = frame.withColumn("id", frame["id"].cast("string"))
    payloads = frame.select(*columns).rdd.map(lambda row: payload_of_row(row.asDict()))
    return payloads.zipWithIndex().map(lambda pair: (pair[1], pair[0]))


def run(
    spark: SparkSession,
    source: str,
    target: str,
    fmt: str | None = None,
    model: str | None = None,
    partitions: int | None = None,
    batch_size: int = 8,
    chunk_size: int = 32,
    max_text_chars: int = 100_000,
    mode: str = "errorifexists",
) -> dict:
    """Extract every record of `source` into Parquet at `target`; returns counts per status and pipeline loads."""
    started = time.perf_counter()
    records = read_records(spark, source, fmt or input_format(source))
    wanted = partitions or 4 * spark.sparkContext.defaultParallelism
    if records.getNumPartitions() < wanted:
        # By position, round robin: RDD.repartition would move PySpark's pickled batches, not records, and can
        # leave every record of a small file in one partition.
        records = records.partitionBy(wanted, lambda position: position)
    loads = spark.sparkContext.accumulator(0)
    work = functools.partial(extract_partition, model=model, batch_size=batch_size, chunk_size=chunk_size,
                             max_text_chars=max_text_chars, loads=loads)  # fmt: skip
    rows = records.mapPartitions(work)
    spark.createDataFrame(rows, output_schema()).write.mode(mode).parquet(target)
    counts = {int(r["status"]): int(r["count"]) for r in spark.read.parquet(target).groupBy("status").count().collect()}
    return {
        "records": sum(counts.values()),
        "by_status": dict(sorted(counts.items())),
        "partitions": records.getNumPartitions(),
        "pipeline_loads": loads.value,
        "seconds": round(time.perf_counter() - started, 2),
    }


def session(master: str | None = None, app_name: str = "news-events-extract") -> SparkSession:
    """A SparkSession with the job's defaults, each only where spark-submit or --conf has not set it."""
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    # Start (or join spark-submit's) JVM first: only then does SparkConf() see the settings given on the command
    # line, which these defaults must not override.
    SparkContext._ensure_initialized()
    conf = SparkConf()
    conf.setMaster(master or conf.get("spark.master", "local[*]"))  # spark-submit's --master, else all local cores
    local = conf.get("spark.master").startswith("local")
    defaults = {
        "spark.app.name": app_name,
        "spark.python.worker.reuse": "true",  # keeps each worker's pipeline for the partitions after its first
        "spark.executorEnv.OMP_NUM_THREADS": "1",  # one task per core; BLAS threads would only compete
        "spark.sql.session.timeZone": "UTC",  # Parquet timestamps become the same dates everywhere
    }
    if local:
        # Python workers import the project from this checkout; on a cluster the README's --archives ship it.
        defaults["spark.executorEnv.PYTHONPATH"] = str(ROOT)
        defaults["spark.ui.enabled"] = "false"
        defaults["spark.driver.bindAddress"] = "127.0.0.1"
        defaults["spark.driver.host"] = "127.0.0.1"
    if local:
        # Python workers run this interpreter (the service's packages), not whatever python3 is first on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in defaults.items():
        if not conf.contains(key):
            conf.set(key, value)
    return SparkSession.builder.config(conf=conf).getOrCreate()


def main(argv: list[str] | None = None) -> int:
    """`python -m service spark IN OUT` or spark-submit's entry: run the job and print its counts."""
    parser = argparse.ArgumentParser(prog="python -m service spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines or Parquet: a file, a directory or a glob Spark can read")
    parser.add_argument("output", help="directory for the Parquet output")
    parser.add_argument("--master", help="e.g. local[2]; default: spark-submit's --master, else local[*]")
    parser.add_argument("--format", choices=("jsonl", "parquet"), help="default: parquet for *.parquet, else jsonl")
    parser.add_argument("--model", default=os.environ.get("NEWS_EVENTS_MODEL") or None, help="base pipeline")
    parser.add_argument("--partitions", type=int, help="at least this many tasks (default 4 per core)")
    parser.add_argument("--batch-size", type=int, default=8, help="nlp.pipe batch size")
    parser.add_argument("--chunk-size", type=int, default=32, help="articles per nlp.pipe pass")
    parser.add_argument("--overwrite", action="store_true", help="replace the output directory")
    args = parser.parse_args(argv)
    from .config import Config

    logging.basicConfig(level=Config.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    spark = session(args.master)
    mode = "overwrite" if args.overwrite else "errorifexists"
    try:
        report = run(spark, args.input, args.output, args.format, args.model, args.partitions, args.batch_size,
                     args.chunk_size, Config.MAX_TEXT_CHARS, mode)  # fmt: skip
    finally:
        spark.stop()
    print(json.dumps(report), file=sys.stderr)
    return 0
