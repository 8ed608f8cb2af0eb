"""Slow and costly traffic against gunicorn as `make run` starts it (shipped model, default settings), bounded:
20 slow clients hold connections while /health and a normal extract answer within 2 s, the costly batch from
issue 17 answers within the worker timeout with a status per document, and no answer is text/html."""

from __future__ import annotations

import json
import os
import runpy
import threading
import time

import pytest

from bench.hostile import COSTLY_TEXT, GERMAN, SlowClients, json_post, raw, request
from bench.perf import Server
from service import articles
from service.config import DEFAULTS
from tests.helpers import ROOT

pytestmark = pytest.mark.slow

MODEL = os.environ.get("NEWS_EVENTS_MODEL", "")
PROBLEM = "application/problem+json"
WORKER_TIMEOUT = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["timeout"]


@pytest.fixture(scope="module")
def server():
    with Server(workers=2, model=MODEL) as running:
        yield running


def test_twenty_slow_clients_while_health_extraction_and_the_costly_batch_are_served(server):
    batch: dict = {}

    def costly() -> None:
        payload = {"documents": [{"text": COSTLY_TEXT, "language": "de"}] * 25}
        batch["outcome"] = raw(server.port, json_post("/v1/extract/batch", payload), timeout=WORKER_TIMEOUT + 30)

    hold = DEFAULTS["BODY_TIMEOUT"] + 15
    with SlowClients(server.port, 20, hold=hold) as slow:
        health = raw(server.port, request("GET", "/health"), timeout=10)
        extract = raw(server.port, json_post("/v1/extract", {"text": GERMAN}), timeout=10)
        runner = threading.Thread(target=costly)
        runner.start()
        time.sleep(1.0)
        health_during_batch = raw(server.port, request("GET", "/health"), timeout=10)
        runner.join(WORKER_TIMEOUT + 60)
    print(f"\nhealth {health.seconds} s, extract {extract.seconds} s, health during the batch "
          f"{health_during_batch.seconds} s, batch {batch['outcome'].seconds} s")  # fmt: skip

    for probe in (health, extract, health_during_batch):
        assert probe.status == 200 and probe.seconds < 2.0, probe
    outcome = batch["outcome"]
    assert outcome.status == 200 and outcome.content_type == "application/json", outcome
    assert outcome.seconds < WORKER_TIMEOUT, "the batch outlived the worker timeout"
    assert outcome.seconds < DEFAULTS["REQUEST_TIME_BUDGET"] + 10
    results = json.loads(outcome.body)["results"]
    statuses = [r["status"] for r in results]
    print("batch statuses:", statuses)
    assert [r["index"] for r in results] == list(range(25))
    assert set(statuses) <= {200, 503} and statuses[0] == 200
    for result in results:
        if result["status"] == 503:
            assert result["problem"]["type"] == "urn:news-events:problem:out-of-time"
            assert result["problem"]["retry_after"] == articles.RETRY_AFTER
    # the slow clients: each got its own 408 problem (headers or body too slow), no HTML page, no reset
    assert len(slow.outcomes) == 20
    kinds = {(o.status, o.content_type) for o in slow.outcomes}
    assert kinds == {(408, PROBLEM)}, [(o.case, o.status, o.content_type, o.note) for o in slow.outcomes]
    assert max(o.seconds for o in slow.outcomes) < DEFAULTS["HEADER_TIMEOUT"] + DEFAULTS["BODY_TIMEOUT"] + 10


@pytest.mark.parametrize(
    ("name", "payload", "status"),
    [
        ("request line over the limit", request("GET", "/health?x=" + "a" * 9000), 414),
        ("header field over the limit", request("GET", "/health", headers={"X-Big": "a" * 9000}), 431),
        ("bad Content-Length", request("POST", "/v1/extract", b"{}", {"Content-Length": "abc"})[:-2], 400),
        (
            "malformed chunked body",
            request("POST", "/v1/extract", b"", {"Transfer-Encoding": "chunked"}) + b"zz\r\n",
            400,
        ),
        ("JSON nested 100,000 deep", request("POST", "/v1/extract", b"[" * 100_000 + b"]" * 100_000), 400),
        ("text of only \\x85", json_post("/v1/extract", {"text": "\x85", "language": "de"}), 422),
        ("BOM-only text", json_post("/v1/extract", {"text": "\ufeff", "language": "de"}), 422),
        ("published_at 2026-W06", json_post("/v1/extract", {"text": GERMAN, "published_at": "2026-W06"}), 422),
        ("published_at 20260205", json_post("/v1/extract", {"text": GERMAN, "published_at": "20260205"}), 422),
        ("Russian text", json_post("/v1/extract", {"text": "Правительство объявило в среду, что не будет."}), 422),
    ],
)
def test_the_hand_made_cases_of_the_issue(server, name, payload, status):
    outcome = raw(server.port, payload, timeout=30)
    assert (outcome.status, outcome.content_type) == (status, PROBLEM), outcome
    assert json.loads(outcome.body)["status"] == status
