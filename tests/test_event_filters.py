"""Which happenings are events: contents of demands and denials, conditions and alternatives are not reported as
fact; look-alikes of trigger words are no triggers. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from service.extract import Article, extract


def triggers(nlp, text: str) -> list[tuple[str, str]]:
    resp = extract(nlp, Article(text, dt.date(2025, 3, 5)))
    return [(e["type"], e["trigger"]["text"]) for e in resp["events"]]


NOT_EVENTS = [
    # the content of a denial or a demand did not happen (or not yet)
    ("Moskau bestreitet, Soldaten in das Nachbarland geschickt zu haben.", "geschickt"),
    ("Macron forderte Ankara auf, die Angriffe auf die Kurden zu stoppen.", "Angriffe"),
    ("Die Regierung lehnte es ab, weitere Panzer an die Ukraine zu liefern.", "liefern"),
    # conditions and alternatives
    ("Der Vertrag tritt erst in Kraft, wenn die Parlamente beider Länder zustimmen.", "zustimmen"),
    ("Statt Waffen zu liefern, warb der Präsident für eine Friedensinitiative.", "liefern"),
    ("Die Minister berieten, ob das Abkommen unterzeichnet oder verschoben werden soll.", "unterzeichnet"),
    ("Sollte Peking nicht einlenken, werde Washington neue Zölle verhängen, sagte der Sprecher.", "verhängen"),
    # look-alikes: a determiner is no verb, a particle compound no compound of the trigger noun
    ("Einige Staaten wollen an der Konferenz nicht teilnehmen.", "Einige"),
    ("Die Herausforderungen für die Regierung bleiben groß.", "Herausforderungen"),
]


@pytest.mark.parametrize(("text", "word"), NOT_EVENTS)
def test_not_an_event(nlp, text, word):
    assert not any(word in trig for _type, trig in triggers(nlp, text)), triggers(nlp, text)


EVENTS = [
    # a speaker's claim of a past happening is reported (the gold counts claims)
    ("Lula sagte, Russland habe einen Fehler begangen, als es in die Ukraine einmarschiert sei.", "einmarschiert"),
    # the demand itself is an event, and a purpose clause of a trip is one too
    ("Macron forderte Ankara auf, die Angriffe auf die Kurden zu stoppen.", "forderte"),
]


@pytest.mark.parametrize(("text", "word"), EVENTS)
def test_an_event(nlp, text, word):
    assert any(word in trig for _type, trig in triggers(nlp, text)), triggers(nlp, text)


def test_a_happening_restated_in_one_sentence_is_one_event(nlp):
    # the purpose of a meeting or a trip is no new event
    found = triggers(nlp, "Die Außenminister kamen am Montag in Brüssel zusammen, um über die Sanktionen zu beraten.")
    assert [t for t, _ in found].count("CONSULT") == 1, found
    found = triggers(nlp, "Die Ministerin reist nach Oslo, um dort die Truppe zu besuchen.")
    assert [t for t, _ in found].count("CONSULT") == 1, found


def test_a_headline_repeated_by_the_text_is_reported_once(nlp):
    text = (
        "Deutschland weist russische Diplomaten aus\n\n"
        "Berlin – Die Bundesregierung hat am Mittwoch zwei russische Diplomaten ausgewiesen."
    )
    found = triggers(nlp, text)
    assert len([t for t, _ in found if t == "SANCTION"]) == 1, found
