"""The server as `make run` and the container start it (gunicorn.conf.py, service/server.py): slow clients hold a
thread for a bounded time and never the service, and every error the server answers itself is problem+json.

These run gunicorn with the rules-only pipeline (`blank`, start-up in seconds) and short client deadlines; the
bounded load with the shipped model is tests/test_slow_clients.py (slow).
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from bench.hostile import SlowClients, json_post, raw, request
from bench.perf import Server
from service.server import BodyTimeout, DeadlineSocket, HeaderTimeout, write_problem
from tests.helpers import ROOT

PROBLEM = "application/problem+json"
DEADLINES = {"HEADER_TIMEOUT": "1", "BODY_TIMEOUT": "2"}


@pytest.fixture(scope="module")
def server():
    with Server(workers=2, model="blank", extra_env=DEADLINES) as running:
        yield running


def assert_problem(outcome, status: int) -> dict:
    assert (outcome.status, outcome.content_type) == (status, PROBLEM), outcome
    body = json.loads(outcome.body)
    assert body["status"] == status and body["type"].startswith("urn:news-events:problem:") and body["detail"]
    return body


def test_gunicorn_runs_the_threaded_worker_from_the_config():
    import runpy

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["worker_class"] == "service.server.ThreadWorker"
    assert conf["threads"] >= 21, "20 slow clients must leave a thread for everyone else"


@pytest.mark.parametrize(
    ("name", "payload", "status"),
    [
        ("request line over the limit", request("GET", "/health?x=" + "a" * 9000), 414),
        ("header field over the limit", request("GET", "/health", headers={"X-Big": "a" * 9000}), 431),
        ("too many header fields", request("GET", "/health", headers={f"X-H{i}": "1" for i in range(120)}), 431),
        ("bad Content-Length", request("POST", "/v1/extract", b"{}", {"Content-Length": "abc"})[:-2], 400),
        ("not HTTP", b"HELLO THERE\r\n\r\n", 400),
        (
            "bad chunk size",
            request("POST", "/v1/extract", b"", {"Transfer-Encoding": "chunked"}) + b"zz\r\n{}\r\n",
            400,
        ),
        ("deep JSON", request("POST", "/v1/extract", b"[" * 100_000 + b"]" * 100_000), 400),
    ],
)
def test_errors_the_server_answers_itself_are_problem_json(server, name, payload, status):
    outcome = raw(server.port, payload, timeout=10)
    assert_problem(outcome, status)


def test_headers_slower_than_header_timeout_get_408(server):
    started = time.perf_counter()
    outcome = raw(server.port, request("GET", "/health")[:-4], timeout=10, trickle=0.3)
    assert_problem(outcome, 408)
    assert 0.9 < time.perf_counter() - started < 5


def test_a_body_short_of_its_content_length_gets_408(server):
    head = request("POST", "/v1/extract", b"", {"Content-Length": "1000"})
    started = time.perf_counter()
    outcome = raw(server.port, head + b'{"text": "Der Kanzler', timeout=15)
    body = assert_problem(outcome, 408)
    assert body["type"] == "urn:news-events:problem:timeout"
    assert 1.9 < time.perf_counter() - started < 6


def test_twenty_slow_clients_do_not_stall_health_or_extraction(server):
    with SlowClients(server.port, 20, hold=8.0, settle=0.5) as slow:  # all 20 hold a connection now
        health = raw(server.port, request("GET", "/health"), timeout=5)
        extract = raw(server.port, json_post("/v1/extract", {"text": "Der Kanzler traf den Präsidenten in Paris."}))
    assert (health.status, health.seconds < 2) == (200, True), health
    assert (extract.status, extract.seconds < 2) == (200, True), extract
    # each slow client got its own 408 problem within its deadline, none an HTML page or a reset
    assert len(slow.outcomes) == 20
    assert {(o.status, o.content_type) for o in slow.outcomes} == {(408, PROBLEM)}, slow.outcomes


# ---------------------------------------------------------------- the pieces, without a server


def test_a_trickling_peer_cannot_renew_the_deadline():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sock = DeadlineSocket(ours.family, ours.type, ours.proto, fileno=ours.detach())
        sock.setblocking(True)
        stop = threading.Event()

        def trickle() -> None:
            while not stop.wait(0.05):
                theirs.sendall(b"x")

        sender = threading.Thread(target=trickle)
        sender.start()
        try:
            sock.arm(0.4, HeaderTimeout)
            started = time.perf_counter()
            with pytest.raises(HeaderTimeout):
                while True:
                    sock.recv(1)  # a per-read timeout of 0.4 s would never fire: a byte comes every 0.05 s
            assert time.perf_counter() - started < 1.0
            sock.disarm()
            assert sock.recv(1) == b"x"  # disarmed: reads as before
        finally:
            stop.set()
            sender.join()
            sock.close()


def test_the_body_deadline_is_a_timeout_error_the_app_can_answer():
    ours, theirs = socket.socketpair()
    with theirs:
        sock = DeadlineSocket(ours.family, ours.type, ours.proto, fileno=ours.detach())
        sock.setblocking(True)
        sock.arm(0.2, BodyTimeout)
        with pytest.raises(TimeoutError):
            sock.recv(10)
        assert sock.gettimeout() is None  # the socket's own mode is left as it was
        sock.close()


def test_write_problem_answers_http_with_a_problem_body():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        write_problem(ours, 431, "Request Header Fields Too Large", "Error parsing headers: 'limit'")
        ours.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := theirs.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 431 Request Header Fields Too Large"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert headers["Content-Type"] == PROBLEM and int(headers["Content-Length"]) == len(body)
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Connection"] == "close"
    problem = json.loads(body)
    assert problem["status"] == 431 and problem["request_id"] == headers["X-Request-ID"]
    assert problem["type"] == "urn:news-events:problem:request-header-fields-too-large"
