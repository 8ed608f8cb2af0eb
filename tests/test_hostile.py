"""Hostile and costly requests inside the app: deep JSON, broken framing, slow bodies and the time budget each get
their own problem+json (status, type, body), never a 500 or an HTML page."""

from __future__ import annotations

import io
import json
import time

import pytest
from gunicorn.http.errors import ChunkMissingTerminator, InvalidChunkSize, NoMoreData
from werkzeug.test import EnvironBuilder, run_wsgi_app

from service import articles
from service.server import BodyTimeout

PROBLEM = "application/problem+json"
GERMAN = "Der Bundeskanzler traf am Mittwoch in Berlin den französischen Präsidenten zu Gesprächen."


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["type"] == f"urn:news-events:problem:{slug}"
    assert body["title"] and body["detail"] and body["request_id"] == response.headers["X-Request-ID"]
    return body


@pytest.mark.parametrize("depth", [1_001, 5_000, 100_000])
@pytest.mark.parametrize("path", ["/v1/extract", "/v1/extract/batch"])
def test_deeply_nested_json_is_a_400(client, path, depth):
    body = b'{"text": "x", "documents": ' + b"[" * depth + b"]" * depth + b"}"
    response = client.post(path, data=body, content_type="application/json")
    assert_problem(response, 400, "malformed-json")


def test_deep_json_inside_a_valid_document_is_refused_field_by_field(client):
    nested = "[" * 500 + "]" * 500
    body = '{"text": "' + GERMAN + '", "id": ' + nested + "}"
    response = client.post("/v1/extract", data=body, content_type="application/json")
    assert [e["pointer"] for e in assert_problem(response, 422, "validation")["errors"]] == ["/id"]


class FailingStream(io.RawIOBase):
    """A request body whose read fails the way gunicorn's reader fails on bad framing or a stalled client."""

    def __init__(self, error: Exception, first: bytes = b'{"text": "Der Kanzler') -> None:
        self.error, self.first = error, first

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.first:
            n = len(self.first)
            buffer[:n], self.first = self.first, b""
            return n
        raise self.error


def call(app, path: str, stream: io.RawIOBase, chunked: bool) -> tuple[int, dict, dict]:
    environ = EnvironBuilder(path=path, method="POST", content_type="application/json").get_environ()
    environ["wsgi.input"] = io.BufferedReader(stream)
    if chunked:  # gunicorn de-chunks and marks the stream as terminated; no Content-Length
        environ.pop("CONTENT_LENGTH", None)
        environ.update({"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"})
    else:
        environ["CONTENT_LENGTH"] = "1000"
    body, status, headers = run_wsgi_app(app, environ, buffered=True)
    return int(status[:3]), dict(headers), json.loads(b"".join(body))


@pytest.mark.parametrize(
    "error", [InvalidChunkSize(b"zz"), ChunkMissingTerminator(b"xx")], ids=["bad chunk size", "no terminator"]
)
@pytest.mark.parametrize("path", ["/v1/extract", "/v1/extract/batch"])
def test_malformed_chunked_framing_is_a_400(app, path, error):
    status, headers, body = call(app, path, FailingStream(error), chunked=True)
    assert (status, headers["Content-Type"], body["type"]) == (400, PROBLEM, "urn:news-events:problem:malformed-body")


def test_a_body_slower_than_its_deadline_is_a_408(app):
    status, headers, body = call(app, "/v1/extract", FailingStream(BodyTimeout("no data")), chunked=False)
    assert (status, headers["Content-Type"], body["type"]) == (408, PROBLEM, "urn:news-events:problem:timeout")


def test_a_client_that_leaves_mid_body_is_a_400(app):
    status, headers, body = call(app, "/v1/extract", FailingStream(NoMoreData(b"")), chunked=False)
    assert (status, headers["Content-Type"]) == (400, PROBLEM)


# ---------------------------------------------------------------- the time budget


@pytest.fixture
def budget_app(nlp):
    """An app whose requests may spend `budget` seconds in the pipeline (set per test)."""
    from service import create_app

    def make(budget: float):
        app = create_app({"TESTING": True, "LOAD_PIPELINE": False, "REQUEST_TIME_BUDGET": budget})
        app.extensions["news_events.nlp"] = nlp
        return app.test_client()

    return make


@pytest.fixture
def slow_component(nlp, monkeypatch):
    """news_places takes `seconds` per document, as a costly text would."""

    def make(seconds: float) -> None:
        proc = nlp.get_pipe("news_places")
        original = proc.find

        def slow(doc, *args, **kwargs):
            time.sleep(seconds)
            return original(doc, *args, **kwargs)

        monkeypatch.setattr(proc, "find", slow)

    return make


def test_a_batch_past_its_budget_answers_in_time_with_a_retryable_problem_per_unfinished_document(
    budget_app, slow_component
):
    slow_component(0.3)
    client = budget_app(1.0)
    documents = [{"text": f"{GERMAN} Nummer {i}."} for i in range(8)] + [{"text": ""}]
    started = time.perf_counter()
    response = client.post("/v1/extract/batch", json={"documents": documents})
    took = time.perf_counter() - started
    assert response.status_code == 200
    results = response.get_json()["results"]
    statuses = [r["status"] for r in results]
    print(f"\n{statuses} in {took:.2f} s")
    assert [r["index"] for r in results] == list(range(9))
    assert statuses[-1] == 422  # an invalid document is still told so, out of time or not
    done = statuses[:-1]
    assert done[0] == 200 and 503 in done
    assert done == sorted(done), "documents are taken in order; once the budget is spent the rest get 503"
    assert took < 1.0 + 0.3 + 0.5, "the answer came later than the budget plus one component"
    for result in results:
        if result["status"] == 503:
            problem = result["problem"]
            assert problem["type"] == "urn:news-events:problem:out-of-time"
            assert problem["retry_after"] == articles.RETRY_AFTER and problem["status"] == 503
            assert "1 s" in problem["detail"]
    assert response.headers["Retry-After"] == str(articles.RETRY_AFTER)


def test_a_single_text_past_its_budget_gets_a_503_problem_not_a_killed_worker(budget_app, slow_component):
    slow_component(0.5)
    response = budget_app(0.2).post("/v1/extract", json={"text": GERMAN})
    body = assert_problem(response, 503, "out-of-time")
    assert response.headers["Retry-After"] == str(articles.RETRY_AFTER)
    assert "did not finish" in body["detail"] and body["retry_after"] == articles.RETRY_AFTER


def test_a_request_that_waits_for_the_pipeline_past_its_budget_gets_a_503(budget_app):
    client = budget_app(0.2)
    assert articles._PIPELINE.acquire(timeout=5)
    try:
        started = time.perf_counter()
        response = client.post("/v1/extract", json={"text": GERMAN})
        waited = time.perf_counter() - started
    finally:
        articles._PIPELINE.release()
    body = assert_problem(response, 503, "out-of-time")
    assert "was not started" in body["detail"] and waited < 1.0
    # and once the pipeline is free the same request is answered
    assert client.post("/v1/extract", json={"text": GERMAN}).status_code == 200


def test_within_budget_the_answer_is_the_plain_one(budget_app, nlp):
    import datetime as dt

    from service.extract import Article, extract

    response = budget_app(30.0).post("/v1/extract", json={"text": GERMAN, "published_at": "2026-02-05"})
    assert response.get_json() == json.loads(
        json.dumps(articles.response_schema.dump(extract(nlp, Article(GERMAN, dt.date(2026, 2, 5)))))
    )
