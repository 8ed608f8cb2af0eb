"""news_stance on hand-written German sentences: quote attribution, reported speech, polarity, targets."""

from __future__ import annotations

import logging

import pytest

from service.nlp import records
from service.nlp.polarity import Lexicon, cues_in, polarity_in
from tests.test_events import annotate


def speaker_names(doc) -> list[str | None]:
    by_id = {a.id: a.name for a in records.get(doc, "actors")}
    return [by_id.get(q.speaker) if q.speaker else None for q in records.get(doc, "quotes")]


def stances(doc) -> list[tuple[str, str]]:
    by_id = {a.id: a.name for a in records.get(doc, "actors")}
    return [(by_id.get(s.holder, s.holder), s.polarity) for s in records.get(doc, "stances")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("„Das ist ein klares Zeichen der Solidarität“, sagte Scholz.", "Olaf Scholz"),
        ("Macron sagte: „Das ist völlig inakzeptabel.“", "Emmanuel Macron"),
        ("«Ich akzeptiere das voll und ganz», sagte Selenskyj.", "Wolodymyr Selenskyj"),
        ("»Das ist ein schlechtes Signal«, erklärte Baerbock.", "Annalena Baerbock"),
        ('"Das ist höchst ungewöhnlich", sagte Pistorius.', "Boris Pistorius"),
        ("„Wir stehen an der Seite der Ukraine“, betonte Biden am Montag.", "Joe Biden"),
    ],
)
def test_direct_quotes_are_attributed(nlp, text, speaker):
    doc = annotate(nlp, text)
    quotes = records.get(doc, "quotes")
    assert quotes and quotes[0].direct
    assert speaker_names(doc)[0] == speaker
    q = quotes[0]
    assert doc.text[q.start] in '„«»"' and q.end > q.start


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Laut Selenskyj ist die Lage an der Front sehr schwierig.", "Wolodymyr Selenskyj"),
        ("Die Lage sei dramatisch, so Baerbock.", "Annalena Baerbock"),
        ("Nach Angaben der Nato wurden in der Nacht 20 Drohnen abgeschossen.", "NATO"),
        ("Pistorius sagte, die Bundeswehr sei gut vorbereitet.", "Boris Pistorius"),
        ("Der Bundesregierung zufolge ist ein Treffen nicht geplant.", "Bundesregierung"),
        ("Die Gespräche seien konstruktiv gewesen, erklärte Macron.", "Emmanuel Macron"),
    ],
)
def test_reported_speech_is_attributed(nlp, text, speaker):
    doc = annotate(nlp, text)
    assert speaker in speaker_names(doc)


def test_konjunktiv_continues_the_speaker(nlp):
    doc = annotate(nlp, "Pistorius sagte, die Bundeswehr sei gut vorbereitet. Die Lage sei aber ernst.")
    quotes = records.get(doc, "quotes")
    assert len(quotes) == 2
    assert speaker_names(doc) == ["Boris Pistorius", "Boris Pistorius"]


def test_indicative_sentence_does_not_continue_the_speaker(nlp):
    doc = annotate(nlp, "Pistorius sagte, die Bundeswehr sei gut vorbereitet. Am Abend regnete es in Berlin.")
    assert speaker_names(doc) == ["Boris Pistorius"]


def test_pronoun_speaker(nlp):
    doc = annotate(nlp, "Baerbock reiste nach Kiew. „Wir stehen an der Seite der Ukraine“, sagte sie.")
    assert speaker_names(doc) == ["Annalena Baerbock"]


def test_no_speaker_no_quote(nlp):
    doc = annotate(nlp, "Die Lage ist schwierig.")
    assert records.get(doc, "quotes") == []
    assert records.get(doc, "stances") == []


@pytest.mark.parametrize(
    ("text", "holder", "polarity"),
    [
        ("„Das ist ein klares Zeichen der Solidarität“, sagte Scholz.", "Olaf Scholz", "positive"),
        ("Macron sagte: „Das ist völlig inakzeptabel.“", "Emmanuel Macron", "negative"),
        ("»Das ist ein schlechtes Signal«, erklärte Baerbock.", "Annalena Baerbock", "negative"),
        ("„Das ist kein gutes Zeichen“, sagte Biden.", "Joe Biden", "negative"),
        ("Die Bundesregierung begrüßte den Schritt.", "Bundesregierung", "positive"),
        ("Scholz lobte Macron für seine Haltung.", "Olaf Scholz", "positive"),
        ("Moskau verurteilte die Entscheidung als destruktiv.", "Russland", "negative"),
        ("China kritisierte die Sanktionen scharf.", "China", "negative"),
        ("Pistorius bezeichnete den Vorschlag als nicht akzeptabel.", "Boris Pistorius", "negative"),
        ("Die Bundesregierung hält eine Teilnahme nicht für nötig.", "Bundesregierung", "negative"),
    ],
)
def test_stance_holder_and_polarity(nlp, text, holder, polarity):
    doc = annotate(nlp, text)
    assert (holder, polarity) in stances(doc)
    for s in records.get(doc, "stances"):
        assert -1.0 <= s.score <= 1.0
        assert doc.text[s.cue.start : s.cue.end] == s.cue.text


@pytest.mark.parametrize(
    ("text", "not_holder"),
    [
        # the evaluated one is no holder: the owner of the criticised thing, the one a dass-clause welcomes
        ("Die Opposition übte heftige Kritik an der Außenpolitik Ungarns.", "Ungarn"),
        ("Die Ministerin lobte, dass der polnische Präsident Andrzej Duda weitere Hilfe angekündigt habe.",
         "Andrzej Duda"),
        ("Die Hilfe Frankreichs begrüßte die Ukraine ausdrücklich.", "Frankreich"),
        # a subject phrase that names no actor holds it, not a name after the verb; nor does a genitive attribute
        ("Die Opposition wirft der Regierungspartei Fidesz vor, die Medien zu kontrollieren.", "Fidesz"),
        ("Die Forderungen der Rebellen wies Kiew entschieden zurück.", "Rebellen"),
        # ... also with a genitive of its own: the criticised capital after the verb is the target
        ("Ein Sprecher der Regierung kritisierte Moskau scharf.", "Russland"),
        ("Der Außenminister hat sich in der Debatte klar hinter Kiew gestellt.", "Ukraine"),
        # a verb-final clause after "dass" has its subject first, not the group after it
        ("Die Ministerin ordnete an, dass die Bundespolizei Flüchtlinge an der Grenze zurückweisen darf.",
         "Flüchtlinge"),
    ],
)  # fmt: skip
def test_the_target_of_an_evaluation_does_not_hold_it(nlp, text, not_holder):
    doc = annotate(nlp, text)
    assert not_holder not in {holder for holder, _polarity in stances(doc)}


def test_stance_targets_the_evaluated_event(nlp):
    text = "Die USA verlegen 3000 Soldaten nach Polen. Moskau verurteilte die Truppenverlegung als destruktiv."
    doc = annotate(nlp, text)
    events = {e.id: e for e in records.get(doc, "events")}
    russia = [s for s in records.get(doc, "stances") if s.polarity == "negative"]
    assert russia
    assert russia[0].target_event is not None
    assert events[russia[0].target_event].type == "MOBILIZE"


def test_stance_targets_an_actor(nlp):
    doc = annotate(nlp, "Scholz lobte Macron für seine Haltung.")
    (s,) = records.get(doc, "stances")
    by_id = {a.id: a.name for a in records.get(doc, "actors")}
    assert by_id[s.target_actor] == "Emmanuel Macron"


def test_speech_verb_cue_and_cue_span(nlp):
    doc = annotate(nlp, "„Das ist ein klares Zeichen der Solidarität“, sagte Scholz.")
    q = records.get(doc, "quotes")[0]
    assert q.cue is not None and q.cue.text == "sagte"
    (s,) = records.get(doc, "stances")
    assert s.cue.text == "klares Zeichen der Solidarität"


def test_lexicon_and_negation_flip(nlp):
    lex = Lexicon.get()
    assert lex.word_polarity("destruktiv") < 0
    assert lex.word_polarity("destruktiven") < 0
    doc = nlp.make_doc("Das ist gut. Das ist nicht gut.")
    first, second = cues_in(doc, 0, 4), cues_in(doc, 4, len(doc))
    assert first[0].score > 0 > second[0].score
    assert polarity_in(doc, 0, 0) == 0.0


def test_single_polar_word_in_reported_speech_is_not_enough(nlp):
    # one lexicon word outside the speaker's own words is too weak to say the speaker judges something
    doc = annotate(nlp, "Scholz sagte, er habe im sozialen Netzwerk geschrieben.")
    assert stances(doc) == []


@pytest.mark.parametrize("text", ["", " ", "„", "»«", "sagte", "„“, sagte er.", "🙂 laut", "\x00\x01 so"])
def test_never_raises(nlp, text, caplog):
    doc = annotate(nlp, text)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert isinstance(records.get(doc, "quotes"), list)
    assert isinstance(records.get(doc, "stances"), list)


@pytest.mark.slow
def test_long_text(nlp):
    base = "„Das ist ein schlechtes Signal“, sagte Scholz. Die Lage sei ernst. Moskau verurteilte den Schritt. "
    text = (base * 1000)[:100_000]
    doc = annotate(nlp, text)
    assert len(records.get(doc, "quotes")) > 1000
    assert len(records.get(doc, "stances")) > 1000


def test_curated_phrase_outweighs_lexicon_words(nlp):
    # "Sicherheit" and "Stabilität" are positive words, but the speaker calls something a threat
    text = "„Das ist eine wachsende Bedrohung für die Sicherheit und Stabilität Europas“, sagte Biden."
    doc = annotate(nlp, text)
    assert ("Joe Biden", "negative") in stances(doc)


def test_political_sense_of_spannungen(nlp):
    doc = annotate(nlp, "„Diese Schritte erhöhen die Spannungen“, sagte Putin.")
    assert ("Wladimir Putin", "negative") in stances(doc)
