"""Problem details (RFC 9457) for every error path, so clients parse one error shape."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_TYPE = "urn:news-events:problem:"
PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """An error the client can act on; `errors` points at the offending fields (JSON pointers)."""

    def __init__(self, status: int, title: str, detail: str, errors: list[dict] | None = None, slug: str = ""):
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.slug = slug or title.lower().replace(" ", "-")

    def to_dict(self) -> dict:
        body = {"type": PROBLEM_TYPE + self.slug, "title": self.title, "status": self.status, "detail": self.detail}
        if self.errors:
            body["errors"] = self.errors
        request_id = g.get("request_id") if g else None
        if request_id:
            body["request_id"] = request_id
        return body


def validation_problem(errors: list[dict], detail: str = "The request does not match the API contract.") -> Problem:
    return Problem(422, "Validation failed", detail, errors, slug="validation")


def problem_response(problem: Problem, headers: dict | None = None):
    response = jsonify(problem.to_dict())
    response.status_code = problem.status
    response.mimetype = PROBLEM_JSON
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _from_http(exc: HTTPException):
    status = exc.code or 500
    title = exc.name or "Error"
    detail = {
        404: "No resource at this URL; see GET /openapi.yaml for the API.",
        413: "The request body is larger than the configured limit.",
    }.get(status, exc.description or title)
    headers = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return problem_response(Problem(status, title, detail, slug=title.lower().replace(" ", "-")), headers)


def _unexpected(exc: Exception):
    # The client sees no internals; the log has the traceback under the request id.
    log.exception("unhandled error (request id %s)", g.get("request_id"))
    problem = Problem(
        500, "Internal Server Error", "The server failed on this request; it has been logged.", slug="internal"
    )
    return problem_response(problem)


def register_errors(app: Flask) -> None:
    app.register_error_handler(Problem, problem_response)
    app.register_error_handler(HTTPException, _from_http)
    app.register_error_handler(Exception, _unexpected)
