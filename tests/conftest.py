"""Shared fixtures: one pipeline per test session (loading it is the slow part), the app and its client."""

from __future__ import annotations

import logging
import os

import pytest

from service.nlp.pipeline import load_pipeline

# pytester: tests/test_failure_policy.py checks the autouse fixture below on a test session of its own.
pytest_plugins = ("pytester",)


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


class ComponentErrors(logging.Handler):
    """Collects ERROR records of the pipeline's loggers (service.nlp.*): a component that failed and was caught."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def summary(self) -> str:
        return "; ".join(f"{r.name}: {r.getMessage()}" for r in self.records[:5])


@pytest.fixture(autouse=True)
def no_component_errors(request):
    """Fails every test during which a pipeline component logged an error: the service answers on (with the part
    listed in `incomplete`), so only the log tells, and a test must not pass over it. Tests that break a component on
    purpose say so with @pytest.mark.component_errors and read the records from this fixture."""
    handler = ComponentErrors()
    logger = logging.getLogger("service.nlp")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("component_errors") is None:
        pytest.fail(f"a pipeline component logged {len(handler.records)} error(s): {handler.summary()}")
