"""news_temporal: hand-checked German cases, robustness on odd inputs, and governing_timex for the events component."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy

from service.nlp import records
from service.nlp.events.anchoring import governing_timex
from service.nlp.temporal import easter
from tests.helpers import read_tsv

CASES = Path(__file__).parent / "data" / "temporal_cases.tsv"


def _cases() -> list[dict[str, str]]:
    return read_tsv(CASES)


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


# ------------------------------------------------------------------------------------------ event time (when)
# Hand-written sentences: the `when` of the event whose trigger is given, in the service pipeline. The value "-"
# means no when; a value ending in "*" only fixes its start (a part of day may follow). Reference date Thursday
# 2026-03-12 unless the row gives another.

WHEN_CASES = [
    # the governing time of the trigger's own clause
    ("Am Montag traf Merz in Paris Macron, am Mittwoch kritisierte er die Kommission.", "traf", "2026-03-09"),
    ("Am Montag traf Merz in Paris Macron, am Mittwoch kritisierte er die Kommission.", "kritisierte", "2026-03-11"),
    ("Die Regierung kritisierte am Montag die Pläne, die im kommenden Jahr umgesetzt werden sollen.", "kritisierte",
     "2026-03-09"),
    ("In der Nacht zum Mittwoch griffen Drohnen die Stadt an.", "griffen", "2026-03-11*"),
    ("Vor drei Wochen hatten die Minister in Brüssel verhandelt.", "verhandelt", "2026-02-19"),
    # years of bare months and weekdays by tense
    ("Im Februar traf der Kanzler den Präsidenten.", "traf", "2026-02"),
    ("Im Juli will der Kanzler den Präsidenten treffen.", "treffen", "2026-07", "2025-12-05"),
    ("Im Juli traf der Kanzler den Präsidenten.", "traf", "2025-07", "2025-12-05"),
    ("Am Freitag wollen die Gewerkschaften erneut streiken.", "streiken", "2026-03-13"),
    ("Der Minister hatte den Besuch am Montag abgesagt.", "abgesagt", "2026-03-09"),
    # expressions that cannot date the event
    ("Die Regierung kritisierte die für nächste Woche geplante Abstimmung.", "kritisierte", "-"),
    ("Die Regierung hatte vor zwei Wochen Hilfen für dieses Jahr zugesagt.", "zugesagt", "2026-02-26"),
    ("Seit Jahren kritisiert die Opposition die Regierung.", "kritisiert", "-"),
    ("Die Gespräche in Genf dauerten drei Stunden.", "Gespräche", "-"),
    # report time is no event time for what is still ahead; it is for what the report says has happened
    ("Wie die Regierung am Mittwoch mitteilte, soll der Minister den Präsidenten treffen.", "treffen", "-"),
    ("Wie die Polizei am Mittwoch mitteilte, wurden zwei Demonstranten festgenommen.", "festgenommen", "2026-03-11"),
    # intervals: a past event since a time lasts until the report; a present one started then
    ("Seit Montag hatten die Vermittler zwischen beiden Seiten verhandelt.", "verhandelt", "2026-03-09/2026-03-12"),
    ("Seit 2019 wurden in dem Konflikt Tausende Menschen getötet.", "getötet", "2019/2026"),
    ("Seit Montag streiken die Piloten.", "streiken", "2026-03-09"),
    # vague times of the clause itself
    ("In den vergangenen Tagen besuchten mehrere Minister Kiew.", "besuchten", "PAST_REF"),
    # the narrative anchor within a paragraph
    ("Am Dienstag traf der Kanzler in Rom die Ministerpräsidentin. Dabei forderte er mehr Hilfe für die Ukraine.",
     "forderte", "2026-03-10"),
    ("Am Dienstag traf der Kanzler in Rom die Ministerpräsidentin. Er kritisierte die Haushaltspolitik der Kommission.",
     "kritisierte", "2026-03-10"),
    ("Am 3. Februar wurde der Oppositionsführer in Minsk verhaftet. Kurz darauf kritisierte die EU das Vorgehen.",
     "kritisierte", "2026-02-03"),
    ("Am Montag empfing der Präsident den Kanzler. Anschließend kritisierten beide die Sanktionen.", "kritisierten",
     "2026-03-09"),
    # a present-tense report goes on at the story's day only when that day is the publication day
    ("Am Donnerstag trafen sich die Außenminister in Brüssel. Ungarn lehnt die Pläne ab.", "lehnt", "2026-03-12"),
    ("Am Montag trafen sich die Außenminister in Brüssel. Ungarn lehnt die Pläne ab.", "lehnt", "-"),
    # a future event takes no time from the narrative
    ("Am Dienstag traf der Kanzler in Rom die Ministerpräsidentin. Beide wollen sich erneut treffen.", "treffen", "-"),
    # across a paragraph break only when the sentence ties itself to the happening told
    ("Am Dienstag traf der Kanzler in Rom die Ministerpräsidentin.\n\nDie Opposition kritisierte die Reise.",
     "kritisierte", "-"),
    ("Am Dienstag traf der Kanzler in Rom die Ministerpräsidentin.\n\nAm Rande des Treffens kritisierte er die "
     "Kommission.", "kritisierte", "2026-03-10"),
    ("Am Montag empfing der Präsident den Kanzler.\n\nDie Opposition forderte Neuwahlen.", "forderte", "-"),
    # the moment of the report: "gerade" with a present tense, "soeben"
    ("Der Kanzler ist seit Dienstag in Paris.\n\nGerade trifft er den Präsidenten.", "trifft", "2026-03-12"),
    ("Die beiden Minister haben soeben das Abkommen unterzeichnet.", "unterzeichnet", "2026-03-12"),
    ("Am Montag traf der Kanzler den Präsidenten. Gerade deshalb kritisierte er die Kommission.", "kritisierte",
     "2026-03-09"),
    ("Am Morgen traf der Kanzler in Paris den Präsidenten.\n\nDann empfing er die Ministerpräsidentin.", "empfing",
     "2026-03-12*"),
    # an announcement ahead and a report's own time are no time the story has reached
    ("Am Dienstag empfing der Präsident den Regierungschef. Wie ein Sprecher am Mittwoch mitteilte, sollen die "
     "Systeme im Frühjahr geliefert werden.\n\nAm Rande des Besuchs demonstrierten Hunderte Menschen.",
     "demonstrierten", "2026-03-10"),
    # after a flashback, a new paragraph goes on at the story's time, not the flashback's
    ("Am Donnerstag verhängte die EU neue Sanktionen gegen Belarus. Bereits im Januar hatte sie Minsk zur Freilassung "
     "der Häftlinge aufgefordert.\n\nParallel dazu kritisiert die Kommission Ungarn scharf.", "kritisiert",
     "2026-03-12"),
]  # fmt: skip


def _when_id(case) -> str:
    return f"{case[1]}:{case[0][:50]}"


@pytest.mark.parametrize("case", WHEN_CASES, ids=_when_id)
def test_event_when(nlp, case):
    from service.nlp.pipeline import analyze

    text, trigger, expected = case[:3]
    ref = dt.date.fromisoformat(case[3]) if len(case) > 3 else dt.date(2026, 3, 12)
    doc = analyze(nlp, text, ref)
    events = [e for e in records.get(doc, "events") if e.trigger.text == trigger]
    assert events, f"no event with trigger {trigger!r}: {[(e.type, e.trigger.text) for e in doc._.events]}"
    when = events[0].when
    value = when.value if when is not None else "-"
    if expected.endswith("*"):
        assert value.startswith(expected[:-1]), value
    else:
        assert value == expected


def test_event_when_is_quoted_from_the_text(nlp):
    """An interval made from "seit ..." keeps the span of its expression."""
    from service.nlp.pipeline import analyze

    text = "Seit Montag hatten die Vermittler zwischen beiden Seiten verhandelt."
    doc = analyze(nlp, text, dt.date(2026, 3, 12))
    when = next(e for e in doc._.events if e.trigger.text == "verhandelt").when
    assert text[when.start : when.end] == when.text == "Montag"


# ------------------------------------------------------------------------------------------ clock-stamped items (BR)


@pytest.mark.parametrize(
    "stamp, text, value",
    [
        ("2026-03-12T01:00", "Am Nachmittag hatte der Minister Kiew besucht.", "2026-03-11TAF"),
        ("2026-03-12T20:00", "Am Nachmittag hatte der Minister Kiew besucht.", "2026-03-12TAF"),
        ("2026-03-12T20:00", "Am Morgen will der Minister nach Kiew reisen.", "2026-03-13TMO"),
        ("2026-03-12T09:30", "Am Nachmittag will der Minister nach Kiew reisen.", "2026-03-12TAF"),
        ("2026-03-12T01:00", "Am Abend sprach die Kanzlerin im Fernsehen.", "2026-03-11TEV"),
    ],
)
def test_parts_of_day_are_read_against_the_stamp(tagger_nlp, stamp, text, value):
    """A news item stamped 01:00 tells of a past afternoon of the day before (GUIDELINES, BR items)."""
    doc = run(tagger_nlp, text, dt.datetime.fromisoformat(stamp))
    assert [t.value for t in doc._.timexes] == [value]
