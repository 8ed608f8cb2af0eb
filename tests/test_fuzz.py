"""Property tests: hostile text never breaks extraction or the endpoint, and every offset points at its text."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.extract import Article, extract
from tests.helpers import SEEDS, spans

FAST = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
THOROUGH = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
LIMIT = 100_000

# Real German news words, so fuzzed texts also reach the components' rules, not only the tokenizer.
SEED_WORDS = sorted({w for path in SEEDS for w in re.findall(r"\S+", path.read_text(encoding="utf-8"))})
CONTROL = st.characters(min_codepoint=0, max_codepoint=31) | st.sampled_from("\x7f\x85\u2028\u2029\ufeff")
RTL = st.sampled_from(["مرحبا بالعالم", "שלום עולם", "\u202eevil\u202c", "\u200f", "وزير الخارجية"])
EMOJI = st.sampled_from(["👍", "🇩🇪", "👩‍👩‍👧‍👦", "🏳️‍🌈", "\u200d", "\u200b", "e\u0301", "ﬁ", "ß"])
MARKUP = st.sampled_from(
    ["<p>", "</p>", "<script>alert(1)</script>", "&amp;", "&#x27;", "**Merz**", "# Titel", "[Link](http://x.de)", "`"]
)
PUNCT = st.text(alphabet="!?.,;:-–—\"'„“«»()[]{}/\\…*", min_size=1, max_size=50)
NUMBERS = st.from_regex(r"[0-9][0-9.,:/-]{0,20}", fullmatch=True)
FRAGMENT = st.one_of(
    st.sampled_from(SEED_WORDS) if SEED_WORDS else st.just("Berlin"),
    st.text(max_size=20),
    CONTROL.map(str),
    RTL,
    EMOJI,
    MARKUP,
    PUNCT,
    NUMBERS,
)
SEPARATOR = st.sampled_from([" ", "", "\n", "\n\n", "\t", ". ", "\u00a0"])


@st.composite
def articles(draw, max_fragments: int = 60) -> str:
    """A text built from German words and hostile fragments in any order."""
    parts = draw(st.lists(st.tuples(FRAGMENT, SEPARATOR), max_size=max_fragments))
    return "".join(fragment + sep for fragment, sep in parts)


EDGE_TEXTS = [
    "",
    " ",
    "Merz",
    "x" * 10_000,
    "Merz " + "a" * 10_000 + " traf Macron in Paris.",
    "!?.,;:" * 200,
    "1234567890 " * 300,
    "<html><body><h1>Merz trifft Macron</h1><p>Am Montag in Berlin.</p></body></html>",
    "# Merz\n\n* **Macron** besucht _Berlin_\n\n> Zitat: „Wir sind bereit.“",
    "\x00\x01\x02 Merz \x1b[31m traf \x7f Macron",
    "👩‍👩‍👧‍👦 Merz 🇩🇪 traf Macron 🇫🇷 in Paris 🏳️‍🌈",
    "مرحبا Merz traf שלום Macron in Paris \u202e",
    "\ud800 Merz traf Macron \udfff",
    " date 2026-02-31\nMerz traf Macron.",
]


def assert_offsets_valid(text: str, response: dict) -> None:
    for span in spans(response):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert text[span["start"] : span["end"]] == span["text"], span


def run_extract(nlp, text: str) -> None:
    response = extract(nlp, Article(text))
    json.dumps(response)  # the response must be serialisable as it is
    assert_offsets_valid(text, response)


@pytest.mark.parametrize("text", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_extract_survives_edge_texts(nlp, text):
    run_extract(nlp, text)


@FAST
@given(text=articles())
def test_extract_never_raises_and_offsets_hold(nlp, text):
    run_extract(nlp, text)


@FAST
@given(text=st.text(max_size=300))
def test_extract_on_any_unicode(nlp, text):
    # Includes lone surrogates and every control character: the function itself must cope, not only the API.
    run_extract(nlp, text)


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(token=st.text(alphabet=st.characters(exclude_categories=["Z", "Cc", "Cs"]), min_size=10_000, max_size=10_000))
def test_extract_on_ten_thousand_character_tokens(nlp, token):
    run_extract(nlp, f"Merz traf {token} in Berlin. {token}")


def post(client, text: str):
    # ASCII-escaped JSON, as many clients send it: lone surrogates travel as \udXXX escapes.
    body = json.dumps({"text": text, "language": "de"})
    return client.post("/v1/extract", data=body, content_type="application/json")


def check_endpoint(client, text: str) -> None:
    response = post(client, text)
    assert response.status_code in (200, 422), (response.status_code, response.get_data(as_text=True)[:300])
    if response.status_code == 200:
        assert_offsets_valid(text, response.get_json())
    else:
        assert response.mimetype == "application/problem+json"


@FAST
@given(text=articles())
def test_endpoint_never_fails_and_offsets_hold(client, text):
    check_endpoint(client, text)


@FAST
@given(text=st.text(min_size=1, max_size=300))
def test_endpoint_on_any_unicode(client, text):
    check_endpoint(client, text)


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\udbff\\u0041", "a\\ud83d"])
def test_lone_surrogates_in_json_escapes_are_a_validation_error(client, escape):
    body = '{"text": "Merz traf Macron ' + escape + ' in Paris."}'
    response = client.post("/v1/extract", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "/text"


def test_paired_surrogates_in_json_escapes_are_one_character(client):
    text = "Merz traf Macron \U0001f44d in Paris."
    body = json.dumps({"text": text, "language": "de"}, ensure_ascii=True)  # the emoji travels as \ud83d\udc4d
    response = client.post("/v1/extract", data=body, content_type="application/json")
    assert response.status_code == 200
    assert_offsets_valid(text, response.get_json())


def test_one_character_over_the_size_limit_is_rejected_before_analysis(client):
    over = post(client, "x" * (LIMIT + 1))
    assert over.status_code == 422
    assert over.get_json()["errors"][0]["pointer"] == "/text"


@pytest.mark.slow
def test_text_at_the_size_limit_is_accepted_and_one_more_is_rejected(client):
    unit = "Der Kanzler traf den Präsidenten in Paris. "
    text = (unit * (LIMIT // len(unit) + 1))[:LIMIT]
    assert len(text) == LIMIT
    response = post(client, text)
    assert response.status_code == 200
    assert_offsets_valid(text, response.get_json())
    over = post(client, text + "x")
    assert over.status_code == 422
    assert over.get_json()["errors"][0]["pointer"] == "/text"


def test_batch_with_hostile_documents_keeps_every_slot(client):
    documents = [{"text": t} for t in EDGE_TEXTS] + [None, 5, {"text": None}, {"text": "ok"}]
    documents = documents[:25]
    body = json.dumps({"documents": documents})
    response = client.post("/v1/extract/batch", data=body, content_type="application/json")
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["index"] for r in results] == list(range(len(documents)))
    for document, result in zip(documents, results, strict=True):
        assert result["status"] in (200, 422)
        if result["status"] == 200:
            assert_offsets_valid(document["text"], result["result"])


@pytest.mark.slow
@THOROUGH
@given(text=articles(max_fragments=200))
def test_extract_thoroughly(nlp, text):
    run_extract(nlp, text)


@pytest.mark.slow
@THOROUGH
@given(text=articles(max_fragments=200))
def test_endpoint_thoroughly(client, text):
    check_endpoint(client, text)


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=articles(max_fragments=100), filler=st.sampled_from(["Merz ", "ä", "👍", " ", "\n", ". "]))
def test_endpoint_at_the_size_limit(client, text, filler):
    padded = (text + filler * LIMIT)[:LIMIT]
    if not padded.strip():
        padded = "a" + padded[1:]
    # UTF-8 on the wire: 100,000 emoji as ASCII \u escapes (12 bytes each) would exceed the 1 MiB body limit.
    body = json.dumps({"text": padded, "language": "de"}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    response = client.post("/v1/extract", data=body, content_type="application/json")
    assert response.status_code in (200, 422), (response.status_code, response.get_data(as_text=True)[:300])
    if response.status_code == 200:
        assert_offsets_valid(padded, response.get_json())
