"""Problem details (RFC 9457) for every error path, so clients parse one error shape.

`Problem` is the one problem builder: the Flask handlers below, the batch results, the batch command's error lines
and the server's own errors (service/server.py) all build their bodies with it.
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, g, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_TYPE = "urn:news-events:problem:"
PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """An error the client can act on; `errors` points at the offending fields (JSON pointers)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        errors: list[dict] | None = None,
        slug: str = "",
        retry_after: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.slug = slug or title.lower().replace(" ", "-")
        self.retry_after = retry_after

    def to_dict(self, request_id: str | None = None) -> dict:
        """The problem+json body; `request_id` ties it to the log lines of its request."""
        body: dict = {"type": PROBLEM_TYPE + self.slug, "title": self.title, "status": self.status}
        body["detail"] = self.detail
        if self.errors:
            body["errors"] = self.errors
        if self.retry_after:
            body["retry_after"] = self.retry_after
        if request_id:
            body["request_id"] = request_id
        return body

    def to_json(self, request_id: str | None = None) -> bytes:
        """The body as bytes, for writers outside Flask (the gunicorn worker)."""
        return json.dumps(self.to_dict(request_id), ensure_ascii=False).encode("utf-8")

    def headers(self) -> dict[str, str]:
        """Retry-After for a retryable problem: clients and proxies read the header, not the body."""
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}


def validation_problem(errors: list[dict], detail: str = "The request does not match the API contract.") -> Problem:
    """The 422 for field errors, so every validation answer has one type and one shape."""
    return Problem(422, "Validation failed", detail, errors, slug="validation")


def problem_response(problem: Problem, headers: dict | None = None) -> Response:
    """A Flask response for `problem`, carrying the request id."""
    response = jsonify(problem.to_dict(g.get("request_id")))
    response.status_code = problem.status
    response.mimetype = PROBLEM_JSON
    for key, value in {**problem.headers(), **(headers or {})}.items():
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
    """Every error path of the app answers problem+json: our problems, Werkzeug's HTTP errors and the unexpected."""
    app.register_error_handler(Problem, problem_response)
    app.register_error_handler(HTTPException, _from_http)
    app.register_error_handler(Exception, _unexpected)
