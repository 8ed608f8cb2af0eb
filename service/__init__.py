"""news-events: German news articles in, PLOVER events out."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, g, request

from schemas.requests import BatchRequestSchema, ExtractRequestSchema

from .config import Config
from .errors import register_errors

log = logging.getLogger(__name__)
_REQUEST_ID_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
}


def create_app(test_config: dict | None = None) -> Flask:
    """The app factory: configure, register errors and blueprints, load the pipeline once."""
    app = Flask(__name__)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["news_events.schemas"] = (
        ExtractRequestSchema(max_text_chars=app.config["MAX_TEXT_CHARS"]),
        BatchRequestSchema(max_documents=app.config["MAX_BATCH_DOCUMENTS"]),
    )
    register_errors(app)
    register_request_id(app)
    register_blueprints(app)
    if app.config["LOAD_PIPELINE"]:
        load_pipeline(app)
    return app


def register_blueprints(app: Flask) -> None:
    """The API, the operational endpoints and the editors' page."""
    from . import api, ops, web

    app.register_blueprint(ops.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)


def register_request_id(app: Flask) -> None:
    """Every response carries X-Request-ID (the client's if it is sane, else a new one) and security headers."""

    @app.before_request
    def _assign_request_id() -> None:
        given = request.headers.get("X-Request-ID", "")
        ok = 0 < len(given) <= 200 and all(c in _REQUEST_ID_OK for c in given)
        g.request_id = given if ok else uuid.uuid4().hex

    @app.after_request
    def _headers(response):
        response.headers["X-Request-ID"] = g.get("request_id") or uuid.uuid4().hex
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response


def load_pipeline(app: Flask) -> None:
    """Load the spaCy pipeline (and the language identifier) into the app; a broken model stops start-up."""
    from .nlp import langid
    from .nlp.pipeline import load_pipeline as build

    nlp = build(app.config["NEWS_EVENTS_MODEL"] or None)
    langid.identifier()  # the language model too, so that forked workers share it
    app.extensions["news_events.nlp"] = nlp
    log.info("serving with pipeline %s_%s %s", nlp.lang, nlp.meta.get("name"), nlp.meta.get("version"))
