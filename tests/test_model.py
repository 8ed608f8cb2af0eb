"""The shipped German pipeline models/de_news_events: loads, has its parts, finds sensible entities, stays small."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

MODEL = Path(__file__).resolve().parents[1] / "models" / "de_news_events"

pytestmark = pytest.mark.skipif(not MODEL.exists(), reason="models/de_news_events not built (training/build.sh)")


@pytest.fixture(scope="module")
def model():
    """The statistical pipeline as the service loads it (with sentence splitting), without the service's components."""
    from service.nlp.pipeline import load_base

    return load_base(str(MODEL))


def test_components_and_labels(model):
    for name in ("tok2vec", "tagger", "morphologizer", "lemmatizer", "ner"):
        assert name in model.pipe_names
    # one tok2vec shared by tagger, morphologizer and NER: the second one cost as much as the first
    assert [name for name in spacy.load(MODEL).pipe_names if "tok2vec" in name] == ["tok2vec"]
    assert {"PER", "ORG", "LOC", "MISC"} <= set(model.get_pipe("ner").labels)
    assert model.lang == "de"
    assert model.meta.get("license")


def test_size_under_50_mb():
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size < 50 * 1024 * 1024, f"model is {size / 1e6:.1f} MB"


def test_lemma_table_is_packed(model):
    doc = model("Die Soldaten gingen in die Häuser.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gingen"] == "gehen"
    assert lemmas["Häuser"] == "Haus"


def test_entities_in_news_sentences(model):
    doc = model("Bundeskanzler Olaf Scholz traf am Montag in Paris den französischen Präsidenten Emmanuel Macron.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Paris", "LOC") in ents
    labels_by_text = {e.text: e.label_ for e in doc.ents}
    # the two persons: at least one full name found as PER, and no place labelled as a person
    assert ("Olaf Scholz", "PER") in ents or ("Emmanuel Macron", "PER") in ents
    assert labels_by_text.get("Paris") != "PER"
    doc = model("Die Deutsche Bahn und Siemens investieren in Bayern.")
    found = {e.label_ for e in doc.ents}
    assert "ORG" in found or "LOC" in found


def test_pos_and_morphology(model):
    doc = model("Die Regierung kündigte neue Sanktionen gegen Russland an.")
    tokens = {t.text: t for t in doc}
    assert tokens["Regierung"].pos_ == "NOUN"
    assert tokens["kündigte"].pos_ in ("VERB", "AUX")
    assert "Past" in tokens["kündigte"].morph.get("Tense")
    assert tokens["Sanktionen"].morph.get("Number") == ["Plur"]
    assert doc.has_annotation("SENT_START")


def test_sentence_boundaries_and_quotes(model):
    doc = model("„Wir sind bereit“, sagte er. Dann ging er nach Hause. Die USA reagierten nicht.")
    sents = [s.text for s in doc.sents]
    assert len(sents) == 3
    assert sents[0].startswith("„Wir")


def test_tokenizer_keeps_compounds_and_abbreviations(model):
    words = [
        t.text
        for t in model.make_doc("US-Außenminister und Nato-Generalsekretär trafen sich z.B. am 3. Nov. in Brüssel.")
    ]
    assert "US-Außenminister" in words and "Nato-Generalsekretär" in words
    assert "z.B." in words and "Nov." in words


@pytest.mark.parametrize("text", ["", " ", "Nato", "😀", "\x00", "." * 50])
def test_odd_input(model, text):
    model(text)
