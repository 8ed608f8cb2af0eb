"""The OpenAPI document, generated from the marshmallow schemas (apispec) with the limits of a Config.

    python -m service.openapi            # write openapi.yaml with the default settings (what the repository keeps)
    python -m service.openapi --check    # exit 1 when openapi.yaml is not what the schemas generate

GET /openapi.yaml serves the same document built with the running app's settings, so MAX_TEXT_CHARS and
MAX_BATCH_DOCUMENTS show in it. The schemas (schemas/) are the one source of field rules; this module only adds the
operations: paths, status codes and content types.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

import yaml
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from schemas import responses
from schemas.requests import BatchRequestSchema, ExtractRequestSchema

from .config import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "openapi.yaml"
DESCRIPTION = """\
Turns German news articles into structured political events (PLOVER ontology): who acted, what happened, against
or with whom, where, when, and who judged it how. Every field carries the character offsets of its evidence: Python
string indices into the submitted `text`, end exclusive.

Every error is `application/problem+json` (RFC 9457), also those the server answers before the application sees
the request (400 malformed request line or framing, 408 too slow, 414, 431). Request bodies above {max_body} bytes
get 413. Each request has a time budget of {budget:g} s: a single article that runs out of it gets 503 with
`Retry-After`; in a batch, each document the budget did not reach or let finish gets its own 503 result.
An answer whose `incomplete` is not empty lacks the parts it names, because a step of the pipeline failed on the
text (logged under the request id)."""
YAML_MAPPING = "The OpenAPI 3.0 document (a YAML mapping)."
PROBLEM_STATUSES = {
    "400": "Malformed JSON, body framing or request line.",
    "408": "The request (headers or body) did not arrive in time.",
    "413": "The body is larger than the configured limit.",
    "414": "The request line is too long.",
    "415": "Not a supported content type.",
    "422": "The request does not match the contract, or the text is not in a supported language.",
    "431": "Too many or too large header fields.",
    "500": "The server failed; logged under the request id.",
    "503": "The model is not loaded yet, or the time budget ran out (see Retry-After).",
}


def _problem(description: str, retry: bool = False) -> dict:
    headers = {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}
    if retry:
        headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    return {
        "description": description,
        "headers": headers,
        "content": {"application/problem+json": {"schema": "Problem"}},
    }


def _json(schema: object, description: str, headers: bool = True) -> dict:
    out: dict = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        out["headers"] = {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}
    return out


def _errors(*statuses: str) -> dict:
    return {status: _problem(PROBLEM_STATUSES[status], retry=status == "503") for status in statuses}


def build(
    max_text_chars: int = DEFAULTS["MAX_TEXT_CHARS"],
    max_documents: int = DEFAULTS["MAX_BATCH_DOCUMENTS"],
    max_body_bytes: int = DEFAULTS["MAX_BODY_BYTES"],
    time_budget: float = DEFAULTS["REQUEST_TIME_BUDGET"],
) -> dict:
    """The OpenAPI 3.0 document for these limits, as a dict."""
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="news-events",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[plugin],
        info={
            "description": DESCRIPTION.format(max_body=max_body_bytes, budget=time_budget),
            "license": {"name": "MIT (code); the shipped model is CC BY-SA 4.0, see models/MODEL_CARD.md"},
        },
        servers=[{"url": "http://127.0.0.1:8080"}],
    )
    spec.components.header(
        "X-Request-ID",
        {
            "description": "The client's request id if it sent a sane one (1-200 of [A-Za-z0-9._:-]), else a new one.",
            "schema": {"type": "string"},
        },
    )
    spec.components.header(
        "Retry-After", {"description": "Seconds after which to send again.", "schema": {"type": "integer"}}
    )
    request = ExtractRequestSchema(max_text_chars=max_text_chars)
    spec.components.schema("ExtractRequest", schema=request)
    spec.components.schema("ExtractBatchRequest", schema=BatchRequestSchema(max_documents=max_documents))
    # Leaves first: apispec registers a nested schema under its own name when it first meets it.
    for name in ("Problem", "ExtractResponse", "BatchResponse", "EventTypes", "Health", "Ready"):
        spec.components.schema(name, schema=getattr(responses, name + "Schema"))

    converter = plugin.converter
    # The plain-text body is the `text` field alone; the query parameters are the other fields, never null.
    plain_text = converter.field2property(request.fields["text"])
    parameters = []
    for name in ("published_at", "language", "id"):
        prop = converter.field2property(request.fields[name])
        # A query parameter is a string or absent, never null.
        prop.pop("nullable", None)
        prop.pop("default", None)
        if "enum" in prop:
            prop["enum"] = [value for value in prop["enum"] if value is not None]
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": "The default when the body does not give it.",
                "schema": prop,
            }
        )
    spec.path(
        "/v1/extract",
        operations={
            "post": {
                "summary": "Extract the events of one article",
                "operationId": "extract",
                "parameters": parameters,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": "ExtractRequest"},
                        "text/plain": {"schema": plain_text},
                    },
                },
                "responses": {
                    "200": _json("ExtractResponse", "The events, actors, places and times of the article."),
                    **_errors("400", "408", "413", "414", "415", "422", "431", "500", "503"),
                },
            }
        },
    )
    spec.path(
        "/v1/extract/batch",
        operations={
            "post": {
                "summary": f"Extract the events of 1 to {max_documents} articles; each gets its own status",
                "operationId": "extractBatch",
                "requestBody": {"required": True, "content": {"application/json": {"schema": "ExtractBatchRequest"}}},
                "responses": {
                    "200": _json(
                        "BatchResponse",
                        "One result per document, in order: its answer (200) or its own problem (422 invalid, 500 "
                        "failed, 503 out of time, with `retry_after`). A Retry-After header comes with any 503.",
                    ),
                    **_errors("400", "408", "413", "414", "415", "422", "431", "500", "503"),
                },
            }
        },
    )
    spec.path(
        "/v1/event-types",
        operations={
            "get": {
                "summary": "The 16 PLOVER event types with short German and English descriptions",
                "operationId": "eventTypes",
                "responses": {"200": _json("EventTypes", "The event types."), **_errors("414", "431")},
            }
        },
    )
    spec.path(
        "/health",
        operations={
            "get": {
                "summary": "Liveness",
                "operationId": "health",
                "responses": {"200": _json("Health", "The process answers.", False), **_errors("414", "431")},
            }
        },
    )
    spec.path(
        "/ready",
        operations={
            "get": {
                "summary": "Readiness (503 until the model is loaded)",
                "operationId": "ready",
                "responses": {
                    "200": _json("Ready", "Ready to extract (status ready).", False),
                    "503": _json("Ready", "Still loading (status loading).", False),
                    **_errors("414", "431"),
                },
            }
        },
    )
    spec.path(
        "/openapi.yaml",
        operations={
            "get": {
                "summary": "This description, with the limits the service runs with",
                "operationId": "openapi",
                "responses": {
                    "200": {
                        "description": "The OpenAPI document.",
                        "content": {
                            "application/yaml": {
                                "schema": {
                                    "type": "object",
                                    "description": "The OpenAPI 3.0 document (a YAML mapping).",
                                }
                            }
                        },
                    },
                    **_errors("414", "431"),
                },
            }
        },
    )
    return _strict_nullable(spec.to_dict())


def _strict_nullable(node: object) -> object:
    """Nullable nested objects as OpenAPI 3.0 needs them: apispec writes anyOf [{type: object, nullable: true}, ref],
    whose first branch admits any object at all; the ref or exactly null is what the answer holds."""
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if (
            isinstance(branches, list)
            and len(branches) == 2
            and branches[0] == {"type": "object", "nullable": True}
            and set(branches[1]) == {"$ref"}
        ):
            node = {key: value for key, value in node.items() if key != "anyOf"}
            node["oneOf"] = [branches[1], {"type": "object", "nullable": True, "enum": [None]}]
        return {key: _strict_nullable(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_strict_nullable(item) for item in node]
    return node


def to_yaml(document: dict) -> str:
    """The document as YAML, keys in the order they were built (stable output, readable diffs)."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)


@cache
def served(max_text_chars: int, max_documents: int, max_body_bytes: int, time_budget: float) -> bytes:
    """The document for these settings as served at /openapi.yaml, built once per process."""
    return to_yaml(build(max_text_chars, max_documents, max_body_bytes, time_budget)).encode("utf-8")


def default_yaml() -> str:
    """What openapi.yaml in the repository must hold: the document for the default settings."""
    return to_yaml(build())


def main(argv: list[str] | None = None) -> int:
    """Write openapi.yaml, or check it, so the committed file never drifts from the schemas."""
    parser = argparse.ArgumentParser(prog="python -m service.openapi", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with openapi.yaml; exit 1 when it differs")
    parser.add_argument("--output", type=Path, default=COMMITTED)
    args = parser.parse_args(argv)
    text = default_yaml()
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        if not same:
            print(f"{args.output} is not what the schemas generate: run python -m service.openapi", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
