"""Schemathesis against openapi.yaml and the WSGI app, all checks: every response must match the contract."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.helpers import openapi

schemathesis.checks.load_all_checks()
# Every built-in check, named explicitly so that a newer schemathesis cannot silently run fewer.
ALL_CHECKS = schemathesis.checks.CHECKS.get_all()
OPERATIONS = [(path, method.upper()) for path, item in openapi()["paths"].items() for method in item]
# Negative data needs something to break: a body or a parameter.
CASES = [
    pytest.param(path, method, mode, id=f"{method} {path} {mode.value}")
    for path, method in OPERATIONS
    for mode in GenerationMode
    if mode is GenerationMode.POSITIVE or {"parameters", "requestBody"} & set(openapi()["paths"][path][method.lower()])
]
# schemathesis' own pytest plugin does not work with pytest 9, so each operation gets a plain Hypothesis test.
FAST = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
THOROUGH = settings(FAST, max_examples=300)


@pytest.fixture(scope="module")
def api_schema(app):
    """The contract as the running app serves it at /openapi.yaml, bound to the app (no sockets)."""
    return schemathesis.openapi.from_wsgi("/openapi.yaml", app)


def run_operation(api_schema, path: str, method: str, mode: GenerationMode, how: settings) -> None:
    operation = api_schema[path][method]

    @how
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        # No 5xx, declared status codes, content types, headers and bodies; valid data accepted, invalid rejected.
        case.call_and_validate(checks=ALL_CHECKS)

    check()


@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_every_response_matches_the_contract(api_schema, path, method, mode):
    run_operation(api_schema, path, method, mode, FAST)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_every_response_matches_the_contract_thoroughly(api_schema, path, method, mode):
    run_operation(api_schema, path, method, mode, THOROUGH)
