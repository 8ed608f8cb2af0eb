"""news_entity_ruler: gazetteer, nationality and role-triggered person patterns, on the blank pipeline and the model."""

from __future__ import annotations

import pytest
import spacy

import service.nlp.ruler  # noqa: F401  (registers the factory)
from service.nlp.ruler import DATA_DIR, _read_tsv


@pytest.fixture(scope="module")
def blank_ruler():
    """Blank German + sentencizer + the ruler: the rules alone, as on the blank service pipeline."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("news_entity_ruler")
    return nlp


def ents(nlp, text: str) -> set[tuple[str, str]]:
    """(text, label) of the entities the pipeline finds."""
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_role_triggered_persons(blank_ruler):
    found = ents(
        blank_ruler,
        "Nato-Generalsekretär Mark Rutte traf US-Präsident Donald Trump und Staatssekretär Elbridge Colby.",
    )
    assert {("Mark Rutte", "PER"), ("Donald Trump", "PER"), ("Elbridge Colby", "PER")} <= found


def test_role_person_with_particles_and_suffix_role(blank_ruler):
    found = ents(
        blank_ruler,
        "Das sagte EU-Kommissionschefin Ursula von der Leyen. Verteidigungsminister Boris Pistorius schwieg.",
    )
    assert ("Ursula von der Leyen", "PER") in found
    assert ("Boris Pistorius", "PER") in found


def test_role_without_name_marks_nothing(blank_ruler):
    found = ents(blank_ruler, "Der Präsident der Kommission sagte am Montag nichts.")
    assert not any(label == "PER" for _, label in found)


def test_inflected_roles_announce_persons(blank_ruler):
    found = ents(
        blank_ruler,
        "Er dankte Herrn Rapkay und traf den Amtskollegen Sergej Lawrow im Büro des Präsidenten Macron.",
    )
    assert {("Rapkay", "PER"), ("Sergej Lawrow", "PER"), ("Macron", "PER")} <= found
    assert ("Monti", "PER") in ents(blank_ruler, "Das Kommissionsmitglied Monti antwortete.")


def test_particle_may_open_a_name_only_after_a_form_of_address(blank_ruler):
    found = ents(blank_ruler, "Ich danke Frau de Palacio und Herrn von Wogau für ihre Berichte.")
    assert {("de Palacio", "PER"), ("von Wogau", "PER")} <= found
    found = ents(blank_ruler, "Der Präsident von Frankreich sprach mit dem Bürgermeister von Lyon.")
    assert not any(label == "PER" for _, label in found)


def test_organisations_and_government_bodies(blank_ruler):
    found = ents(
        blank_ruler, "Die Nato, die EU und die Vereinten Nationen warnten; der Kreml und das Pentagon schwiegen."
    )
    for name in ("Nato", "EU", "Vereinten Nationen", "Kreml", "Pentagon"):
        assert (name, "ORG") in found


def test_ministry_compounds_are_organisations(blank_ruler):
    assert ("Kriegsministerium", "ORG") in ents(
        blank_ruler, "Das Kriegsministerium in Washington bestätigte den Angriff."
    )


def test_countries_with_genitive_and_multiword(blank_ruler):
    found = ents(blank_ruler, "Russlands Angriff auf die Ukraine beschäftigt die Vereinigten Staaten und Deutschland.")
    assert {("Russlands", "LOC"), ("Ukraine", "LOC"), ("Vereinigten Staaten", "LOC"), ("Deutschland", "LOC")} <= found


def test_nationality_adjectives_are_misc_but_not_inside_names(blank_ruler):
    found = ents(blank_ruler, "Die deutsche Regierung und die französischen Soldaten.")
    assert ("deutsche", "MISC") in found and ("französischen", "MISC") in found
    # capitalised adjective mid-sentence belongs to a name (Deutsche Bank), not marked on its own
    assert ("Deutsche", "MISC") not in ents(blank_ruler, "Er arbeitet bei der Deutsche Bank in Frankfurt.")


def test_known_surname_alone_is_a_person(blank_ruler):
    found = ents(blank_ruler, "Putin drohte. Am Abend widersprach Rubio, und der Kreml wies Putins Kritiker ab.")
    assert {("Putin", "PER"), ("Rubio", "PER"), ("Putins", "PER")} <= found


def test_surname_rule_leaves_words_and_longer_names_alone(blank_ruler):
    # German words are never in surnames.txt; after a capitalised word the surname belongs to a longer name
    found = ents(blank_ruler, "Der Mann sagte, das Klima sei rau. Dort sprach Wladimir Wladimirowitsch Putin.")
    assert not any(label == "PER" and text in ("Mann", "Klima") for text, label in found)
    assert ("Putin", "PER") not in found
    surnames = {w.strip() for w in (DATA_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines()}
    assert not {"Mann", "Klima", "Koch", "Berlin", "Washington"} & surnames


def test_institutions_can_be_switched_off():
    nlp = spacy.blank("de")
    nlp.add_pipe("news_entity_ruler", config={"use_institutions": False})
    assert ("Regierung", "ORG") not in ents(nlp, "Die Regierung tagte.")
    nlp2 = spacy.blank("de")
    nlp2.add_pipe("news_entity_ruler")
    assert ("Regierung", "ORG") in ents(nlp2, "Die Regierung tagte.")


def test_existing_entities_are_kept(blank_ruler):
    doc = blank_ruler.make_doc("Die Nato tagte in Brüssel.")
    doc.set_ents([spacy.tokens.Span(doc, 1, 2, label="MISC")])
    out = blank_ruler.get_pipe("news_entity_ruler")(doc)
    assert [(e.text, e.label_) for e in out.ents][:1] == [("Nato", "MISC")]
    assert ("Brüssel", "LOC") in {(e.text, e.label_) for e in out.ents}


@pytest.mark.parametrize(
    "text", ["", " ", "Nato", "!!!?", "😀 Präsident 😀", "\x00\x07 Minister", "Präsident", "Kanzler von"]
)
def test_never_raises_on_odd_input(blank_ruler, text):
    doc = blank_ruler(text)
    for e in doc.ents:
        assert doc.text[e.start_char : e.end_char] == e.text


def test_long_text(blank_ruler):
    text = "US-Präsident Donald Trump sprach mit der Nato in Berlin. " * 2000
    doc = blank_ruler(text)
    assert len(doc.ents) == 6000
    assert len(text) > 100_000


def test_data_files_have_header_and_known_labels():
    for path in sorted(DATA_DIR.glob("*.tsv")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#"), f"{path.name} needs a comment line"
        rows = _read_tsv(path)
        assert rows, f"{path.name} has no rows"
        if "label" in rows[0]:
            assert {r["label"] for r in rows} <= {"PER", "ORG", "LOC", "MISC"}, path.name


def test_ruler_runs_in_service_pipeline(nlp):
    assert "news_entity_ruler" in nlp.pipe_names
    if "ner" in nlp.pipe_names:
        assert nlp.pipe_names.index("news_entity_ruler") < nlp.pipe_names.index("ner")
    doc = nlp("Nato-Generalsekretär Mark Rutte besuchte am Dienstag Kiew.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Mark Rutte", "PER") in found
    assert ("Kiew", "LOC") in found


def test_entity_filter_drops_role_only_persons_and_keeps_names():
    from spacy.tokens import Span

    nlp = spacy.blank("de")
    entity_filter = nlp.add_pipe("news_entity_filter")
    doc = nlp.make_doc("Frau Präsidentin , die Kommission und Mark Rutte sprachen .")
    doc.ents = [Span(doc, 1, 2, "PER"), Span(doc, 4, 5, "ORG"), Span(doc, 6, 8, "PER")]
    assert [(e.text, e.label_) for e in entity_filter(doc).ents] == [("Kommission", "ORG"), ("Mark Rutte", "PER")]
    assert list(entity_filter(nlp.make_doc("")).ents) == []
