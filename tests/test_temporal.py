"""news_temporal: hand-checked German cases, robustness on odd inputs, and governing_timex for the events component."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import spacy

from service.nlp import records
from service.nlp.events.anchoring import governing_timex
from service.nlp.temporal import easter

CASES = Path(__file__).parent / "data" / "temporal_cases.tsv"


def _cases() -> list[dict[str, str]]:
    with open(CASES, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def tagger_nlp():
    """Blank German + sentencizer + news_temporal only, so these tests do not depend on other components."""
    import service.nlp.temporal  # noqa: F401  registers the factory

    records.register_extensions()
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("news_temporal")
    return nlp


def run(nlp, text: str, ref: dt.date | None):
    doc = nlp.make_doc(text)
    doc._.reference_date = ref
    return nlp(doc)


def _id(row: dict[str, str]) -> str:
    return f"{row['reference_date'] or 'noref'}:{row['sentence'][:40]}:{row['text']}"


def test_case_file_is_big_enough():
    rows = _cases()
    assert len(rows) >= 150
    assert len({(r["reference_date"], r["sentence"]) for r in rows}) >= 150


@pytest.mark.parametrize("row", _cases(), ids=_id)
def test_case(tagger_nlp, row):
    ref = dt.date.fromisoformat(row["reference_date"]) if row["reference_date"] else None
    doc = run(tagger_nlp, row["sentence"], ref)
    got = [(t.text, t.type, t.value) for t in doc._.timexes]
    if not row["text"]:
        assert got == [], f"expected no temporal expression in {row['sentence']!r}"
        return
    assert (row["text"], row["type"], row["value"] or None) in got


def test_pipeline_output_contract(tagger_nlp):
    text = "Am Mittwoch hatte er abgesagt. Nächste Woche, am 12. Februar, soll es weitergehen. Seit 2014 gilt das."
    doc = run(tagger_nlp, text, dt.date(2026, 2, 5))
    timexes = doc._.timexes
    assert timexes, "expected expressions"
    for t in timexes:
        assert isinstance(t, records.Timex)
        assert doc.text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
    starts = [t.start for t in timexes]
    assert starts == sorted(starts)
    for a, b in zip(timexes, timexes[1:], strict=False):
        assert a.end <= b.start, "timexes must not overlap"


def test_reference_date_as_datetime_is_accepted(tagger_nlp):
    doc = run(tagger_nlp, "Am Freitag beginnt der Gipfel.", dt.datetime(2026, 2, 5, 9, 30))
    assert [t.value for t in doc._.timexes] == ["2026-02-06"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "Montag",
        "2026",
        "...!?",
        "🙂🙂 am Montag 🙂",
        "\x00\x07\x1b",
        "\n\n\n",
        "Am 31. Februar 2026.",
        "99.99.9999",
    ],
)
def test_edge_inputs_never_raise(tagger_nlp, text):
    doc = run(tagger_nlp, text, dt.date(2026, 2, 5))
    for t in doc._.timexes:
        assert doc.text[t.start : t.end] == t.text
    doc = run(tagger_nlp, text, None)
    assert isinstance(doc._.timexes, list)


def test_invalid_calendar_date_is_dropped(tagger_nlp):
    doc = run(tagger_nlp, "Am 31. Februar 2026 passierte nichts.", dt.date(2026, 2, 5))
    assert all(t.value != "2026-02-31" for t in doc._.timexes)


def test_long_text(tagger_nlp):
    unit = "Am Mittwoch hatte der Rat getagt, nächste Woche soll er erneut beraten. Im Dezember 2025 war das anders. "
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    doc = run(tagger_nlp, text, dt.date(2026, 2, 5))
    assert len(doc._.timexes) > 1000
    full = doc.text  # Doc.text joins every token on each access
    assert all(full[t.start : t.end] == t.text for t in doc._.timexes)
    assert {t.value for t in doc._.timexes} >= {"2026-02-04", "2026-W07", "2025-12"}


def test_without_reference_date_relative_values_are_null(tagger_nlp):
    doc = run(tagger_nlp, "Am Mittwoch und am 3. Oktober 1990 sowie nächste Woche.", None)
    values = {t.text: t.value for t in doc._.timexes}
    assert values["am 3. Oktober 1990"] == "1990-10-03"
    assert values["Am Mittwoch"] is None
    assert values["nächste Woche"] is None


def test_easter():
    assert easter(2024) == dt.date(2024, 3, 31)
    assert easter(2025) == dt.date(2025, 4, 20)
    assert easter(2026) == dt.date(2026, 4, 5)
    assert easter(2000) == dt.date(2000, 4, 23)


def test_narrative_mode_takes_the_year_of_the_story():
    import service.nlp.temporal  # noqa: F401

    records.register_extensions()
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("news_temporal", config={"document_type": "narrative"})
    doc = run(
        nlp,
        "Am 1. September 1939 begann der Krieg. Am 3. September erklärte Frankreich den Krieg.",
        dt.date(2011, 2, 16),
    )
    assert [t.value for t in doc._.timexes] == ["1939-09-01", "1939-09-03"]


# ------------------------------------------------------------------------------------------ governing_timex


def _token(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_governing_timex_prefers_the_same_clause(tagger_nlp):
    text = "Am Montag hatte Rutte die Pläne verteidigt, im Dezember hatte Rubio abgesagt."
    doc = run(tagger_nlp, text, dt.date(2026, 2, 11))
    assert governing_timex(doc, _token(doc, "verteidigt")).text == "Am Montag"
    assert governing_timex(doc, _token(doc, "abgesagt")).text == "im Dezember"


def test_governing_timex_nearest_in_sentence_else_none(tagger_nlp):
    text = "Die Konferenz beginnt am Freitag. Die Minister reisen an."
    doc = run(tagger_nlp, text, dt.date(2026, 2, 11))
    assert governing_timex(doc, _token(doc, "Konferenz")).value == "2026-02-13"
    assert governing_timex(doc, _token(doc, "reisen")) is None  # never silently the publication date


def test_governing_timex_bad_index_and_empty(tagger_nlp):
    doc = run(tagger_nlp, "Kein Datum hier.", dt.date(2026, 2, 11))
    assert governing_timex(doc, 0) is None
    assert governing_timex(doc, 999) is None
    assert governing_timex(doc, -1) is None
    empty = run(tagger_nlp, "", dt.date(2026, 2, 11))
    assert governing_timex(empty, 0) is None


def test_governing_timex_uses_the_dependency_parse():
    """With a parse, the expression attached to the trigger's verb wins over a nearer one of another clause."""
    from spacy.tokens import Doc

    import service.nlp.temporal  # noqa: F401

    records.register_extensions()
    nlp = spacy.blank("de")
    words = ["Wie", "Kirby", "am", "Mittwoch", "sagte", "reist", "Biden", "am", "Freitag", "ab", "."]
    heads = [4, 4, 3, 4, 5, 5, 5, 8, 5, 5, 5]
    deps = ["mo", "sb", "nk", "mo", "mo", "ROOT", "sb", "nk", "mo", "svp", "punct"]
    pos = ["SCONJ", "PROPN", "ADP", "NOUN", "VERB", "VERB", "PROPN", "ADP", "NOUN", "ADP", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, sent_starts=[True] + [False] * 10)
    ref = dt.date(2026, 2, 11)
    doc._.reference_date = ref
    nlp.add_pipe("news_temporal")
    doc = nlp.get_pipe("news_temporal")(doc)
    assert {t.text for t in doc._.timexes} == {"am Mittwoch", "am Freitag"}
    assert governing_timex(doc, 5).text == "am Freitag"  # "reist"
    assert governing_timex(doc, 4).text == "am Mittwoch"  # "sagte"


def test_governing_timex_ignores_durations_and_vague_references(tagger_nlp):
    text = "Derzeit verhandeln beide Seiten seit Jahren täglich."
    doc = run(tagger_nlp, text, dt.date(2026, 2, 11))
    assert {t.value for t in doc._.timexes} >= {"PRESENT_REF", "PXY"}
    assert governing_timex(doc, _token(doc, "verhandeln")) is None


def test_governing_timex_when_a_parser_returns_one_sentence(tagger_nlp):
    """A coarse parse (one sentence for the article) must not let another sentence's date govern."""
    from spacy.tokens import Doc

    text_words = ["Am", "Montag", "kam", "er", ".", "Die", "Minister", "reisen", "an", "."]
    nlp = spacy.blank("de")
    doc = Doc(nlp.vocab, words=text_words, sent_starts=[True] + [False] * 9)
    doc._.reference_date = dt.date(2026, 2, 11)
    doc = tagger_nlp.get_pipe("news_temporal")(doc)
    assert [t.text for t in doc._.timexes] == ["Am Montag"]
    assert governing_timex(doc, 2).text == "Am Montag"
    assert governing_timex(doc, 7) is None


def test_in_the_service_pipeline(nlp):
    """The component as the service runs it (session pipeline from conftest), after the entity ruler."""
    from service.nlp.pipeline import analyze

    assert "news_temporal" in nlp.pipe_names
    doc = analyze(nlp, "Stuttgart ist an diesem Donnerstag und Freitag Schauplatz eines Treffens.", dt.date(2026, 2, 5))
    assert [(t.text, t.value) for t in doc._.timexes] == [("an diesem Donnerstag und Freitag", "2026-02-05/2026-02-06")]
