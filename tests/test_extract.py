"""extract.py without HTTP: reference dates, the date header, offsets, batch equivalence, edge inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from service.extract import Article, extract, extract_many, prepare
from tests.helpers import SEEDS, spans


def test_header_gives_the_reference_and_is_blanked_without_shifting_offsets():
    text = " date 2026-02-05 Etwa 50 US-Botschafter halten sich auf."
    prepared = prepare(Article(text))
    assert prepared.reference == dt.date(2026, 2, 5)
    assert prepared.source == "text"
    assert len(prepared.analysed) == len(text)
    assert prepared.analysed.strip().startswith("Etwa 50")
    assert "2026" not in prepared.analysed


def test_month_header_means_first_of_month():
    assert prepare(Article(" date 2025-07 Die USA schicken Soldaten.")).reference == dt.date(2025, 7, 1)


def test_request_date_wins_and_header_is_still_hidden():
    prepared = prepare(Article(" date 2025-07 Text.", published_at=dt.date(2024, 1, 2)))
    assert (prepared.reference, prepared.source) == (dt.date(2024, 1, 2), "request")
    assert "2025" not in prepared.analysed


def test_impossible_header_date_is_ignored():
    prepared = prepare(Article(" date 2025-13-45 Text."))
    assert prepared.reference is None
    assert prepared.analysed.startswith(" date 2025-13-45")


def test_text_that_merely_mentions_date_is_not_a_header():
    assert prepare(Article("Das date 2025-07 Treffen.")).reference is None


@pytest.mark.parametrize("text", ["", " ", "Rubio", "!!!", "\u200d\u202e\U0001f600", "x" * 100_000])
def test_edge_inputs_give_valid_responses(nlp, text):
    response = extract(nlp, Article(text))
    for span in spans(response):
        assert text[span["start"] : span["end"]] == span["text"]
    assert response["language"] == "de"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_span_of_a_seed_response_is_exact(nlp, path):
    text = path.read_text(encoding="utf-8")
    response = extract(nlp, Article(text))
    found = list(spans(response))
    for span in found:
        assert text[span["start"] : span["end"]] == span["text"]
    ids = {a["id"] for a in response["actors"]}
    for event in response["events"]:
        assert {arg["actor"] for arg in event["who"] + event["whom"]} <= ids


def test_batch_and_single_extraction_agree(nlp):
    articles = [Article(p.read_text(encoding="utf-8"), id=p.stem) for p in SEEDS[:3]]
    assert extract_many(nlp, articles) == [extract(nlp, a) for a in articles]


@pytest.mark.parametrize("text", ["0\n\n-]!-…[Link](http://x.de)  ", "Sie sagten ab.\n\nEr nahm teil."])
def test_texts_that_once_crashed_the_unparsed_pipeline(nlp, text):
    # Token.children on a Doc without a parse read unset memory (a segfault found by the fuzz test)
    response = extract(nlp, Article(text))
    for span in spans(response):
        assert text[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize(
    "text", ["\U0001f44d" * 20_000, "Merz traf Macron. " + "!" * 5_000 + " Ende.", "x" * 250 + "  y"]
)
def test_long_runs_without_white_space_are_tokenized_exactly(nlp, text):
    # the tokenizer alone took 43 s on 20,000 emoji in a row; the guard cuts such runs first
    from service.nlp.pipeline import tokenize

    doc = tokenize(nlp, text)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= 200
    for span in spans(extract(nlp, Article(text))):
        assert text[span["start"] : span["end"]] == span["text"]
