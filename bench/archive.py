"""Archive throughput and where batch time goes: single requests, the batch endpoint, the CLI and Spark.

    python -m bench.archive                        # everything below; prints two tables
    python -m bench.archive --skip spark,profile   # only the HTTP and CLI figures
    python -m bench.archive --json bench/out/archive.json

Articles are "medium" news texts: 400 to 700 words, each a different window of the seed articles (without their
date header), so no two are the same text. Throughput, in articles per second, for:

- single requests: POST /v1/extract one article at a time (1 worker, 1 client), and with 2 workers, 2 clients;
- the batch endpoint: POST /v1/extract/batch with 25 articles per request (1 worker, 1 client; 2 and 2);
- the CLI: service.batch.run (the code of `python -m service batch`) with 1 and 2 processes, the model loaded
  before the clock starts (its load time is printed apart);
- Spark: the job (service/sparkjob.py) in local[1] and local[2], each in a fresh process; "cold" includes the
  Python workers loading the pipeline, "warm" the better of two more runs in the same session (workers reused,
  no load).

The profile splits the time of 25 articles, in process on one core, into stages (validation, tokenizer, each
pipeline component, response building, memory-zone exit, schema dump, JSON) for extract() per article and for
extract_many() (one nlp.pipe pass), and measures the fixed cost per Doc on a 7-word text: batching can only save
per-call costs, so that figure bounds what nlp.pipe can gain. The HTTP servers listen on --port and --port + 1.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.perf import ROOT, Server, body_text, json_request, run_load, seed_texts

BATCH = 25


def medium_articles(n: int, low: int = 400, high: int = 700) -> list[str]:
    """n different windows of `low` to `high` words over the seed articles."""
    pool = "\n\n".join(body_text(t) for t in seed_texts())
    words = list(re.finditer(r"\S+", pool))
    out = []
    for i in range(n):
        size = low + (i * 37) % (high - low)
        start = (i * 97) % (len(words) - size)
        out.append(pool[words[start].start() : words[start + size - 1].end()])
    return out


def requests_of(texts: list[str]) -> list[dict]:
    """The API's request objects for these texts, with ids and a publication date."""
    return [{"id": f"a{i}", "text": t, "published_at": "2026-02-05", "language": "de"} for i, t in enumerate(texts)]


def best_rates(n: int, runs: dict, rounds: int) -> dict:
    """Articles per second of the fastest of `rounds` runs of each of `runs` (each handles n articles).

    The runs alternate round by round, so that load from elsewhere on a shared machine hits each of them alike.
    """
    seconds: dict = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
    return {name: n / min(times) for name, times in seconds.items()}


# ---------------------------------------------------------------- HTTP


def bench_http(docs: list[dict], port: int, rounds: int) -> dict:
    """Single requests against the batch endpoint, with 1 worker and 1 client, then 2 workers and 2 clients.

    With 2 workers each client sends the documents once (as singles, or in batches of BATCH), so both are busy.
    """
    out = {}
    for workers in (1, 2):
        sent = docs * workers
        singles = [json_request("article", d) for d in sent]
        batches = [json_request("batch", {"documents": docs[i : i + BATCH]}, "/v1/extract/batch")
                   for i in range(0, len(docs), BATCH)] * workers  # fmt: skip
        with Server(workers=workers, port=port + workers - 1) as server:
            run_load(server.port, singles[:4] + batches[:1], 1)  # warm-up

            def single(requests=singles, port=server.port, clients=workers) -> None:
                assert all(r.status == 200 for r in run_load(port, requests, clients))

            def batch(requests=batches, port=server.port, clients=workers) -> None:
                assert all(r.status == 200 for r in run_load(port, requests, clients))

            rates = best_rates(len(sent), {"single": single, "batch": batch}, rounds)
            out[f"single_{workers}"], out[f"batch_{workers}"] = rates["single"], rates["batch"]
    return out


# ---------------------------------------------------------------- CLI


def bench_cli(nlp, docs: list[dict], rounds: int) -> dict:
    """service.batch.run over the documents as JSON Lines, with 1 and 2 processes (the model already loaded)."""
    from service import batch

    text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    runs = {}
    for processes in (1, 2):

        def run(processes: int = processes) -> None:
            counts = batch.run(io.StringIO(text), io.StringIO(), processes=processes, nlp=nlp, progress=False)
            assert counts == {200: len(docs)}, counts

        runs[f"processes_{processes}"] = run
    return best_rates(len(docs), runs, rounds)


# ---------------------------------------------------------------- Spark


def bench_spark(docs: list[dict]) -> dict:
    """The Spark job in local[1] and local[2], each in its own process (one SparkContext per process)."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        source = Path(tmp) / "archive.jsonl"
        source.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        for master in ("local[1]", "local[2]"):
            command = [sys.executable, "-m", "bench.archive", "--spark-one", master, "--spark-input", str(source)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ})
            if done.returncode != 0:
                raise RuntimeError(f"spark bench {master} failed:\n{done.stderr[-3000:]}")
            out[master] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def spark_one(master: str, source: str) -> dict:
    """Three runs of the job in one session: cold (workers load the pipeline), then the best of two warm ones."""
    from service import sparkjob

    spark = sparkjob.session(master, app_name="news-events-bench")
    spark.sparkContext.setLogLevel("ERROR")
    cores = int(re.search(r"\[(\d+)\]", master)[1])
    try:
        runs = []
        with tempfile.TemporaryDirectory(prefix="bench-spark-out-") as tmp:
            for i in range(3):
                report = sparkjob.run(spark, source, f"{tmp}/out-{i}", partitions=4 * cores, mode="overwrite")
                runs.append(report)
    finally:
        spark.stop()
    cold, warm = runs[0], min(runs[1:], key=lambda r: r["seconds"])
    assert all(r["by_status"] == {200: cold["records"]} for r in runs), runs
    return {
        "records": cold["records"],
        "cold_articles_per_s": cold["records"] / cold["seconds"],
        "warm_articles_per_s": warm["records"] / warm["seconds"],
        "pipeline_loads": [cold["pipeline_loads"], sum(r["pipeline_loads"] for r in runs[1:])],
        "partitions": cold["partitions"],
    }


# ---------------------------------------------------------------- profile


STAGES = ("validate", "tokenize", "pipeline", "build", "zone exit", "dump", "json")


def profile(nlp, docs: list[dict], rounds: int) -> dict:
    """Milliseconds per article in each stage and component, per article (extract) and in one nlp.pipe pass."""
    from schemas.requests import ExtractRequestSchema
    from schemas.responses import ExtractResponseSchema
    from service.articles import load_article
    from service.extract import build_response, prepare
    from service.nlp import pipeline

    request_schema, dump = ExtractRequestSchema(), ExtractResponseSchema().dump
    names = list(nlp.pipe_names)

    def one_pass(batch_size: int | None) -> dict:
        t = dict.fromkeys([*STAGES, *names], 0.0)
        clock = time.perf_counter
        start = clock()
        articles = [load_article(d, request_schema) for d in docs]
        prepared = [prepare(a) for a in articles]
        t["validate"] += clock() - start
        groups = [list(range(len(docs)))] if batch_size else [[i] for i in range(len(docs))]
        for group in groups:
            zone = nlp.memory_zone()
            zone.__enter__()
            start = clock()
            doc_list = [pipeline.make_doc(nlp, prepared[i].analysed, prepared[i].reference) for i in group]
            t["tokenize"] += clock() - start
            for name, proc in nlp.pipeline:
                start = clock()
                if batch_size and hasattr(proc, "pipe"):
                    doc_list = list(proc.pipe(doc_list, batch_size=batch_size))
                else:
                    doc_list = [proc(d) for d in doc_list]
                t[name] += clock() - start
            start = clock()
            responses = [build_response(d, articles[i], prepared[i], nlp) for d, i in zip(doc_list, group, strict=True)]
            t["build"] += clock() - start
            del doc_list
            start = clock()
            zone.__exit__(None, None, None)
            t["zone exit"] += clock() - start
            start = clock()
            dumped = [dump(r) for r in responses]
            t["dump"] += clock() - start
            start = clock()
            for d in dumped:
                json.dumps(d, ensure_ascii=False)
            t["json"] += clock() - start
        t["pipeline"] = sum(t[n] for n in names)
        return t

    def best(batch_size: int | None) -> dict:
        runs = [one_pass(batch_size) for _ in range(rounds)]
        return {k: min(r[k] for r in runs) * 1000 / len(docs) for k in runs[0]}

    one_pass(None)  # warm-up
    single, batched = best(None), best(8)
    batched25 = best(25)
    # The fixed cost of one Doc: the pipeline over a 7-word text, which batching could at most save per article.
    tiny = "Der Kanzler traf den Präsidenten in Paris."
    started = time.perf_counter()
    for _ in range(200):
        with nlp.memory_zone():
            nlp(pipeline.make_doc(nlp, tiny, None))
    fixed = (time.perf_counter() - started) / 200 * 1000
    return {"single": single, "batch_8": batched, "batch_25": batched25, "fixed_ms_per_doc": fixed, "names": names}


# ---------------------------------------------------------------- report


def report(results: dict) -> str:
    lines = [f"news-events archive bench: {results['machine']}, load average {results['load']}", ""]
    rows: list[tuple[str, str, str]] = []
    http = results.get("http")
    if http:
        rows.append(("single requests (POST /v1/extract)", f"{http['single_1']:.2f}", f"{http['single_2']:.2f}"))
        rows.append((f"batch endpoint ({BATCH} per request)", f"{http['batch_1']:.2f}", f"{http['batch_2']:.2f}"))
        rows.append(("  batch / single", f"{http['batch_1'] / http['single_1']:.2f}x",
                     f"{http['batch_2'] / http['single_2']:.2f}x"))  # fmt: skip
    cli = results.get("cli")
    if cli:
        rows.append(("CLI (python -m service batch)", f"{cli['processes_1']:.2f}", f"{cli['processes_2']:.2f}"))
    spark = results.get("spark")
    if spark:
        one, two = spark["local[1]"], spark["local[2]"]
        rows.append(("Spark job, warm (workers reused)", f"{one['warm_articles_per_s']:.2f}",
                     f"{two['warm_articles_per_s']:.2f}"))  # fmt: skip
        rows.append(("Spark job, cold (incl. pipeline loads)", f"{one['cold_articles_per_s']:.2f}",
                     f"{two['cold_articles_per_s']:.2f}"))  # fmt: skip
        rows.append(("  local[2] / local[1] (warm)",
                     "", f"{two['warm_articles_per_s'] / one['warm_articles_per_s']:.2f}x"))  # fmt: skip
        rows.append(("  pipeline loads (cold, warm)", str(one["pipeline_loads"]), str(two["pipeline_loads"])))
    if rows:
        head = ("articles/s", "1 core", "2 cores")
        width = max(len(r[0]) for r in rows)
        lines.append(f"{head[0].ljust(width)}  {head[1]:>8}  {head[2]:>8}")
        lines += [f"{a.ljust(width)}  {b:>8}  {c:>8}" for a, b, c in rows]
        n = results["articles"]
        lines.append(f"(HTTP: {n['http']} articles per client, CLI and Spark: {n['archive']}, of 400-700 words, "
                     f"mean {n['words_mean']:.0f}; 1 core = 1 worker, 1 client, 1 process, local[1]; "
                     "2 cores = 2 of each)")  # fmt: skip
    if "load_s" in results:
        lines.append(f"pipeline load before the CLI clock starts: {results['load_s']:.1f} s")
    prof = results.get("profile")
    if prof:
        lines += ["", "ms per article, in process, 1 core: extract() each | extract_many, nlp.pipe batch 8 | batch 25"]
        keys = ["validate", "tokenize", *prof["names"], "build", "zone exit", "dump", "json"]
        for key in keys:
            s, b, c = prof["single"][key], prof["batch_8"][key], prof["batch_25"][key]
            lines.append(f"  {key:20} {s:7.2f} | {b:7.2f} | {c:7.2f}")
        total = {k: sum(prof[k][x] for x in ["validate", "tokenize", "pipeline", "build", "zone exit", "dump", "json"])
                 for k in ("single", "batch_8", "batch_25")}  # fmt: skip
        lines.append(
            f"  {'total':20} {total['single']:7.2f} | {total['batch_8']:7.2f} | {total['batch_25']:7.2f}"
            f"   (gain {total['single'] / total['batch_8']:.2f}x, {total['single'] / total['batch_25']:.2f}x)"
        )
        lines.append(f"  fixed cost of one Doc (7-word text, whole pipeline): {prof['fixed_ms_per_doc']:.2f} ms = "
                     f"{prof['fixed_ms_per_doc'] / total['single']:.1%} of a medium article; the rest grows with "
                     "its tokens and no batch shares it")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=BATCH, help="medium articles for HTTP and the profile")
    parser.add_argument("--archive", type=int, default=100, help="medium articles for the CLI and Spark")
    parser.add_argument("--rounds", type=int, default=3, help="runs per figure; the best counts")
    parser.add_argument("--port", type=int, default=8180, help="the 1-worker server's port (2 workers: +1)")
    parser.add_argument("--skip", default="", help="comma list of: http,cli,spark,profile")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--spark-one", help=argparse.SUPPRESS)
    parser.add_argument("--spark-input", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.spark_one:
        print(json.dumps(spark_one(args.spark_one, args.spark_input)))
        return 0
    skip = set(filter(None, args.skip.split(",")))
    docs = requests_of(medium_articles(args.articles))
    archive = requests_of(medium_articles(args.archive))
    results: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "articles": {
            "http": len(docs),
            "archive": len(archive),
            "words_mean": statistics.fmean(len(d["text"].split()) for d in docs),
        },  # fmt: skip
        "command": "python -m bench.archive " + " ".join(sys.argv[1:] if argv is None else argv),
    }
    if "http" not in skip:
        results["http"] = bench_http(docs, args.port, args.rounds)
    if not {"cli", "profile"} <= skip:
        from service.nlp.pipeline import load_pipeline

        started = time.perf_counter()
        nlp = load_pipeline()
        results["load_s"] = time.perf_counter() - started
        if "cli" not in skip:
            results["cli"] = bench_cli(nlp, archive, max(1, args.rounds - 1))
        if "profile" not in skip:
            affinity = os.sched_getaffinity(0)
            os.sched_setaffinity(0, {max(affinity)})
            results["profile"] = profile(nlp, docs, args.rounds)
            os.sched_setaffinity(0, affinity)
    if "spark" not in skip:
        results["spark"] = bench_spark(archive)
    print(report(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
