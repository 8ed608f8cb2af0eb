"""Every setting, read from the environment in one place; the README's settings table mirrors this class."""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"setting {name} must be a whole number, got {raw!r}") from exc


class Config:
    """Settings with their defaults; create_app(test_config) overrides them for tests."""

    # The spaCy base pipeline: empty for the shipped model, "blank" for rules only, or an installed
    # package name or path such as "de_core_news_lg".
    NEWS_EVENTS_MODEL = os.environ.get("NEWS_EVENTS_MODEL", "")
    # Whether to load the pipeline when the app is created (gunicorn --preload loads it before forking).
    LOAD_PIPELINE = os.environ.get("NEWS_EVENTS_LOAD_PIPELINE", "1") != "0"
    MAX_CONTENT_LENGTH = _int("MAX_BODY_BYTES", 1024 * 1024)
    MAX_TEXT_CHARS = _int("MAX_TEXT_CHARS", 100_000)
    MAX_BATCH_DOCUMENTS = _int("MAX_BATCH_DOCUMENTS", 25)
    MAX_ID_CHARS = 200
    BATCH_SIZE = _int("NLP_BATCH_SIZE", 8)
    # Upper-cased: gunicorn and the compose files use "info", the logging module wants "INFO".
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    JSON_AS_ASCII = False
