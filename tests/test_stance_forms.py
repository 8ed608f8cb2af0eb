"""Stance and quote attribution on hand-written German sentences, one test per form German news uses.

Attribution: „…“, sagte X; X sagte: „…“; so X; X zufolge; laut X; nach Angaben von X; wie X mitteilte; X
erklärte, …; X: „…“ and headlines "X: …"; Konjunktiv I over several sentences; pronouns and descriptions that take
up a named actor. Evaluation: evaluative verbs, frames (nannte X einen Fehler, sprach von, hält für), stated
attitudes (zeigte sich besorgt, Kritik, Lob), negation; and what is no stance: the journalist's own wording,
neutral speech, greetings, criticism that someone meets rather than voices. Every sentence is written for this
file (none is taken from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from service.nlp import records
from service.nlp.polarity import Lexicon, grammar
from service.nlp.quotes import SpeechCues
from tests.test_events import annotate
from tests.test_stance import speaker_names, stances


def full(nlp, text: str):
    """The whole pipeline, with its own actors (roles and descriptions such as "der Kanzler" need them)."""
    doc = nlp.make_doc(text)
    doc._.reference_date = dt.date(2025, 3, 5)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def cues(doc) -> list[str]:
    return [s.cue.text for s in records.get(doc, "stances")]


# ---------------------------------------------------------------- attribution forms


@pytest.mark.parametrize(
    ("text", "speaker", "polarity"),
    [
        # „…“, sagte X
        ("„Der Kompromiss ist ein Durchbruch“, sagte Scholz.", "Olaf Scholz", "positive"),
        # X sagte: „…“
        ("Macron sagte: „Diese Entscheidung ist ein schwerer Fehler.“", "Emmanuel Macron", "negative"),
        # …, so X
        ("Das sei ein Rückschlag für die Verhandlungen, so Baerbock.", "Annalena Baerbock", "negative"),
        # X zufolge
        ("Pistorius zufolge ist die Lieferung ein wichtiges Signal an die Ukraine.", "Boris Pistorius", "positive"),
        # laut X
        ("Laut Tusk ist der Beschluss ein Skandal.", "Donald Tusk", "negative"),
        # X erklärte, … (Konjunktiv)
        ("Selenskyj erklärte, die Zusage sei ein großer Erfolg für sein Land.", "Wolodymyr Selenskyj", "positive"),
        # nach den Worten X'
        ("Nach den Worten Selenskyjs ist die Hilfe ein Lichtblick.", "Wolodymyr Selenskyj", "positive"),
        # nach X' Darstellung
        ("Nach Macrons Darstellung war das Treffen ein Erfolg.", "Emmanuel Macron", "positive"),
        # aus Sicht von X
        ("Aus Sicht der Bundesregierung ist der Schritt ein Fehler.", "Bundesregierung", "negative"),
    ],
)
def test_attribution_forms_give_the_speaker_the_stance(nlp, text, speaker, polarity):
    doc = annotate(nlp, text)
    assert speaker in speaker_names(doc)
    assert stances(doc) == [(speaker, polarity)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Nach Angaben des Außenministeriums wurden zwei Diplomaten ausgewiesen.", "Außenministerium"),
        ("Wie die Bundesregierung mitteilte, ist das Treffen für Freitag geplant.", "Bundesregierung"),
        ("Die Bundesregierung teilte mit, das Treffen finde in Berlin statt.", "Bundesregierung"),
    ],
)
def test_neutral_reports_have_a_speaker_but_no_stance(nlp, text, speaker):
    doc = annotate(nlp, text)
    assert speaker_names(doc) == [speaker]
    assert stances(doc) == []


def test_colon_quote_in_a_headline(nlp):
    doc = annotate(nlp, "Meloni: „Das ist inakzeptabel“\n\nRom – Die Regierung will das Gesetz ändern.")
    assert speaker_names(doc)[0] == "Giorgia Meloni"
    assert stances(doc) == [("Giorgia Meloni", "negative")]


def test_colon_headline_without_quote_marks(nlp):
    doc = annotate(nlp, "Scholz: Der Gipfel war ein Erfolg\n\nBerlin – Die Staats- und Regierungschefs einigten sich.")
    assert stances(doc) == [("Olaf Scholz", "positive")]
    assert cues(doc) == ["Erfolg"]


def test_a_dateline_is_no_speaker(nlp):
    doc = annotate(nlp, "Berlin: Der Streit um den Haushalt ist ein Skandal für die Regierung.")
    assert stances(doc) == []


def test_konjunktiv_continues_the_speaker_over_several_sentences(nlp):
    text = (
        "Baerbock sagte am Montag, die Lage sei ernst. Die Angriffe seien ein klarer Bruch des Völkerrechts. "
        "Man werde der Ukraine weiter helfen."
    )
    doc = annotate(nlp, text)
    assert speaker_names(doc) == ["Annalena Baerbock"] * 3
    assert stances(doc) == [("Annalena Baerbock", "negative")]
    assert cues(doc) == ["Bruch des Völkerrechts"]


def test_an_indicative_sentence_ends_the_speech(nlp):
    doc = annotate(nlp, "Biden sagte, der Deal sei gut. Am Abend flog er nach Washington.")
    assert speaker_names(doc) == ["Joe Biden"]


def test_zeigte_sich_opens_reported_speech(nlp):
    doc = annotate(nlp, "Tusk zeigte sich nach dem Treffen gut gelaunt. Die Gespräche seien exzellent verlaufen.")
    assert speaker_names(doc) == ["Donald Tusk", "Donald Tusk"]
    assert ("Donald Tusk", "positive") in stances(doc)


def test_feminine_pronoun_takes_up_the_woman(nlp):
    doc = annotate(nlp, "Außenministerin Baerbock traf am Morgen ihre Kollegen. Sie nannte die Gespräche eine Farce.")
    assert stances(doc) == [("Annalena Baerbock", "negative")]


def test_masculine_pronoun_skips_the_woman(nlp):
    doc = annotate(
        nlp, "Außenministerin Baerbock und Kanzler Scholz reisten nach Paris. Er sprach von einem Durchbruch."
    )
    assert stances(doc) == [("Olaf Scholz", "positive")]


def test_role_description_takes_up_the_named_person(nlp):
    text = (
        "Bundeskanzler Olaf Scholz empfing am Montag den französischen Präsidenten Emmanuel Macron. "
        "Der Kanzler lobte die enge Zusammenarbeit."
    )
    doc = full(nlp, text)
    assert stances(doc) == [("Olaf Scholz", "positive")]


def test_a_capital_after_in_stands_for_its_country(nlp):
    doc = full(nlp, "Die Ukraine hofft auf Hilfe. In Kiew wurde die Entscheidung mit Erleichterung aufgenommen.")
    assert stances(doc) == [("Ukraine", "positive")]
    assert cues(doc) == ["mit Erleichterung"]


def test_passive_with_agent_and_without(nlp):
    assert stances(annotate(nlp, "Der Plan wurde von der Opposition scharf kritisiert.")) == [
        ("Opposition", "negative")
    ]
    assert stances(annotate(nlp, "Der Plan wurde scharf kritisiert.")) == []


def test_spokesperson_stands_for_the_ministry(nlp):
    doc = annotate(nlp, "Ein Sprecher des Außenministeriums nannte die Vorwürfe haltlos.")
    assert stances(doc) == [("Außenministerium", "negative")]


# ---------------------------------------------------------------- evaluation kinds


@pytest.mark.parametrize(
    ("text", "holder", "polarity", "cue"),
    [
        ("Die Bundesregierung begrüßte die Einigung.", "Bundesregierung", "positive", "begrüßte"),
        ("Scholz lobte die Polizei für ihren Einsatz.", "Olaf Scholz", "positive", "lobte"),
        ("Macron würdigte die Rolle der Vermittler.", "Emmanuel Macron", "positive", "würdigte"),
        ("Polen verurteilte den Angriff auf das Krankenhaus.", "Polen", "negative", "verurteilte"),
        ("Die EU bemängelte, dass die Reform zu spät komme.", "EU", "negative", "bemängelte"),
        ("Verdi beklagte die schlechten Arbeitsbedingungen.", "Verdi", "negative", "beklagte"),
        ("Ungarn lehnte den Vorschlag der Kommission ab.", "Ungarn", "negative", "lehnte"),
        ("Israel schloss eine Waffenruhe aus.", "Israel", "negative", "schloss"),
        ("Die USA stellten sich hinter Israel.", "USA", "positive", "stellten"),
        ("Frankreich sprach sich gegen neue Zölle aus.", "Frankreich", "negative", "sprach"),
        ("Frankreich sprach sich für neue Sanktionen aus.", "Frankreich", "positive", "sprach"),
    ],
)
def test_evaluative_verbs(nlp, text, holder, polarity, cue):
    doc = annotate(nlp, text)
    assert stances(doc) == [(holder, polarity)]
    assert cues(doc) == [cue]


def test_warnen_vor_takes_the_warned_of_words_as_cue(nlp):
    doc = annotate(nlp, "Die Nato warnte vor einer weiteren Eskalation.")
    assert stances(doc) == [("NATO", "negative")]
    assert cues(doc) == ["Eskalation"]


def test_separable_verb_with_its_particle(nlp):
    doc = annotate(nlp, "China wies die Vorwürfe zurück.")
    assert stances(doc) == [("China", "negative")]


@pytest.mark.parametrize(
    ("text", "holder", "polarity", "cue"),
    [
        ("Baerbock zeigte sich besorgt über die Lage im Gazastreifen.", "Annalena Baerbock", "negative", "besorgt"),
        ("Tusk zeigte sich erfreut über das Ergebnis.", "Donald Tusk", "positive", "erfreut"),
        ("Meloni zeigte sich enttäuscht.", "Giorgia Meloni", "negative", "enttäuscht"),
        ("Scholz zeigte sich zufrieden mit dem Kompromiss.", "Olaf Scholz", "positive", "zufrieden"),
        ("Die Nato zeigte sich gelassen.", "NATO", "neutral", "gelassen"),
    ],
)
def test_stated_states(nlp, text, holder, polarity, cue):
    doc = annotate(nlp, text)
    assert stances(doc) == [(holder, polarity)]
    assert cues(doc) == [cue]


@pytest.mark.parametrize(
    ("text", "holder", "polarity", "cue"),
    [
        ("Macron nannte den Beschluss einen Fehler.", "Emmanuel Macron", "negative", "Fehler"),
        ("Biden nannte die Einigung ein gutes Signal.", "Joe Biden", "positive", "gutes Signal"),
        ("Pistorius sprach von einem Durchbruch.", "Boris Pistorius", "positive", "Durchbruch"),
        ("Selenskyj sprach von einem Rückschlag.", "Wolodymyr Selenskyj", "negative", "Rückschlag"),
        ("Die Bundesregierung hält die Sanktionen für falsch.", "Bundesregierung", "negative", "falsch"),
        (
            "Pistorius nannte den Angriff einen klaren Bruch des Völkerrechts.",
            "Boris Pistorius",
            "negative",
            "Bruch des Völkerrechts",
        ),
        ("Tusk gilt als scharfer Kritiker der Regierung.", "Donald Tusk", "negative", "Kritiker"),
    ],
)
def test_frames_take_their_polarity_from_the_complement(nlp, text, holder, polarity, cue):
    doc = annotate(nlp, text)
    assert stances(doc) == [(holder, polarity)]
    assert cues(doc) == [cue]


def test_frame_without_evaluative_complement_is_no_stance(nlp):
    assert stances(annotate(nlp, "Macron nannte den Termin am Freitag.")) == []
    assert stances(annotate(nlp, "Die Einigung gilt als Erfolg.")) == []


@pytest.mark.parametrize(
    ("text", "holder", "polarity"),
    [
        ("Die Opposition übte scharfe Kritik an dem Gesetz.", "Opposition", "negative"),
        ("Lob kam von der Nato.", "NATO", "positive"),
        ("Die Kritik der Opposition richtete sich gegen den Haushalt.", "Opposition", "negative"),
    ],
)
def test_attitude_nouns_belong_to_who_voices_them(nlp, text, holder, polarity):
    assert stances(annotate(nlp, text)) == [(holder, polarity)]


# ---------------------------------------------------------------- negation


def test_negated_approval_is_disapproval(nlp):
    assert stances(annotate(nlp, "Scholz begrüßte den Vorschlag nicht.")) == [("Olaf Scholz", "negative")]


def test_negated_phrase_in_a_quote(nlp):
    doc = annotate(nlp, "„Das ist nicht hinnehmbar“, sagte Meloni.")
    assert stances(doc) == [("Giorgia Meloni", "negative")]
    assert cues(doc) == ["nicht hinnehmbar"]


def test_negated_good_word_flips(nlp):
    assert stances(annotate(nlp, "„Das ist kein gutes Zeichen für Europa“, sagte Tusk.")) == [
        ("Donald Tusk", "negative")
    ]


def test_negated_criticism_is_no_stance(nlp):
    assert stances(annotate(nlp, "Scholz kritisierte die Entscheidung nicht.")) == []


def test_nicht_nur_does_not_negate(nlp):
    assert ("Olaf Scholz", "negative") in stances(annotate(nlp, "Scholz kritisierte nicht nur den Haushalt."))


# ---------------------------------------------------------------- what is no stance


@pytest.mark.parametrize(
    "text",
    [
        # the journalist's own wording
        "Der brutale Angriff auf das Krankenhaus war eine Katastrophe.",
        "Russland führt einen verbrecherischen Krieg gegen die Ukraine.",
        "Die Verhandlungen in Genf brachten einen Durchbruch.",
        "Die Einigung ist ein Erfolg für Polen.",
        # neutral speech
        "Scholz sagte, er werde am Freitag nach Paris reisen.",
        "Selenskyj sagte, der Krieg dauere an.",
        # greetings, not approval
        "Scholz begrüßte Macron im Kanzleramt.",
        "Biden und Selenskyj begrüßten sich vor dem Weißen Haus.",
        # criticism someone meets, not voices
        "Der Plan stieß auf Kritik.",
        "Die Bundesregierung steht in der Kritik.",
    ],
)
def test_no_stance(nlp, text):
    assert stances(annotate(nlp, text)) == []


# ---------------------------------------------------------------- one stance per evaluation


def test_several_cues_of_one_evaluation_are_one_stance(nlp):
    doc = annotate(nlp, "„Das ist ein schwerer Fehler, ein Rückschlag und eine Katastrophe“, sagte Macron.")
    assert stances(doc) == [("Emmanuel Macron", "negative")]


def test_two_evaluating_verbs_are_two_stances(nlp):
    doc = annotate(nlp, "Macron begrüßte die Einigung und kritisierte zugleich die Verzögerung.")
    assert sorted(stances(doc)) == [("Emmanuel Macron", "negative"), ("Emmanuel Macron", "positive")]


def test_cues_are_verbatim_and_scores_bounded(nlp):
    text = "Macron nannte den Beschluss einen Fehler. „Das ist ein großer Erfolg“, sagte Scholz."
    doc = annotate(nlp, text)
    assert len(records.get(doc, "stances")) == 2
    for s in records.get(doc, "stances"):
        assert doc.text[s.cue.start : s.cue.end] == s.cue.text
        assert -1.0 <= s.score <= 1.0


# ---------------------------------------------------------------- the data files


def test_lexicon_files_parse():
    lex = Lexicon.get()
    assert lex.verb_polarity("kritisieren") < 0 < lex.verb_polarity("begrüßen")
    assert lex.states["besorgt"] < 0 < lex.states["erfreut"]
    assert lex.attitudes["kritik"] < 0 < lex.attitudes["lob"]
    assert any(e.kind == "frame" for e in lex.predicates["nennen"])
    assert "weisen" in lex.predicates and any(e.particle == "zurück" for e in lex.predicates["weisen"])
    assert lex.word_polarity("krieg") is None  # a topic, not a judgement
    cues_ = SpeechCues.get()
    assert "sagen" in cues_.verbs and "sagen" in cues_.say and "zufolge" in cues_.post
    assert "er" in grammar("personal") and "den" in grammar("oblique")


# ---------------------------------------------------------------- holders the actors leave as countries or parts


def test_nationality_noun_takes_up_the_person(nlp):
    text = (
        "Die EU-Kommissarin Margrethe Vestager besuchte am Montag Kopenhagen. "
        "Der Plan sei ein großer Erfolg, erklärte die Dänin."
    )
    assert stances(full(nlp, text)) == [("Margrethe Vestager", "positive")]


def test_attitude_from_a_person_with_an_organisation_in_the_role(nlp):
    assert stances(full(nlp, "Glückwünsche kamen auch von Nato-Generalsekretär Mark Rutte.")) == [
        ("Mark Rutte", "positive")
    ]


def test_a_new_noun_phrase_ends_the_speaker_phrase(nlp):
    doc = annotate(nlp, "Der Vertrag sei ein Fehler gewesen, warf Scholz dem Präsidenten Macron vor.")
    assert stances(doc) == [("Olaf Scholz", "negative")]
