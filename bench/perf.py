"""Performance bench: in-process and HTTP throughput, latency, memory, start-up and cost growth, as one table.

    python -m bench.perf                      # shipped model, defaults below; prints the table
    python -m bench.perf --model blank --requests 100 --memory-requests 500 --json bench/out/perf.json

Words are whitespace-separated words of the article text (spaCy makes about 15% more tokens). The in-process
figure pins itself to one core; the HTTP figures run gunicorn with the project's gunicorn.conf.py on a free
loopback port and drive it with a bounded pool of Python client threads on the same machine (so the client
competes with the workers for the CPU: the figures are a floor). The helpers here (Server, send, run_load)
are also used by tests/test_load.py.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
MB = 1024 * 1024


# ---------------------------------------------------------------- texts


def seed_texts() -> list[str]:
    """The seed articles as the API would receive them (with their date header)."""
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def body_text(text: str) -> str:
    """A seed article without its ` date ...` header line."""
    return re.sub(r"^\s{0,3}date\s+\S+\s*", "", text, count=1)


def words(text: str) -> int:
    return len(text.split())


def article_of(n_words: int) -> str:
    """A German news text of exactly `n_words` words, cut from the seeds (repeated if needed)."""
    pool = "\n\n".join(body_text(t) for t in seed_texts())
    while words(pool) < n_words:
        pool = pool + "\n\n" + pool
    matches = list(re.finditer(r"\S+", pool))
    return pool[: matches[n_words - 1].end()]


def article_of_chars(n_chars: int) -> str:
    pool = "\n\n".join(body_text(t) for t in seed_texts())
    while len(pool) < n_chars:
        pool = pool + "\n\n" + pool
    return pool[:n_chars]


def varied_article(i: int, n_words: int = 120) -> str:
    """A short article with words never seen before, so a leak in the vocabulary would show."""
    base = article_of(n_words).split()
    for k in range(0, len(base), 10):
        base[k] = f"Zxq{i}w{k}Berg"
    return " ".join(base)


# ---------------------------------------------------------------- a gunicorn server on loopback


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """gunicorn with the project's config on a free loopback port; `ready_s` is start-up to /ready."""

    workers: int = 2
    model: str = ""
    max_requests: int = 0
    extra_env: dict = field(default_factory=dict)
    port: int = 0
    proc: subprocess.Popen | None = None
    ready_s: float = 0.0
    log_path: Path | None = None

    def start(self, timeout: float = 180.0) -> Server:
        self.port = self.port or free_port()
        env = {
            **os.environ,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_MAX_REQUESTS": str(self.max_requests),
            "GUNICORN_MAX_REQUESTS_JITTER": str(self.max_requests // 10),
            "OMP_NUM_THREADS": "1",
            "LOG_LEVEL": "warning",
            **self.extra_env,
        }
        if self.model:
            env["NEWS_EVENTS_MODEL"] = self.model
        self.log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--access-logfile", "/dev/null", "service.wsgi:app"]
        started = time.perf_counter()
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        while time.perf_counter() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.log()}")
            status = send(self.port, "GET", "/ready", timeout=2).status
            if status == 200 and len(self.worker_pids()) == self.workers:
                self.ready_s = time.perf_counter() - started
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"gunicorn not ready after {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path else ""

    def worker_pids(self) -> list[int]:
        import psutil

        try:
            return [c.pid for c in psutil.Process(self.proc.pid).children()]
        except psutil.NoSuchProcess:
            return []

    def memory(self) -> dict:
        """RSS, USS (pages only this process holds) and PSS (shared pages split evenly) per process, in MB.

        After fork the workers share the preloaded model with the master; the sum of PSS is what the pod uses.
        """
        import psutil

        def one(pid: int) -> dict:
            info = psutil.Process(pid).memory_full_info()
            pss = getattr(info, "pss", info.uss)
            return {"pid": pid, "rss_mb": info.rss / MB, "uss_mb": info.uss / MB, "pss_mb": pss / MB}

        return {"master": one(self.proc.pid), "workers": [one(p) for p in self.worker_pids()]}

    def stop(self, timeout: float = 60.0) -> int | None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ---------------------------------------------------------------- a bounded load generator


@dataclass
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    content_type: str = "application/json"
    chunked: bool = False


@dataclass
class Result:
    kind: str
    status: int  # 0 when the connection failed before a response arrived
    seconds: float
    error: str = ""
    body: bytes = b""


def json_request(kind: str, payload: object, path: str = "/v1/extract") -> Request:
    return Request(kind, "POST", path, json.dumps(payload, ensure_ascii=False).encode())


def send(port: int, method: str, path: str, body: bytes | None = None, content_type: str = "application/json",
         chunked: bool = False, timeout: float = 300.0, keep_body: bool = False) -> Result:  # fmt: skip
    """One request on a fresh connection (gunicorn's sync workers close every connection anyway)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    sent_error = ""
    try:
        try:
            headers = {"Content-Type": content_type} if body is not None else {}
            if chunked and body is not None:
                pieces = (body[i : i + 65536] for i in range(0, len(body), 65536))
                conn.request(method, path, body=pieces, headers=headers, encode_chunked=True)
            else:
                conn.request(method, path, body=body, headers=headers)
        except OSError as exc:
            # The server may answer (413) and close before it has read an oversized body; read that answer.
            sent_error = f"{type(exc).__name__}: {exc}"
            if conn.sock is None:  # never connected (refused) or already closed: no answer to read
                return Result("", 0, time.perf_counter() - started, sent_error)
        try:
            response = conn.getresponse()
            data = response.read()
            return Result("", response.status, time.perf_counter() - started, "", data if keep_body else b"")
        except (OSError, http.client.HTTPException) as exc:
            error = sent_error or f"{type(exc).__name__}: {exc}"
            return Result("", 0, time.perf_counter() - started, error)
    finally:
        conn.close()


def run_load(port: int, requests: list[Request], concurrency: int, keep_body: bool = False) -> list[Result]:
    """Every request once, at most `concurrency` at a time; results in request order."""

    def one(req: Request) -> Result:
        result = send(port, req.method, req.path, req.body, req.content_type, req.chunked, keep_body=keep_body)
        result.kind = req.kind
        return result

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, requests))


def percentiles(seconds: list[float]) -> dict:
    ordered = sorted(seconds)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000

    return {
        "p50_ms": pick(0.50),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "mean_ms": statistics.fmean(ordered) * 1000,
    }


# ---------------------------------------------------------------- in process


def pin_one_core() -> int | None:
    """Run on one core, as the target says; returns the core or None where affinity is unsupported."""
    try:
        core = sorted(os.sched_getaffinity(0))[-1]
        os.sched_setaffinity(0, {core})
        return core
    except (AttributeError, OSError):
        return None


def bench_in_process(nlp, target_words: int, batch_size: int) -> dict:
    """nlp.pipe over the seeds repeated to at least `target_words` words, on one core."""
    from service.extract import Article, prepare
    from service.nlp import pipeline

    prepared = [prepare(Article(t)) for t in seed_texts()]
    round_words = sum(words(body_text(t)) for t in seed_texts())
    rounds = -(-target_words // round_words)
    items = [(p.analysed, p.reference) for p in prepared] * rounds
    with nlp.memory_zone():
        for _ in nlp.pipe((pipeline.make_doc(nlp, t, r) for t, r in items[:5]), batch_size=batch_size):
            pass
    started = time.perf_counter()
    tokens = 0
    chunk = 50  # a memory zone per chunk, as the service does per request
    for i in range(0, len(items), chunk):
        with nlp.memory_zone():
            docs = (pipeline.make_doc(nlp, t, r) for t, r in items[i : i + chunk])
            for doc in nlp.pipe(docs, batch_size=batch_size):
                tokens += len(doc)
    elapsed = time.perf_counter() - started
    total_words = round_words * rounds
    return {
        "words": total_words,
        "tokens": tokens,
        "seconds": elapsed,
        "words_per_s": total_words / elapsed,
        "tokens_per_s": tokens / elapsed,
        "batch_size": batch_size,
        "components_ms_per_1k_words": component_times(nlp, items[: len(prepared)], round_words),
    }


def component_times(nlp, items: list, n_words: int) -> dict:
    """Milliseconds per 1,000 words spent in each pipeline component (one pass over the seeds)."""
    from service.nlp import pipeline

    totals = {name: 0.0 for name in nlp.pipe_names}
    with nlp.memory_zone():
        for text, reference in items:
            doc = pipeline.make_doc(nlp, text, reference)
            for name, proc in nlp.pipeline:
                started = time.perf_counter()
                doc = proc(doc)
                totals[name] += time.perf_counter() - started
    return {name: seconds * 1000 / (n_words / 1000) for name, seconds in totals.items()}


def bench_extract_serial(nlp, text: str, n: int) -> dict:
    """extract() on one article, n times in a row: the in-process baseline for one HTTP worker."""
    from service.extract import Article, extract

    extract(nlp, Article(text))
    started = time.perf_counter()
    for _ in range(n):
        extract(nlp, Article(text))
    elapsed = time.perf_counter() - started
    return {
        "articles_per_s": n / elapsed,
        "words_per_s": n * words(text) / elapsed,
        "ms_per_article": elapsed / n * 1000,
    }


def growth_one(model: str, n_chars: int) -> dict:
    """Time and peak-memory increase for one article of n_chars characters (run in a fresh process)."""
    import threading

    import psutil

    from service.extract import Article, extract
    from service.nlp.pipeline import load_pipeline

    nlp = load_pipeline(model or None)
    extract(nlp, Article(article_of_chars(1000)))
    process = psutil.Process()
    before = process.memory_info().rss
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        # ru_maxrss would report the model-loading peak; sample the RSS while the article is analysed instead.
        while not done.wait(0.002):
            peak[0] = max(peak[0], process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    text = article_of_chars(n_chars)
    runs = 3 if n_chars <= 10_000 else 1
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        extract(nlp, Article(text))
        times.append(time.perf_counter() - started)
    done.set()
    sampler.join()
    return {
        "chars": n_chars,
        "words": words(text),
        "seconds": min(times),
        "peak_extra_mb": max(0.0, (peak[0] - before) / MB),
        "rss_after_mb": process.memory_info().rss / MB,
    }


def bench_growth(model: str, sizes: list[int]) -> list[dict]:
    out = []
    for n in sizes:
        command = [sys.executable, "-m", "bench.perf", "--growth-one", str(n), "--model", model or ""]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, env=_child_env())
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def _child_env() -> dict:
    return {**os.environ, "OMP_NUM_THREADS": "1"}


def bench_load_time(model: str) -> float:
    code = "import time; t=time.perf_counter(); from service.nlp.pipeline import load_pipeline as l; "
    code += f"l({model!r} or None); print(time.perf_counter()-t)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- over HTTP


def bench_http(model: str, workers: int, article: str, n_requests: int, concurrency: int, batch: bool,
               memory_requests: int) -> dict:  # fmt: skip
    payload = json_request("article", {"text": article, "language": "de"})
    out: dict = {"workers": workers, "concurrency": concurrency, "requests": n_requests}
    with Server(workers=workers, model=model, max_requests=0) as server:
        out["ready_s"] = server.ready_s
        out["memory_after_start"] = server.memory()
        run_load(server.port, [payload] * (2 * workers), workers)  # warm-up
        started = time.perf_counter()
        results = run_load(server.port, [payload] * n_requests, concurrency)
        elapsed = time.perf_counter() - started
        ok = [r for r in results if r.status == 200]
        out.update(
            ok=len(ok),
            failed=len(results) - len(ok),
            articles_per_s=len(ok) / elapsed,
            words_per_s=len(ok) * words(article) / elapsed,
            **percentiles([r.seconds for r in ok] or [0.0]),
        )
        if batch:
            out["batch"] = bench_batch(server.port, article)
        if memory_requests:
            soak = [
                json_request("varied", {"text": varied_article(i), "language": "de"}) for i in range(memory_requests)
            ]
            before = server.memory()
            started = time.perf_counter()
            results = run_load(server.port, soak, max(2, 2 * workers))
            out["memory_soak"] = {
                "requests": memory_requests,
                "seconds": time.perf_counter() - started,
                "ok": sum(r.status == 200 for r in results),
                "before": before,
                "after": server.memory(),
                "same_workers": [w["pid"] for w in before["workers"]] == server.worker_pids(),
            }
        out["memory_after_load"] = server.memory()
    return out


def bench_batch(port: int, article: str, size: int = 8, rounds: int = 3) -> dict:
    """One client, one worker busy at a time: `size` single requests against one batch of `size`."""
    single = json_request("article", {"text": article, "language": "de"})
    batch = json_request("batch", {"documents": [{"text": article, "language": "de"}] * size}, "/v1/extract/batch")
    single_s, batch_s = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        assert all(r.status == 200 for r in run_load(port, [single] * size, 1))
        single_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert run_load(port, [batch], 1)[0].status == 200
        batch_s.append(time.perf_counter() - started)
    single_rate, batch_rate = size / min(single_s), size / min(batch_s)
    return {"size": size, "single_articles_per_s": single_rate, "batch_articles_per_s": batch_rate,
            "gain": batch_rate / single_rate}  # fmt: skip


# ---------------------------------------------------------------- report


def table(results: dict) -> str:
    rows: list[tuple[str, str]] = []
    ip = results.get("in_process")
    if ip:
        rows.append(("in-process nlp.pipe, 1 core", f"{ip['words_per_s']:,.0f} words/s ({ip['words']:,} words, "
                     f"{ip['tokens_per_s']:,.0f} tokens/s, batch {ip['batch_size']})"))  # fmt: skip
        slowest = sorted(ip["components_ms_per_1k_words"].items(), key=lambda kv: -kv[1])
        rows.append(("  ms per 1k words by component", ", ".join(f"{k} {v:.1f}" for k, v in slowest)))
    serial = results.get("extract_serial")
    if serial:
        rows.append(("in-process extract(), 1,000 words", f"{serial['articles_per_s']:.2f} articles/s, "
                     f"{serial['words_per_s']:,.0f} words/s, {serial['ms_per_article']:.0f} ms/article"))  # fmt: skip
    if "load_s" in results:
        rows.append(("pipeline load (import + model)", f"{results['load_s']:.2f} s"))
    for run in results.get("http", []):
        w = run["workers"]
        rows.append((f"HTTP {w} worker(s), c={run['concurrency']}, n={run['requests']}",
                     f"{run['articles_per_s']:.2f} articles/s, {run['words_per_s']:,.0f} words/s, "
                     f"p50 {run['p50_ms']:.0f} / p95 {run['p95_ms']:.0f} / p99 {run['p99_ms']:.0f} ms, "
                     f"{run['failed']} failed"))  # fmt: skip
        rows.append((f"  start-up to ready ({w} worker(s))", f"{run['ready_s']:.2f} s"))
        start, end = run["memory_after_start"], run["memory_after_load"]
        rows.append((f"  memory after start ({w})", _memory(start)))
        if "memory_soak" in run:
            soak = run["memory_soak"]
            rows.append((f"  memory after {soak['requests']:,} more requests ({w})", _memory(soak["after"])
                         + f"; growth {_growth(soak['before'], soak['after'])}"
                         + ("" if soak["same_workers"] else " (workers were replaced)")))  # fmt: skip
        else:
            rows.append((f"  memory after load ({w})", _memory(end)))
        if "batch" in run:
            b = run["batch"]
            rows.append(("  batch endpoint gain", f"{b['gain']:.2f}x ({b['batch_articles_per_s']:.2f} vs "
                         f"{b['single_articles_per_s']:.2f} art/s, batches of {b['size']}, 1 client)"))  # fmt: skip
    if serial and results.get("http"):
        one = results["http"][0]
        rows.append(
            ("HTTP / in-process (1 worker vs extract())", f"{one['articles_per_s'] / serial['articles_per_s']:.1%}")
        )
    if ip and results.get("http"):
        one = results["http"][0]
        rows.append(("HTTP / in-process (1 worker vs nlp.pipe)", f"{one['words_per_s'] / ip['words_per_s']:.1%}"))
    for g in results.get("growth", []):
        rows.append((f"article of {g['chars']:,} chars ({g['words']:,} words)",
                     f"{g['seconds'] * 1000:,.0f} ms, +{g['peak_extra_mb']:.0f} MB peak"))  # fmt: skip
    if len(results.get("growth", [])) >= 2:
        g = results["growth"]
        rows.append(("  time ratio per 10x characters", ", ".join(
            f"{b['seconds'] / a['seconds']:.1f}x" for a, b in zip(g, g[1:], strict=False))))  # fmt: skip
    width = max(len(k) for k, _ in rows)
    head = f"news-events bench: model {results['model'] or 'shipped'}, {results['machine']}"
    return "\n".join([head, "-" * len(head), *(f"{k.ljust(width)}  {v}" for k, v in rows)])


def _memory(snapshot: dict) -> str:
    workers = ", ".join(f"{w['rss_mb']:.0f}/{w['pss_mb']:.0f}" for w in snapshot["workers"])
    m = snapshot["master"]
    pod = m["pss_mb"] + sum(w["pss_mb"] for w in snapshot["workers"])
    return f"master {m['rss_mb']:.0f}/{m['pss_mb']:.0f}, workers {workers} MB (RSS/PSS); all {pod:.0f} MB PSS"


def _growth(before: dict, after: dict) -> str:
    parts = []
    for b, a in zip(before["workers"], after["workers"], strict=False):
        parts.append(f"RSS {100 * (a['rss_mb'] / b['rss_mb'] - 1):+.1f}%")
    return "; ".join(parts)


def summary(results: dict) -> dict:
    """The figures other files rely on (tests/test_deploy.py sizes the Kubernetes memory request from these)."""
    runs = results.get("http", [])
    if not runs:
        return {}
    last = runs[-1]
    end = last.get("memory_soak", {}).get("after") or last["memory_after_load"]
    largest = max((g["peak_extra_mb"] for g in results.get("growth", [])), default=0.0)
    return {
        "workers": last["workers"],
        "master_rss_mb": end["master"]["rss_mb"],
        "master_pss_mb": end["master"]["pss_mb"],
        "worker_rss_after_mb": max(w["rss_mb"] for w in end["workers"]),
        "worker_pss_after_mb": max(w["pss_mb"] for w in end["workers"]),
        "pod_pss_mb": end["master"]["pss_mb"] + sum(w["pss_mb"] for w in end["workers"]),
        "largest_article_extra_mb": largest,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.environ.get("NEWS_EVENTS_MODEL", ""), help="'' = shipped, or blank")
    parser.add_argument("--words", type=int, default=200_000, help="in-process corpus size in words")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--article-words", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200, help="HTTP requests per worker setting")
    parser.add_argument("--concurrency", type=int, default=0, help="client threads (default: 2 per worker)")
    parser.add_argument("--memory-requests", type=int, default=2000, help="extra requests for the memory soak")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--sizes", default="1000,10000,100000", help="article sizes in characters for growth")
    parser.add_argument("--skip", default="", help="comma list of: inprocess,http,growth")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--growth-one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.growth_one:
        print(json.dumps(growth_one(args.model, args.growth_one)))
        return 0
    skip = set(filter(None, args.skip.split(",")))
    results: dict = {
        "model": args.model,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "command": "python -m bench.perf " + " ".join(sys.argv[1:] if argv is None else argv),
    }
    article = article_of(args.article_words)
    if "inprocess" not in skip:
        results["load_s"] = bench_load_time(args.model)
        from service.nlp.pipeline import load_pipeline

        nlp = load_pipeline(args.model or None)
        affinity = set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        results["core"] = pin_one_core()
        results["in_process"] = bench_in_process(nlp, args.words, args.batch_size)
        results["extract_serial"] = bench_extract_serial(nlp, article, 20)
        if affinity:
            os.sched_setaffinity(0, affinity)
        del nlp
    if "http" not in skip:
        results["http"] = []
        worker_counts = [int(w) for w in args.workers.split(",")]
        for i, w in enumerate(worker_counts):
            concurrency = args.concurrency or 2 * w
            soak = args.memory_requests if i == len(worker_counts) - 1 else 0
            results["http"].append(bench_http(args.model, w, article, args.requests, concurrency, i == 0, soak))
    if "growth" not in skip:
        results["growth"] = bench_growth(args.model, [int(s) for s in args.sizes.split(",")])
    results["memory"] = summary(results)
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=_plain) + "\n", encoding="utf-8")
    return 0


def _plain(value):
    return asdict(value) if hasattr(value, "__dataclass_fields__") else str(value)


if __name__ == "__main__":
    sys.exit(main())
