"""Operational endpoints: liveness, readiness and the API description, outside the versioned API."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from . import openapi as document

bp = Blueprint("ops", __name__)


@bp.get("/health")
def health() -> Response:
    """Liveness: the process answers (an orchestrator restarts it when it does not)."""
    return jsonify({"status": "ok"})


@bp.get("/ready")
def ready() -> Response | tuple[Response, int]:
    """Readiness: 503 until the model is loaded, so no traffic reaches a worker that cannot answer."""
    nlp = current_app.extensions.get("news_events.nlp")
    if nlp is None:
        return jsonify({"status": "loading"}), 503
    return jsonify({"status": "ready", "model": {"name": nlp.meta.get("name"), "version": nlp.meta.get("version")}})


@bp.get("/openapi.yaml")
def openapi() -> Response:
    """The contract generated from the schemas with this app's limits (python -m service.openapi keeps the file)."""
    cfg = current_app.config
    body = document.served(
        cfg["MAX_TEXT_CHARS"], cfg["MAX_BATCH_DOCUMENTS"], cfg["MAX_CONTENT_LENGTH"], cfg["REQUEST_TIME_BUDGET"]
    )
    return Response(body, mimetype="application/yaml")
