"""Shared fixtures: one pipeline per test session (loading it is the slow part), the app and its client."""

from __future__ import annotations

import os

import pytest

from service.nlp.pipeline import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    """The service's pipeline: the shipped model unless NEWS_EVENTS_MODEL names another."""
    return load_pipeline(os.environ.get("NEWS_EVENTS_MODEL") or None)


@pytest.fixture(scope="session")
def app(nlp):
    """The app with the session's pipeline (pytest-flask builds `client` from this)."""
    from service import create_app

    app = create_app({"TESTING": True, "LOAD_PIPELINE": False})
    app.extensions["news_events.nlp"] = nlp
    return app
