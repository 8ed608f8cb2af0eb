"""Shared fixtures: one pipeline per test session (loading it is the slow part), the app and its client."""

from __future__ import annotations

import os

import pytest

from service.nlp.pipeline import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    """The service's pipeline: the shipped model unless NEWS_EVENTS_MODEL names another."""
    return load_pipeline(os.environ.get("NEWS_EVENTS_MODEL") or None)
