"""The v1 blueprint: thin views that parse with a schema, call extraction, and dump with a schema."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, current_app, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from schemas.requests import BatchRequestSchema, ExtractRequestSchema, pointer_errors
from schemas.responses import EventTypeSchema, ExtractResponseSchema

from . import articles
from . import extract as extraction
from .errors import Problem, validation_problem
from .nlp.events import event_types

log = logging.getLogger(__name__)
bp = Blueprint("v1", __name__, url_prefix="/v1")
response_schema = ExtractResponseSchema()
event_type_schema = EventTypeSchema(many=True)


def _schemas() -> tuple[ExtractRequestSchema, BatchRequestSchema]:
    return current_app.extensions["news_events.schemas"]


def _nlp():
    nlp = current_app.extensions.get("news_events.nlp")
    if nlp is None:
        raise Problem(503, "Service Unavailable", "The language model is not loaded yet.", slug="not-ready")
    return nlp


def _body() -> bytes:
    """The raw body, never more than MAX_CONTENT_LENGTH bytes and never silently cut off."""
    raw = request.get_data(cache=False)
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
    raw = _body()
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Problem(400, "Malformed JSON", f"The body is not valid JSON: {exc}", slug="malformed-json") from exc


def _load_article(payload: object, prefix: str = "") -> extraction.Article:
    """Validate one article; errors point into the submitted document."""
    try:
        return articles.load_article(payload, _schemas()[0], prefix)
    except articles.InvalidArticle as exc:
        raise validation_problem(exc.errors, detail=exc.detail) from exc


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
def extract_one():
    payload = _plain_text_payload() if request.mimetype == "text/plain" else _json_body()
    query = _query_fields()
    if query and isinstance(payload, dict):
        # Query parameters are defaults; fields in a JSON body win.
        payload = {**query, **payload}
    article = _load_article(payload)
    result = extraction.extract(_nlp(), article)
    return jsonify(response_schema.dump(result))


@bp.post("/extract/batch")
def extract_batch():
    payload = _json_body()
    if not isinstance(payload, dict):
        raise validation_problem([{"pointer": "", "detail": "Expected a JSON object with `documents`."}])
    try:
        documents = _schemas()[1].load(payload)["documents"]
    except ValidationError as exc:
        raise validation_problem(pointer_errors(exc.messages)) from exc
    nlp = _nlp()
    results: list[dict | None] = [None] * len(documents)
    good: list[tuple[int, extraction.Article]] = []
    for index, document in enumerate(documents):
        try:
            good.append((index, _load_article(document, f"/documents/{index}")))
        except Problem as problem:
            results[index] = {"index": index, "status": problem.status, "problem": problem.to_dict()}
    for index, outcome in _extract_all(nlp, good):
        results[index] = outcome
    return jsonify({"results": results})


def _extract_all(nlp, good: list[tuple[int, extraction.Article]]):
    """One nlp.pipe pass; if it fails, article by article, so one failure never loses the others."""
    batch_size = current_app.config["BATCH_SIZE"]
    try:
        responses = extraction.extract_many(nlp, [a for _, a in good], batch_size)
        for (index, _), result in zip(good, responses, strict=True):
            yield index, {"index": index, "status": 200, "result": response_schema.dump(result)}
        return
    except Exception:  # noqa: BLE001 - isolate the failing article below
        log.exception("batch extraction failed; retrying article by article")
    for index, article in good:
        try:
            yield (
                index,
                {"index": index, "status": 200, "result": response_schema.dump(extraction.extract(nlp, article))},
            )
        except Exception:  # noqa: BLE001 - report it in this slot, keep the others
            log.exception("extraction failed for batch document %d", index)
            problem = Problem(500, "Internal Server Error", "Extraction failed for this document; it has been logged.")
            yield index, {"index": index, "status": 500, "problem": problem.to_dict()}


@bp.get("/event-types")
def list_event_types():
    return jsonify({"event_types": event_type_schema.dump(event_types())})
