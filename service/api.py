"""The v1 blueprint: thin views that read the body, validate with the shared article rules, run the shared
pipeline path within the request's time budget, and dump with a schema."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, g, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import ClientDisconnected, HTTPException, RequestEntityTooLarge

from schemas.requests import BatchRequestSchema, ExtractRequestSchema, pointer_errors
from schemas.responses import EventTypesSchema

from . import articles
from .errors import Problem, validation_problem
from .extract import Deadline
from .nlp.events import event_types

log = logging.getLogger(__name__)
bp = Blueprint("v1", __name__, url_prefix="/v1")
event_types_schema = EventTypesSchema()


def _schemas() -> tuple[ExtractRequestSchema, BatchRequestSchema]:
    return current_app.extensions["news_events.schemas"]


def _nlp():
    nlp = current_app.extensions.get("news_events.nlp")
    if nlp is None:
        raise Problem(503, "Service Unavailable", "The language model is not loaded yet.", slug="not-ready")
    return nlp


def _deadline() -> Deadline:
    return Deadline(current_app.config["REQUEST_TIME_BUDGET"])


def _body() -> bytes:
    """The raw body, never more than MAX_CONTENT_LENGTH bytes and never silently cut off."""
    try:
        raw = request.get_data(cache=False)
    except ClientDisconnected as exc:
        # Werkzeug reports any failed read so; a read that ran past BODY_TIMEOUT (service/server.py) is a 408.
        if isinstance(exc.__context__, TimeoutError):
            log.info("request %s: the body did not arrive in time: %s", g.get("request_id"), exc.__context__)
            raise Problem(408, "Request Timeout", "The request body did not arrive in time.", slug="timeout") from exc
        raise
    except HTTPException:
        raise  # 413 over the limit: Werkzeug's own, answered as a problem by errors.py
    except Exception as exc:  # noqa: BLE001 - the server's framing errors (bad chunk sizes, missing terminators)
        log.info("request %s: unreadable body: %s: %s", g.get("request_id"), type(exc).__name__, exc)
        raise Problem(
            400, "Malformed body", "The request body is not correctly framed (chunked encoding or length).",
            slug="malformed-body",
        ) from exc  # fmt: skip
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    # Without Content-Length (a chunked upload), Werkzeug stops reading at the limit and returns what it has
    # without an error, so a body that reaches the limit may have been cut: refuse it rather than parse a part.
    if request.content_length is None and limit is not None and len(raw) >= limit:
        raise RequestEntityTooLarge()
    return raw


def _json_body() -> object:
    if not request.mimetype == "application/json":
        raise Problem(
            415, "Unsupported Media Type", "Send application/json (or text/plain to /v1/extract).", slug="media-type"
        )
    return articles.parse_json(_body())


def _plain_text_payload() -> dict:
    raw = _body()
    try:
        text = raw.decode(request.mimetype_params.get("charset", "utf-8"))
    except (UnicodeDecodeError, LookupError) as exc:
        raise Problem(400, "Malformed text", f"The body is not decodable text: {exc}", slug="malformed-text") from exc
    return {"text": text}


QUERY_FIELDS = ("published_at", "language", "id")


def _query_fields() -> dict:
    """`published_at`, `language`, `id` from the query string, validated even when the body overrides them."""
    given = {key: request.args[key] for key in QUERY_FIELDS if key in request.args}
    if given:
        try:
            _schemas()[0].load(given, partial=("text",))
        except ValidationError as exc:
            errors = [{**e, "parameter": e["pointer"].lstrip("/")} for e in pointer_errors(exc.messages)]
            raise validation_problem(errors, detail="A query parameter does not match the API contract.") from exc
    return given


@bp.post("/extract")
def extract_one() -> Response:
    """One article in, its answer out: a problem (422, 500, 503) instead whenever it cannot be whole or honest."""
    payload = _plain_text_payload() if request.mimetype == "text/plain" else _json_body()
    query = _query_fields()
    if query and isinstance(payload, dict):
        # Query parameters are defaults; fields in a JSON body win.
        payload = {**query, **payload}
    article = articles.load_article(payload, _schemas()[0])
    outcome = articles.run(_nlp(), article, _deadline(), g.get("request_id"))
    if outcome.problem is not None:
        raise outcome.problem
    return jsonify(outcome.result)


@bp.post("/extract/batch")
def extract_batch() -> Response:
    """Several articles in one request, each with its own status, so one bad or costly article never loses the rest."""
    payload = _json_body()
    if not isinstance(payload, dict):
        raise validation_problem([{"pointer": "", "detail": "Expected a JSON object with `documents`."}])
    try:
        documents = _schemas()[1].load(payload)["documents"]
    except ValidationError as exc:
        raise validation_problem(pointer_errors(exc.messages)) from exc
    nlp, deadline, request_id = _nlp(), _deadline(), g.get("request_id")
    results = []
    for index, document in enumerate(documents):
        try:
            article = articles.load_article(document, _schemas()[0], f"/documents/{index}")
        except Problem as problem:
            log.info("request %s: batch document %d refused (%d): %s", request_id, index, problem.status,
                     problem.detail)  # fmt: skip
            results.append({"index": index, "status": problem.status, "problem": problem.to_dict(request_id)})
            continue
        results.append(articles.run(nlp, article, deadline, request_id).as_item("index", index, request_id))
    response = jsonify({"results": results})  # each item was dumped by the shared path (articles.run)
    if any(item["status"] == 503 for item in results):
        response.headers["Retry-After"] = str(articles.RETRY_AFTER)
    return response


@bp.get("/event-types")
def list_event_types() -> Response:
    """The PLOVER types the service can answer, so clients can build their filters and legends."""
    return jsonify(event_types_schema.dump({"event_types": event_types()}))
