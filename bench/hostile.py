"""Hostile and costly traffic against a running service: each case's status, content type and time, as one table.

    python -m bench.hostile --port 8080                  # a service started with `make run`
    python -m bench.hostile --port 8080 --json out.json  # the same, kept as JSON

Every case speaks raw HTTP/1.1 over loopback, so that it can send what no well-behaved client sends (a body
shorter than its Content-Length, headers at one byte a second, a broken chunked framing). The slow clients are
held for at most --hold seconds and the whole run is bounded; nothing here goes beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import yaml

COSTLY_TEXT = "a\n" * 13_960
GERMAN = "Der Bundeskanzler traf am Mittwoch in Berlin den französischen Präsidenten zu Gesprächen über die Ukraine."
LANGUAGES = {
    "ru": "Министр иностранных дел России заявил в среду, что переговоры будут продолжены на следующей неделе.",
    "ar": "قال وزير الخارجية يوم الأربعاء إن المحادثات مع الحكومة ستستمر الأسبوع المقبل في العاصمة.",
    "tr": "Dışişleri Bakanı çarşamba günü yaptığı açıklamada, görüşmelerin gelecek hafta devam edeceğini söyledi.",
}


@dataclass
class Outcome:
    case: str
    status: int  # 0: no answer (timeout, reset)
    content_type: str
    seconds: float
    note: str = ""
    body: str = field(default="", repr=False)


def raw(port: int, payload: bytes, timeout: float = 30.0, trickle: float = 0.0) -> Outcome:
    """Send `payload` (all at once, or one byte every `trickle` seconds) and read one response."""
    started = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            try:
                if trickle:
                    for i in range(len(payload)):
                        sock.sendall(payload[i : i + 1])
                        # stop sending as soon as the server answers (and read that answer below)
                        if select.select([sock], [], [], trickle)[0]:
                            break
                else:
                    sock.sendall(payload)
            except OSError:
                pass  # the server may answer and close before it has read everything: read that answer
            response = http.client.HTTPResponse(sock)
            response.begin()
            body = response.read()
            return Outcome("", response.status, response.getheader("Content-Type", ""), _since(started),
                           body=body.decode("utf-8", "replace"))  # fmt: skip
    except (OSError, http.client.HTTPException) as exc:
        return Outcome("", 0, "", _since(started), f"{type(exc).__name__}")


def request(method: str, path: str, body: bytes = b"", headers: dict | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    headers = {"Content-Type": "application/json", **(headers or {})}
    if body and "Transfer-Encoding" not in headers:
        headers.setdefault("Content-Length", str(len(body)))
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def json_post(path: str, payload: object) -> bytes:
    return request("POST", path, json.dumps(payload, ensure_ascii=False).encode())


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 2)


class SlowClients:
    """`n` connections that never finish their request: half with a body shorter than its Content-Length,
    half sending their headers one byte a second. Each records what it eventually got."""

    def __init__(self, port: int, n: int, hold: float, settle: float = 2.0) -> None:
        self.port, self.n, self.hold, self.settle = port, n, hold, settle
        self.outcomes: list[Outcome] = []
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()

    def _one(self, i: int) -> None:
        if i % 2 == 0:
            head = request("POST", "/v1/extract", b"", {"Content-Length": "100000"})
            out = raw(self.port, head + b'{"text": "Der Kanzler', timeout=self.hold)
            out.case = "slow body (Content-Length > body)"
        else:
            head = request("GET", "/health")
            # one byte a second for as long as we hold: the request never completes on our side
            out = raw(self.port, head[: int(self.hold)], timeout=self.hold + 5, trickle=1.0)
            out.case = "slow headers (1 byte/s)"
        with self.lock:
            self.outcomes.append(out)

    def __enter__(self) -> SlowClients:
        for i in range(self.n):
            thread = threading.Thread(target=self._one, args=(i,), daemon=True)
            thread.start()
            self.threads.append(thread)
        time.sleep(self.settle)  # every slow client is connected and holds its connection
        return self

    def __exit__(self, *exc) -> None:
        for thread in self.threads:
            thread.join(self.hold + 10)


def with_slow_clients(port: int, n: int, hold: float, probe_timeout: float) -> list[Outcome]:
    """/health and a normal extract while `n` slow clients hold connections, then what the slow ones got."""
    out = []
    with SlowClients(port, n, hold) as slow:
        health = raw(port, request("GET", "/health"), timeout=probe_timeout)
        health.case = f"/health while {n} slow clients hold connections"
        out.append(health)
        extract = raw(port, json_post("/v1/extract", {"text": GERMAN}), timeout=probe_timeout)
        extract.case = f"normal extract while {n} slow clients hold connections"
        out.append(extract)
    by_case: dict[str, list[Outcome]] = {}
    for o in slow.outcomes:
        by_case.setdefault(o.case, []).append(o)
    for case, items in by_case.items():
        statuses = sorted({(o.status, o.content_type) for o in items})
        out.append(Outcome(f"{case} x{len(items)}: what they got", items[0].status, items[0].content_type,
                           max(o.seconds for o in items), f"{statuses}"))  # fmt: skip
    return out


def spec_verdicts(port: int) -> Callable[[str, object], str]:
    """Whether the served openapi.yaml accepts a value for a field of ExtractRequest."""
    import jsonschema

    try:
        spec = yaml.safe_load(_fetch(port, "/openapi.yaml"))
    except (OSError, http.client.HTTPException, yaml.YAMLError) as exc:
        missing = f"no spec ({type(exc).__name__})"
        return lambda field, value: missing
    schema = spec["components"]["schemas"]["ExtractRequest"]

    def verdict(name: str, value: object) -> str:
        prop = dict(schema["properties"][name])
        prop.pop("nullable", None)
        try:
            jsonschema.Draft4Validator(prop).validate(value)
            return "spec accepts"
        except jsonschema.ValidationError:
            return "spec rejects"

    return verdict


def _fetch(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def cases(port: int, slow: int, hold: float, probe_timeout: float) -> list[Outcome]:
    results: list[Outcome] = []

    def run(name: str, payload: bytes, timeout: float = 120.0, note: str = "") -> Outcome:
        out = raw(port, payload, timeout=timeout)
        out.case, out.note = name, note or out.note
        results.append(out)
        return out

    results += with_slow_clients(port, 2, hold, probe_timeout)
    results += with_slow_clients(port, slow, hold, probe_timeout)
    costly = {"documents": [{"text": COSTLY_TEXT, "language": "de"}] * 25}
    batch = run("costly batch 25 x ('a\\n' x 13960)", json_post("/v1/extract/batch", costly))
    full = _batch_statuses(port)
    if full:
        batch.note = full
    run("JSON nested 100,000 deep", request("POST", "/v1/extract", b"[" * 100_000 + b"]" * 100_000))
    nested = b'{"text": "Hallo", "id": ' + b"[" * 1001 + b"]" * 1001 + b"}"
    run("JSON nested 1,001 deep", request("POST", "/v1/extract", nested))
    chunked = request("POST", "/v1/extract", b"", {"Transfer-Encoding": "chunked"}) + b"zz\r\n{}\r\n0\r\n\r\n"
    run("malformed chunked body", chunked)
    unterminated = request("POST", "/v1/extract", b"", {"Transfer-Encoding": "chunked"}) + b'5\r\n{"tex0\r\n\r\n'
    run("chunk without its terminator", unterminated)
    run("bad Content-Length", request("POST", "/v1/extract", b"{}", {"Content-Length": "abc"})[:-2])
    run("request line over the limit (414)", request("GET", "/health?x=" + "a" * 9000))
    run("header over the limit (431)", request("GET", "/health", headers={"X-Big": "a" * 9000}))
    run("too many headers (431)", request("GET", "/health", headers={f"X-H{i}": "1" for i in range(120)}))
    verdict = spec_verdicts(port)
    for label, text in [("\\x85", "\x85"), ("\\x1c", "\x1c"), ("\\x1f", "\x1f"), ("BOM", "\ufeff")]:
        run(f"text of only {label} (language de)", json_post("/v1/extract", {"text": text, "language": "de"}),
            note=verdict("text", text))  # fmt: skip
    for value in ("2026-W06", "20260205", "2026-02-05"):
        run(f"published_at {value}", json_post("/v1/extract", {"text": GERMAN, "published_at": value}),
            note=verdict("published_at", value))  # fmt: skip
    for lang, text in LANGUAGES.items():
        run(f"{lang} text without language", json_post("/v1/extract", {"text": text}))
    return results


def _batch_statuses(port: int) -> str:
    """The per-item statuses of the costly batch (sent again, read in full)."""
    body = json.dumps({"documents": [{"text": COSTLY_TEXT, "language": "de"}] * 25}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("POST", "/v1/extract/batch", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            return ""
        statuses = [r["status"] for r in json.loads(data)["results"]]
        return "items: " + ", ".join(f"{s} x{statuses.count(s)}" for s in sorted(set(statuses)))
    except (OSError, http.client.HTTPException, ValueError, KeyError):
        return ""
    finally:
        conn.close()


def table(results: list[Outcome]) -> str:
    lines = ["| case | status | content type | seconds | note |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        ctype = r.content_type.split(";")[0] or "-"
        lines.append(f"| {r.case} | {r.status or 'none'} | {ctype} | {r.seconds} | {r.note} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--slow", type=int, default=20, help="slow clients in the second round")
    parser.add_argument("--hold", type=float, default=70.0, help="seconds a slow client holds its connection")
    parser.add_argument("--probe-timeout", type=float, default=15.0, help="how long /health may take")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    results = cases(args.port, args.slow, args.hold, args.probe_timeout)
    print(table(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            rows = [{**asdict(r), "body": r.body[:300]} for r in results]
            json.dump(rows, out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
