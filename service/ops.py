"""Operational endpoints: liveness, readiness and the API description, outside the versioned API."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify

bp = Blueprint("ops", __name__)
OPENAPI = Path(__file__).resolve().parents[1] / "openapi.yaml"


@bp.get("/health")
def health():
    return jsonify({"status": "ok"})


@bp.get("/ready")
def ready():
    nlp = current_app.extensions.get("news_events.nlp")
    if nlp is None:
        return jsonify({"status": "loading"}), 503
    return jsonify({"status": "ready", "model": {"name": nlp.meta.get("name"), "version": nlp.meta.get("version")}})


@bp.get("/openapi.yaml")
def openapi():
    return Response(OPENAPI.read_bytes(), mimetype="application/yaml")
