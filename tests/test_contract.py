"""One source for the contract: openapi.yaml is the generated document, the served document follows the settings,
and the request validation and the document agree on every field, hostile values included."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec

from schemas.requests import ecma_to_python
from schemas.responses import PLOVER_TYPES
from service import openapi as document
from tests.helpers import ROOT, openapi


def _ecma_pattern(validator, pattern, instance, schema):
    """`pattern` as ECMA-262 reads it (the dialect OpenAPI names): a closing $ is the end of the string."""
    if isinstance(instance, str) and not ecma_to_python(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


SpecValidator = jsonschema.validators.extend(OAS30Validator, {"pattern": _ecma_pattern})


def request_schema(spec: dict) -> dict:
    return {**spec["components"]["schemas"]["ExtractRequest"], "components": spec["components"]}


def spec_accepts(spec: dict, payload: dict) -> bool:
    return SpecValidator(request_schema(spec)).is_valid(payload)


def server_accepts(client, payload: dict) -> bool:
    """Whether the service takes the request (any answer but a 422 that points at a field of the payload)."""
    response = client.post("/v1/extract", data=json.dumps(payload), content_type="application/json")
    if response.status_code == 422:
        pointers = {e["pointer"] for e in response.get_json().get("errors", [])}
        assert pointers <= {f"/{key}" for key in payload} | {""}, pointers
        return False
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return True


def test_committed_openapi_yaml_is_the_generated_document():
    assert (ROOT / "openapi.yaml").read_text(encoding="utf-8") == document.default_yaml(), (
        "openapi.yaml differs from what the schemas generate: run `make openapi` (python -m service.openapi)"
    )


def test_the_check_command_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "openapi.yaml"
    stale.write_text(document.default_yaml().replace("maxLength: 100000", "maxLength: 99999"), encoding="utf-8")
    assert document.main(["--check", "--output", str(stale)]) == 1
    fresh = tmp_path / "fresh.yaml"
    assert document.main(["--output", str(fresh)]) == 0
    assert document.main(["--check", "--output", str(fresh)]) == 0


def test_the_document_is_valid_openapi():
    validate_spec(openapi())


def test_served_document_is_the_committed_one_with_default_settings(client):
    served = client.get("/openapi.yaml")
    assert served.status_code == 200 and served.mimetype == "application/yaml"
    assert yaml.safe_load(served.data) == openapi()


def test_served_document_carries_the_limits_of_the_environment():
    # As `MAX_TEXT_CHARS=5000 MAX_BATCH_DOCUMENTS=7 make run` starts it: the settings come from the environment.
    env = {**os.environ, "MAX_TEXT_CHARS": "5000", "MAX_BATCH_DOCUMENTS": "7", "NEWS_EVENTS_LOAD_PIPELINE": "0"}
    code = "from service import create_app; print(create_app().test_client().get('/openapi.yaml').data.decode())"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    spec = yaml.safe_load(done.stdout)
    validate_spec(spec)
    text = spec["components"]["schemas"]["ExtractRequest"]["properties"]["text"]
    assert text["maxLength"] == 5000
    plain = spec["paths"]["/v1/extract"]["post"]["requestBody"]["content"]["text/plain"]["schema"]
    assert plain["maxLength"] == 5000
    documents = spec["components"]["schemas"]["ExtractBatchRequest"]["properties"]["documents"]
    assert (documents["minItems"], documents["maxItems"]) == (1, 7)
    assert "1 to 7 articles" in spec["paths"]["/v1/extract/batch"]["post"]["summary"]
    assert "100000" not in done.stdout and "maxItems: 25" not in done.stdout


def test_app_limits_reach_validation_and_document_alike(nlp):
    from service import create_app

    app = create_app({"TESTING": True, "LOAD_PIPELINE": False, "MAX_TEXT_CHARS": 50, "MAX_BATCH_DOCUMENTS": 2})
    app.extensions["news_events.nlp"] = nlp
    client = app.test_client()
    spec = yaml.safe_load(client.get("/openapi.yaml").data)
    for text in ("x" * 50, "x" * 51):
        payload = {"text": text, "language": "de"}
        assert spec_accepts(spec, payload) == server_accepts(client, payload) == (len(text) <= 50)
    three = client.post("/v1/extract/batch", json={"documents": [{"text": "a"}] * 3})
    assert three.status_code == 422
    assert spec["components"]["schemas"]["ExtractBatchRequest"]["properties"]["documents"]["maxItems"] == 2


TEXTS = [
    "a",
    "\x85",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\ufeff",
    "\ufeff\ufeff \n",
    "\u200b",
    "\u2060\u180e",
    " \t\r\n\x0b\x0c",
    "\xa0\u3000\u2028\u2029",
    "",
    "\x00",
    "\x7f",
    "\ufeffMerz",
    "x" * 100_000,
    "x" * 100_001,
]
DATES = [
    "2026-02-05",
    "2026-02",
    "2026-W06",
    "2026-W06-4",
    "20260205",
    "2026036",
    "2024-02-29",
    "2025-02-29",
    "2000-02-29",
    "1900-02-29",
    "2026-02-05T10:00",
    "2026-02-05T10:00:00+01:00",
    "2026-02-05T10:00:00.123456Z",
    "2026-02-05T10:00:00.1234567Z",
    "2026-02-05T10:00:00z",
    "2026-02-05 10:00",
    "2026-02-05T24:00",
    "2026-02-05T10",
    "2026-02-05T10:00+0100",
    "2026-02-05\n",
    " 2026-02-05",
    "0999-01-01",
    "2026-13",
    "",
]


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: repr(t[:12]) + f"x{len(t)}")
def test_texts_the_document_accepts_are_the_texts_the_service_accepts(client, text):
    payload = {"text": text, "language": "de"}
    assert spec_accepts(openapi(), payload) == server_accepts(client, payload)


@pytest.mark.parametrize(
    ("text", "accepted"), [("\x85", False), ("\x1c", False), ("\x1f", False), ("\ufeff", False), ("\x00", True)]
)
def test_the_cases_from_the_issue_are_decided_as_documented(client, text, accepted):
    assert server_accepts(client, {"text": text, "language": "de"}) is accepted


@pytest.mark.parametrize("value", DATES)
def test_dates_the_document_accepts_are_the_dates_the_service_accepts(client, value):
    payload = {"text": "Der Kanzler traf den Präsidenten.", "published_at": value}
    assert spec_accepts(openapi(), payload) == server_accepts(client, payload)


@pytest.mark.parametrize("value", ["2026-W06", "20260205"])
def test_week_and_basic_format_dates_are_refused(client, value):
    response = client.post("/v1/extract", json={"text": "Der Kanzler traf den Präsidenten.", "published_at": value})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "/published_at"


@pytest.mark.parametrize(
    "payload",
    [
        {"language": "de"},
        {"language": None},
        {"language": "en"},
        {"language": "DE"},
        {"id": "x" * 200},
        {"id": "x" * 201},
        {"id": None},
        {"id": 7},
        {"published_at": None},
        {"extra": 1},
        {"text": 42},
    ],
)
def test_other_fields_agree_too(client, payload):
    payload = {"text": "Der Kanzler traf den Präsidenten.", "language": "de", **payload}
    assert spec_accepts(openapi(), payload) == server_accepts(client, payload)


BLANKS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u180e\u2000\u200a\u200b\u200d\u2028\u202f\u205f\u2060\u3000"
BLANKS += "\ufeff"


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet=st.sampled_from(BLANKS) | st.characters(codec="utf-8"), max_size=12))
def test_any_short_text_is_decided_alike(client, text):
    payload = {"text": text, "language": "de"}
    assert spec_accepts(openapi(), payload) == server_accepts(client, payload)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=st.from_regex(r"[0-9]{4}-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?"))
def test_any_date_like_value_is_decided_alike(client, value):
    payload = {"text": "Der Kanzler traf den Präsidenten.", "published_at": value}
    assert spec_accepts(openapi(), payload) == server_accepts(client, payload)


def test_response_enums_are_what_the_code_produces():
    from service.nlp.events import event_types

    assert {t["type"] for t in event_types()} == set(PLOVER_TYPES)
    spec = openapi()["components"]["schemas"]
    assert spec["Event"]["properties"]["type"]["enum"] == list(PLOVER_TYPES)
    assert "incomplete" in spec["ExtractResponse"]["required"]
    # every field of an answer is required: clients can rely on the shape
    for name in ("ExtractResponse", "Event", "Actor", "Place", "Time", "Stance", "ActorRef", "Mention"):
        optional = set(spec[name]["properties"]) - set(spec[name].get("required", []))
        assert optional <= {"count"}, (name, optional)
