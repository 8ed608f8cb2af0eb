"""The HTTP contract: success and every error path, each checked against openapi.yaml."""

from __future__ import annotations

import json

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec

from tests.helpers import SEEDS, openapi, spans

PROBLEM = "application/problem+json"
SEED_TEXT = SEEDS[1].read_text(encoding="utf-8")


def _validator(schema: dict) -> OAS30Validator:
    # Local "#/components/..." references resolve against the schema's own root, so carry them along.
    return OAS30Validator({**schema, "components": openapi()["components"]})


def check_contract(response, path: str, method: str = "post") -> None:
    """The response's status, content type and body are what openapi.yaml says for this operation."""
    operation = openapi()["paths"][path][method]
    declared = operation["responses"].get(str(response.status_code))
    assert declared is not None, f"{response.status_code} is not declared for {method.upper()} {path}"
    if "$ref" in declared:
        declared = openapi()["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
    content = declared["content"]
    assert response.mimetype in content, f"{response.mimetype} not in {list(content)}"
    if response.mimetype.endswith("json"):
        _validator(content[response.mimetype]["schema"]).validate(response.get_json())


def assert_problem(response, status: int, pointer: str | None = None) -> dict:
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    assert "Traceback" not in response.get_data(as_text=True)
    if pointer is not None:
        assert pointer in [e["pointer"] for e in body.get("errors", [])], body
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Request-ID"]
    return body


def test_openapi_document_is_valid():
    validate_spec(openapi())


def test_extract_seed_article_matches_contract(client):
    response = client.post("/v1/extract", json={"text": SEED_TEXT, "id": "seed-1"})
    assert response.status_code == 200
    check_contract(response, "/v1/extract")
    body = response.get_json()
    assert body["id"] == "seed-1"
    assert body["language"] == "de"
    assert body["reference_date"] == {"value": "2026-02-11", "source": "text"}
    for span in spans(body):
        assert SEED_TEXT[span["start"] : span["end"]] == span["text"]


def test_request_date_wins_over_the_header(client):
    response = client.post("/v1/extract", json={"text": SEED_TEXT, "published_at": "2026-03-01T08:00:00+01:00"})
    assert response.get_json()["reference_date"] == {"value": "2026-03-01", "source": "request"}


def test_month_only_date_means_first_of_month(client):
    response = client.post(
        "/v1/extract", json={"text": "Am Mittwoch trafen sich die Minister.", "published_at": "2025-07"}
    )
    assert response.get_json()["reference_date"]["value"] == "2025-07-01"


def test_no_date_anywhere_gives_null_reference(client):
    response = client.post("/v1/extract", json={"text": "Am Mittwoch trafen sich die Minister in Berlin."})
    body = response.get_json()
    assert body["reference_date"] is None
    check_contract(response, "/v1/extract")


def test_header_is_not_analysed(client):
    response = client.post("/v1/extract", json={"text": " date 2026-02-05 Der Kanzler reiste nach Paris."})
    body = response.get_json()
    assert all(span["start"] >= 17 for span in spans(body))


def test_plain_text_body_with_query_parameters(client):
    response = client.post(
        "/v1/extract?published_at=2026-02-05&id=x1",
        data="Die Bundesregierung begrüßte den Schritt.".encode(),
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "x1"
    assert body["reference_date"] == {"value": "2026-02-05", "source": "request"}


def test_request_id_is_echoed_or_generated(client):
    echoed = client.post("/v1/extract", json={"text": "Hallo Welt."}, headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["X-Request-ID"] == "abc-123"
    generated = client.post("/v1/extract", json={"text": "Hallo Welt."}, headers={"X-Request-ID": "bad id\x01"})
    assert generated.headers["X-Request-ID"] not in ("", "bad id\x01")


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({}, "/text"),
        ({"text": ""}, "/text"),
        ({"text": "   \n\t "}, "/text"),
        ({"text": 42}, "/text"),
        ({"text": "x" * 100_001}, "/text"),
        ({"text": "Hallo.", "published_at": "05.02.2026"}, "/published_at"),
        ({"text": "Hallo.", "published_at": "2026-13-01"}, "/published_at"),
        ({"text": "Hallo.", "language": "en"}, "/language"),
        ({"text": "Hallo.", "id": "x" * 201}, "/id"),
        ({"text": "Hallo.", "colour": "blue"}, "/colour"),
        ({"text": "Hallo \ud800 Welt."}, "/text"),
    ],
)
def test_validation_errors_point_at_the_field(client, body, pointer):
    response = client.post("/v1/extract", data=json.dumps(body), content_type="application/json")
    assert_problem(response, 422, pointer)
    check_contract(response, "/v1/extract")


def test_unsupported_language_names_the_supported_ones(client):
    body = assert_problem(client.post("/v1/extract", json={"text": "Hallo.", "language": "fr"}), 422, "/language")
    assert "de" in json.dumps(body)


def test_detected_english_is_rejected(client):
    text = "The ministers met in Brussels on Wednesday and they agreed that the talks were not over."
    body = assert_problem(client.post("/v1/extract", json={"text": text}), 422, "/text")
    assert "supported: de" in body["detail"]


def test_json_array_is_a_validation_error(client):
    assert_problem(client.post("/v1/extract", json=["text"]), 422, "")


def test_malformed_json_is_400(client):
    response = client.post("/v1/extract", data='{"text": "Hallo', content_type="application/json")
    assert_problem(response, 400)
    check_contract(response, "/v1/extract")


def test_other_content_type_is_415(client):
    response = client.post("/v1/extract", data="text=Hallo", content_type="application/x-www-form-urlencoded")
    assert_problem(response, 415)
    check_contract(response, "/v1/extract")


def test_body_over_limit_is_413(client):
    response = client.post(
        "/v1/extract", data=b'{"text": "' + b"a" * (1024 * 1024 + 10) + b'"}', content_type="application/json"
    )
    assert_problem(response, 413)
    check_contract(response, "/v1/extract")


def test_unknown_url_is_404_problem(client):
    assert_problem(client.get("/v1/nothing-here"), 404)


def test_wrong_method_is_405_problem_with_allow(client):
    response = client.get("/v1/extract")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_internal_error_is_500_problem_without_internals(app, client, monkeypatch):
    from service import extract as extraction

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(extraction, "extract", boom)
    response = client.post("/v1/extract", json={"text": "Der Kanzler traf den Präsidenten in Paris."})
    body = assert_problem(response, 500)
    assert "secret" not in json.dumps(body)
    assert body["request_id"] == response.headers["X-Request-ID"]
    check_contract(response, "/v1/extract")


def test_batch_keeps_good_documents_beside_bad_ones(client):
    documents = [
        {"text": SEED_TEXT, "id": "good"},
        {"text": ""},
        {"text": "Der Kanzler reiste am Montag nach Paris.", "published_at": "2026-02-05"},
        "not an object",
    ]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    check_contract(response, "/v1/extract/batch")
    results = response.get_json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["status"] for r in results] == [200, 422, 200, 422]
    assert results[0]["result"]["id"] == "good"
    assert results[1]["problem"]["errors"][0]["pointer"] == "/documents/1/text"
    assert results[3]["problem"]["errors"][0]["pointer"] == "/documents/3"


def test_batch_results_equal_single_results(client):
    text = "Die Bundesregierung begrüßte am Mittwoch den Schritt der USA."
    single = client.post("/v1/extract", json={"text": text, "published_at": "2026-02-05"}).get_json()
    batch = client.post("/v1/extract/batch", json={"documents": [{"text": text, "published_at": "2026-02-05"}]})
    assert batch.get_json()["results"][0]["result"] == single


@pytest.mark.parametrize("documents", [[], [{"text": "a"}] * 26])
def test_batch_size_limits(client, documents):
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert_problem(response, 422, "/documents")
    check_contract(response, "/v1/extract/batch")


def test_batch_failure_of_one_document_keeps_the_others(client, monkeypatch):
    from service import extract as extraction

    original = extraction.extract

    def fail_on_marker(nlp, article, deadline=None):
        if "KAPUTT" in article.text:
            raise RuntimeError("boom")
        return original(nlp, article, deadline)

    monkeypatch.setattr(extraction, "extract", fail_on_marker)
    documents = [
        {"text": "Der Kanzler reiste nach Paris."},
        {"text": "KAPUTT ist der Text.", "language": "de"},
        {"text": "Die Ministerin reiste nach Rom."},
    ]
    response = client.post("/v1/extract/batch", json={"documents": documents}, headers={"X-Request-ID": "req-7"})
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == [200, 500, 200]
    assert "boom" not in json.dumps(results[1])
    # the failed document's problem carries the request id its traceback is logged under
    assert results[1]["problem"]["request_id"] == "req-7"
    check_contract(response, "/v1/extract/batch")


def test_health_ready_openapi(client):
    assert client.get("/health").get_json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    check_contract(ready, "/ready", "get")
    spec = client.get("/openapi.yaml")
    assert spec.status_code == 200 and b"/v1/extract" in spec.data


def test_not_ready_before_the_model_loads():
    from service import create_app

    app = create_app({"TESTING": True, "LOAD_PIPELINE": False})
    client = app.test_client()
    response = client.get("/ready")
    assert response.status_code == 503
    assert_problem(client.post("/v1/extract", json={"text": "Hallo.", "language": "de"}), 503)


def test_event_types_lists_the_sixteen_plover_types(client):
    response = client.get("/v1/event-types")
    check_contract(response, "/v1/event-types", "get")
    types = response.get_json()["event_types"]
    assert {t["type"] for t in types} == set(openapi()["components"]["schemas"]["Event"]["properties"]["type"]["enum"])
    assert all(t["de"] and t["en"] for t in types)


def test_marshmallow_request_schema_and_openapi_agree():
    from schemas.requests import ExtractRequestSchema

    declared = set(openapi()["components"]["schemas"]["ExtractRequest"]["properties"])
    assert set(ExtractRequestSchema().fields) == declared


def test_marshmallow_response_schema_and_openapi_agree():
    from schemas.responses import ActorSchema, EventSchema, ExtractResponseSchema, PlaceSchema

    components = openapi()["components"]["schemas"]
    for schema, name in (
        (ExtractResponseSchema, "ExtractResponse"),
        (EventSchema, "Event"),
        (ActorSchema, "Actor"),
        (PlaceSchema, "Place"),
    ):
        assert set(schema().fields) == set(components[name]["properties"]), name
