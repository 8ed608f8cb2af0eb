"""Archives without HTTP: JSON Lines in, JSON Lines out, streamed, over N processes, one error per bad line.

    python -m service batch in.jsonl out.jsonl --processes 2

Each input line is a request of the API's shape ({"text": ..., "published_at": ..., "id": ...}). Each output line
answers the input line with the same number, in order: {"line": 1, "status": 200, "result": {...}} or
{"line": 2, "status": 400 | 422 | 500, "problem": {...}}. "-" reads stdin or writes stdout.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)
_NLP = None  # the pipeline of this process, loaded once (in the parent, before forking, when possible)


def decode(line: str) -> object:
    """The payload of one JSON Lines line, or the 400 Problem that answers it when the line is not readable JSON."""
    from . import articles
    from .errors import Problem

    try:
        return articles.parse_json(line)
    except Problem as problem:
        log.info("an input line is no JSON: %s", problem.detail)
        return problem


def answer(nlp: Language, payloads: list[object], max_text_chars: int = 100_000, batch_size: int = 8) -> list[dict]:
    """One answer per payload, in order: {"status": 200, "result"} or {"status": 400/422/500, "problem"}.

    The API's validation (articles.load_article) and pipeline path (articles.run_all: one nlp.pipe pass, each article
    alone through articles.run when the pass fails), so one failure is one 500 and never loses the others. The
    archive command and the Spark job both answer through here.
    """
    from schemas.requests import ExtractRequestSchema

    from . import articles
    from .errors import Problem

    schema = ExtractRequestSchema(max_text_chars=max_text_chars)
    out: list[dict] = [{} for _ in payloads]
    good: list[tuple[int, articles.Article]] = []
    for index, payload in enumerate(payloads):
        try:
            if isinstance(payload, Problem):
                raise payload
            good.append((index, articles.load_article(payload, schema)))
        except Problem as problem:
            log.info("record %d of the chunk refused (%d): %s", index, problem.status, problem.detail)
            out[index] = {"status": problem.status, "problem": problem.to_dict()}
    outcomes = articles.run_all(nlp, [article for _, article in good], batch_size)
    for (index, _), outcome in zip(good, outcomes, strict=True):
        out[index] = outcome.as_answer()
    return out


def process_chunk(
    chunk: list[tuple[int, str]], max_text_chars: int = 100_000, batch_size: int = 8
) -> list[tuple[int, str]]:
    """Output lines for a chunk of (line number, input line), answered by `answer`."""
    answers = answer(_NLP, [decode(line) for _, line in chunk], max_text_chars, batch_size)
    return [
        (a["status"], json.dumps({"line": number, **a}, ensure_ascii=False))
        for (number, _), a in zip(chunk, answers, strict=True)
    ]


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    while chunk := list(itertools.islice(numbered, size)):
        yield chunk


def _set_pipeline(nlp) -> None:
    global _NLP
    _NLP = nlp


def _load_in_child(model: str | None) -> None:
    from .nlp.pipeline import load_pipeline

    _set_pipeline(load_pipeline(model))


def run(
    source: IO[str],
    sink: IO[str],
    processes: int = 1,
    model: str | None = None,
    chunk_size: int = 16,
    max_text_chars: int = 100_000,
    progress: bool = True,
    total_bytes: int | None = None,
    nlp=None,
) -> dict:
    """Stream `source` to `sink`; returns counts per status. Pass `nlp` to reuse a loaded pipeline."""
    from tqdm import tqdm

    from .nlp.pipeline import load_pipeline

    counts: dict[int, int] = {}
    bar = tqdm(total=total_bytes, unit="B", unit_scale=True, disable=not progress, file=sys.stderr)

    def lines() -> Iterator[str]:
        for line in source:
            bar.update(len(line.encode("utf-8", "surrogateescape")))
            yield line

    fork = processes > 1 and "fork" in multiprocessing.get_all_start_methods()
    if processes <= 1 or fork:
        # Loaded once here: with fork, the workers share the model's memory pages with this process.
        _set_pipeline(nlp or load_pipeline(model))
    chunks = _chunks(lines(), chunk_size)
    work = _worker_args(chunks, max_text_chars)
    try:
        if processes <= 1:
            results: Iterable[list[tuple[int, str]]] = (process_chunk(c, m) for c, m in work)
        else:
            context = multiprocessing.get_context("fork" if fork else "spawn")
            pool = context.Pool(
                processes, initializer=None if fork else _load_in_child, initargs=() if fork else (model,)
            )
            results = _bounded_imap(pool, work, window=4 * processes)
        for out_lines in results:
            for status, text in out_lines:
                counts[status] = counts.get(status, 0) + 1
                sink.write(text + "\n")
            bar.set_postfix(lines=sum(counts.values()), errors=sum(v for k, v in counts.items() if k != 200))
    finally:
        if processes > 1:
            pool.close()
            pool.join()
        bar.close()
    sink.flush()
    return counts


def _bounded_imap(pool, work: Iterable, window: int) -> Iterator[list[tuple[int, str]]]:
    """Results in input order with at most `window` chunks in flight: Pool.imap would read the whole input."""
    pending: collections.deque = collections.deque()
    for item in work:
        pending.append(pool.apply_async(_process_packed, (item,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _worker_args(chunks: Iterator[list[tuple[int, str]]], max_text_chars: int):
    for chunk in chunks:
        yield chunk, max_text_chars


def _process_packed(args: tuple[list[tuple[int, str]], int]) -> list[tuple[int, str]]:
    chunk, max_text_chars = args
    return process_chunk(chunk, max_text_chars)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service batch", description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines file, or - for stdin")
    parser.add_argument("output", help="JSON Lines file, or - for stdout")
    parser.add_argument("--processes", type=int, default=1, help="worker processes (one per core)")
    parser.add_argument("--model", default=os.environ.get("NEWS_EVENTS_MODEL") or None, help="base pipeline")
    parser.add_argument("--chunk-size", type=int, default=16, help="lines per task (one nlp.pipe pass each)")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    from .config import Config

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    logging.basicConfig(level=Config.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
    sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    total = os.path.getsize(args.input) if args.input != "-" else None
    try:
        counts = run(source, sink, args.processes, args.model, args.chunk_size, Config.MAX_TEXT_CHARS,
                     progress=not args.no_progress, total_bytes=total)  # fmt: skip
    finally:
        for handle in (source, sink):
            if handle not in (sys.stdin, sys.stdout):
                handle.close()
    print(json.dumps({"lines": sum(counts.values()), "by_status": counts}), file=sys.stderr)
    return 0
