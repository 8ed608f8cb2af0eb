"""Every setting, read from the environment in one place; the README's settings table mirrors this class."""

from __future__ import annotations

import os

# The defaults, also those of the OpenAPI document kept in the repository (python -m service.openapi).
DEFAULTS = {
    "MAX_BODY_BYTES": 1024 * 1024,
    "MAX_TEXT_CHARS": 100_000,
    "MAX_BATCH_DOCUMENTS": 25,
    "REQUEST_TIME_BUDGET": 30.0,
    "HEADER_TIMEOUT": 10.0,
    "BODY_TIMEOUT": 30.0,
}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"setting {name} must be a whole number, got {raw!r}") from exc


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise RuntimeError(f"setting {name} must be a number of seconds, got {raw!r}") from exc
    if value <= 0:
        raise RuntimeError(f"setting {name} must be above 0, got {raw!r}")
    return value


class Config:
    """Settings with their defaults; create_app(test_config) overrides them for tests."""

    # The spaCy base pipeline: empty for the shipped model, "blank" for rules only, or an installed
    # package name or path such as "de_core_news_lg".
    NEWS_EVENTS_MODEL = os.environ.get("NEWS_EVENTS_MODEL", "")
    # Whether to load the pipeline when the app is created (gunicorn --preload loads it before forking).
    LOAD_PIPELINE = os.environ.get("NEWS_EVENTS_LOAD_PIPELINE", "1") != "0"
    MAX_CONTENT_LENGTH = _int("MAX_BODY_BYTES", DEFAULTS["MAX_BODY_BYTES"])
    MAX_TEXT_CHARS = _int("MAX_TEXT_CHARS", DEFAULTS["MAX_TEXT_CHARS"])
    MAX_BATCH_DOCUMENTS = _int("MAX_BATCH_DOCUMENTS", DEFAULTS["MAX_BATCH_DOCUMENTS"])
    MAX_ID_CHARS = 200
    # Seconds one request may spend waiting for and running the pipeline; what is not done by then is answered
    # with a retryable 503 (per document in a batch). Below GUNICORN_TIMEOUT, so an answer always comes first.
    REQUEST_TIME_BUDGET = _float("REQUEST_TIME_BUDGET", DEFAULTS["REQUEST_TIME_BUDGET"])
    # Seconds a client has for its request line and headers, and then for its body (and later for taking the
    # answer); a slower client gets 408 and its connection closed (service/server.py enforces both).
    HEADER_TIMEOUT = _float("HEADER_TIMEOUT", DEFAULTS["HEADER_TIMEOUT"])
    BODY_TIMEOUT = _float("BODY_TIMEOUT", DEFAULTS["BODY_TIMEOUT"])
    # Upper-cased: gunicorn and the compose files use "info", the logging module wants "INFO".
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    JSON_AS_ASCII = False
