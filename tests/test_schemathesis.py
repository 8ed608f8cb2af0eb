"""Schemathesis with all its checks against the document the service serves: every response must match it.

In process (the WSGI app) in `make test`; against gunicorn with non-default limits, with every phase of the CLI
(examples, coverage, fuzzing, stateful), in the slow suite. positive_data_acceptance runs as
tests/schemathesis_hooks.py words it: the language rule is the one thing JSON Schema cannot state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from bench.perf import Server, send
from tests.helpers import ROOT, openapi
from tests.schemathesis_hooks import positive_data_acceptance_but_language

schemathesis.checks.load_all_checks()
# Every built-in check, named explicitly so that a newer schemathesis cannot silently run fewer; one of them scoped.
ALL_CHECKS = [c for c in schemathesis.checks.CHECKS.get_all() if c is not positive_data_acceptance]
assert positive_data_acceptance_but_language in ALL_CHECKS
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
LIMITS = {"MAX_TEXT_CHARS": "5000", "MAX_BATCH_DOCUMENTS": "7"}
MODEL = os.environ.get("NEWS_EVENTS_MODEL", "")


@pytest.fixture(scope="module")
def api_schema(app):
    """The contract as the running app serves it at /openapi.yaml, bound to the app (no sockets)."""
    return schemathesis.openapi.from_wsgi("/openapi.yaml", app)


def run_operation(api_schema, path: str, method: str, mode: GenerationMode, how: settings, **call) -> None:
    operation = api_schema[path][method]

    @how
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        # No 5xx, declared status codes, content types, headers and bodies; valid data accepted, invalid rejected.
        case.call_and_validate(checks=ALL_CHECKS, **call)

    check()


@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_every_response_matches_the_contract(api_schema, path, method, mode):
    run_operation(api_schema, path, method, mode, FAST)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_every_response_matches_the_contract_thoroughly(api_schema, path, method, mode):
    run_operation(api_schema, path, method, mode, THOROUGH)


@pytest.fixture(scope="module")
def limited_server():
    """gunicorn as `MAX_TEXT_CHARS=5000 MAX_BATCH_DOCUMENTS=7 make run` starts it."""
    with Server(workers=2, model=MODEL, extra_env=LIMITS) as server:
        yield server


@pytest.mark.slow
def test_the_live_service_serves_its_own_limits(limited_server):
    served = send(limited_server.port, "GET", "/openapi.yaml", keep_body=True)
    spec = yaml.safe_load(served.body)
    assert spec["components"]["schemas"]["ExtractRequest"]["properties"]["text"]["maxLength"] == 5000
    assert spec["components"]["schemas"]["ExtractBatchRequest"]["properties"]["documents"]["maxItems"] == 7


def run_schemathesis_cli(port: int, report_dir: Path) -> None:
    """Every phase the CLI has (examples, coverage with its boundary values, fuzzing, stateful) over real HTTP,
    with every check (positive_data_acceptance as tests/schemathesis_hooks.py scopes it); no failure allowed."""
    url = f"http://127.0.0.1:{port}/openapi.yaml"
    command = [str(Path(sys.executable).parent / "st"), "run", url, "--url", f"http://127.0.0.1:{port}"]
    command += ["--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", "40"]
    command += ["--workers", "1", "--seed", "17", "--no-color", "--report-dir", str(report_dir)]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    print(done.stdout[-3000:])
    assert done.returncode == 0, done.stdout[-6000:]
    assert "passed" in done.stdout and "generated" in done.stdout


@pytest.mark.slow
def test_schemathesis_cli_with_all_checks_against_the_live_service(limited_server, tmp_path):
    run_schemathesis_cli(limited_server.port, tmp_path)


@pytest.mark.slow
def test_schemathesis_cli_with_all_checks_against_the_service_as_make_run_starts_it(tmp_path):
    # The default limits give other boundary values (seed 17 once drew the mislabelled case the hooks skip).
    with Server(workers=1, model=MODEL) as server:
        run_schemathesis_cli(server.port, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_every_live_response_matches_the_served_contract(limited_server, path, method, mode):
    live = schemathesis.openapi.from_url(f"http://127.0.0.1:{limited_server.port}/openapi.yaml")
    run_operation(live, path, method, mode, FAST, base_url=f"http://127.0.0.1:{limited_server.port}")


def test_the_scoped_check_skips_only_the_language_answer_and_mislabelled_cases():
    from types import SimpleNamespace

    from schemathesis.generation import GenerationMode as Mode

    from tests.schemathesis_hooks import _has_negative_component, _is_language_problem

    def case(*modes):
        components = {f"c{i}": SimpleNamespace(mode=m) for i, m in enumerate(modes)}
        return SimpleNamespace(meta=SimpleNamespace(components=components))

    assert _has_negative_component(case(Mode.POSITIVE, Mode.NEGATIVE))
    assert not _has_negative_component(case(Mode.POSITIVE, Mode.POSITIVE))
    assert not _has_negative_component(SimpleNamespace(meta=None))

    def response(status, body):
        return SimpleNamespace(status_code=status, json=lambda: body)

    assert _is_language_problem(response(422, {"type": "urn:news-events:problem:unsupported-language"}))
    assert not _is_language_problem(response(422, {"type": "urn:news-events:problem:validation"}))
    assert not _is_language_problem(response(400, {"type": "urn:news-events:problem:unsupported-language"}))
