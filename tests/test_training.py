"""The corpus converters behind `make model`: labels land on the right tokens, odd input is handled, nothing leaks."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "training"))

import convert  # noqa: E402  (training/ is scripts, not a package)


def needs_shared(test):
    """Marks a test that reads ../shared/data and skips it cleanly where that is absent (a user's machine)."""
    return pytest.mark.shared(pytest.mark.skipif(not SHARED.exists(), reason="../shared/data absent")(test))


def test_europeana_cuts_at_sentence_ends_and_normalises_labels(tmp_path):
    path = tmp_path / "enp.bio"
    path.write_text(
        "# file: x\nDer O\nKaiser O\nFranz B-PEr\nJoseph I-PER\nreiste O\nnach O\nWien B-LOC\n. O\n"
        "Die O\nBank B-ORg\nzahlte O\n. O\nbroken line without tag\nEnde O\n",
        encoding="utf-8",
    )
    sents = convert.read_europeana(path)
    assert [w for w, _ in sents] == [
        ["Der", "Kaiser", "Franz", "Joseph", "reiste", "nach", "Wien", "."],
        ["Die", "Bank", "zahlte", "."],
        ["Ende"],
    ]
    assert sents[0][1][2:4] == ["B-PER", "I-PER"]
    assert sents[1][1][1] == "B-ORG"


def test_europeana_never_cuts_inside_an_entity(tmp_path):
    words = [f"w{i} O" for i in range(convert.EUROPEANA_MAX - 1)] + ["Neu B-LOC", "York I-LOC", "liegt O"]
    path = tmp_path / "long.bio"
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
    for sent_words, tags in convert.read_europeana(path):
        assert not tags[0].startswith("I-"), sent_words[:3]


def test_json_stream_reads_concatenated_pretty_printed_objects(tmp_path):
    path = tmp_path / "docs.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "a", "text": {"string": "Eins"}}, indent=2))
        fh.write("\n")
        fh.write(json.dumps({"id": "b", "text": "Zwei"}, indent=2))
    docs = list(convert.json_stream(path))
    assert [d["id"] for d in docs] == ["a", "b"]
    assert [convert.doc_text(d) for d in docs] == ["Eins", "Zwei"]


@needs_shared
def test_smartdata_v1_entities_match_their_source_offsets():
    nlp = spacy.blank("de")
    v3_ids = {
        obj["id"]
        for name in ("dev.json.gz", "test.json.gz")
        for obj in convert.json_stream(SHARED / "smartdata-corpus" / "v3_20200302" / name)
    }
    docs = convert.smartdata_v1_docs(SHARED, nlp, v3_ids)
    assert len(docs) > 5000
    labels = {e.label_ for d in docs for e in d.ents}
    assert labels == {"PER", "ORG", "LOC"}
    # every entity is a capitalised surface form (adjectives like "deutschen" are left missing, never entities)
    assert all(e.text[:1].isupper() for d in docs for e in d.ents)
    # the documents v3 dev/test hold are not read again (v3 dev/test are NER training data already)
    v1_ids = {o["id"] for o in convert.json_stream(SHARED / "smartdata-corpus" / "v1_20180119" / "train.json.gz")}
    assert v1_ids - v3_ids and v1_ids & v3_ids


@needs_shared
def test_held_out_test_sets_are_never_read_by_the_converter():
    source = (ROOT / "training" / "convert.py").read_text(encoding="utf-8")
    code = source.split('"""', 2)[2]  # the docstring names them to say they are not read
    for held_out in ("europarl-ner-ixa", "uner-german-pud", "ud-german-pud"):
        assert held_out not in code


def test_parser_experiment_trains_on_gsd_only():
    """The parser experiment (training/build_parser.sh) reads the converted GSD parts, never UD German-PUD (its
    held-out test set) nor UD German-LIT (non-commercial)."""
    files = ["build_parser.sh", "add_parser.py", "configs/parser.cfg", "configs/parser_own.cfg"]
    for name in files:
        text = (ROOT / "training" / name).read_text(encoding="utf-8")
        for banned in ("ud-german-pud", "de_pud", "ud-german-lit", "de_lit"):
            assert banned not in text, (name, banned)
    assert "ud-train.spacy" in (ROOT / "training" / "build_parser.sh").read_text(encoding="utf-8")


@needs_shared
@pytest.mark.parametrize(
    "read", [*convert.SPLIT_CORPORA.values(), convert.europeana_docs], ids=[*convert.SPLIT_CORPORA, "europeana"]
)
def test_every_ner_corpus_yields_clean_tokens_and_entities(read):
    docs = read(SHARED, spacy.blank("de"))
    assert len(docs) > 1000
    # a wrong column separator once turned whole MobIE lines into single "words" with no entity at all
    assert not any("\t" in t.text for d in docs for t in d)
    labels = {e.label_ for d in docs for e in d.ents}
    assert {"PER", "ORG", "LOC"} <= labels <= {"PER", "ORG", "LOC", "MISC"}
    with_entities = sum(1 for d in docs if d.ents)
    assert with_entities > len(docs) / 10


def _ner_doc(nlp, words, tags):
    """A Doc with IOB tags; None marks a token whose annotation is missing."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, ents=tags)


def test_mention_replacement_swaps_names_and_keeps_the_rest():
    import random

    import augment

    nlp = spacy.blank("de")
    doc = _ner_doc(
        nlp,
        ["Gestern", "traf", "Angela", "Merkel", "in", "Paris", "die", "deutschen", "Vertreter", "?"],
        ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "B-MISC", "O", None],
    )
    pools = ({"PER": ["Jean Ping"], "LOC": ["Nevinnomyssk"], "ORG": ["Nato"]},)
    new = augment.replace_mentions(doc, nlp, pools, random.Random(1), prob=1.0)
    assert [(e.text, e.label_) for e in new.ents] == [
        ("Jean Ping", "PER"),
        ("Nevinnomyssk", "LOC"),
        ("deutschen", "MISC"),
    ]
    assert new.text == doc.text.replace("Angela Merkel", "Jean Ping").replace("Paris", "Nevinnomyssk")
    assert new[-1].ent_iob_ == ""  # missing stays missing, not O
    assert new[0].ent_iob_ == "O"


def test_mention_replacement_is_deterministic_and_respects_probability():
    import random

    import augment

    nlp = spacy.blank("de")
    doc = _ner_doc(nlp, ["Merkel", "sprach", "."], ["B-PER", "O", "O"])
    pools = ({"PER": ["Jean Ping", "Rudy Demotte", "Amin Gemayel"], "LOC": [], "ORG": []},)
    runs = [augment.replace_mentions(doc, nlp, pools, random.Random(7), 0.5).text for _ in "ab"]
    assert runs[0] == runs[1]
    assert augment.replace_mentions(doc, nlp, pools, random.Random(7), 0.0).text == doc.text
    # a label with an empty pool keeps its name
    empty = ({"PER": [], "LOC": [], "ORG": []},)
    assert augment.replace_mentions(doc, nlp, empty, random.Random(7), 1.0).ents[0].text == "Merkel"


def test_gazetteer_names_read_the_ruler_files():
    import augment

    names = augment.gazetteer_names()
    assert "Nato" in names["ORG"]
    assert len(names["PER"]) > 1000 and all(" " in n for n in names["PER"][:50])
    assert "Berlin" in names["LOC"]


def test_dev_scorer_splits_the_dev_file_by_corpus_and_scores_each_part():
    from bench.ner_dev import dev_parts, score_parts

    counts = {"germeval2014": 23, "mobie": 4, "smartdata_v3": 0, "ler_sample": 13, "europeana": 99}
    parts = dev_parts(counts)
    # the converter's split decides the sizes (i % 10 == 3), in its corpus order; train-only corpora are no part
    assert parts == [(name, len(convert.split_ner(list(range(counts[name])))[1])) for name in convert.SPLIT_CORPORA]
    assert [n for _, n in parts] == [2, 1, 0, 1]

    nlp = spacy.blank("de")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "LOC", "pattern": "Berlin"}])

    def gold(words, ents):
        doc = spacy.tokens.Doc(nlp.vocab, words=words)
        doc.ents = [spacy.tokens.Span(doc, s, e, label=lab) for s, e, lab in ents]
        return doc

    dev = [
        gold(["in", "Berlin"], [(1, 2, "LOC")]),
        gold(["Berlin", "und", "Paris"], [(0, 1, "LOC"), (2, 3, "LOC")]),
        gold(["nach", "Paris"], [(1, 2, "LOC")]),
        gold(["Berlin"], []),
    ]
    scores = score_parts(nlp, dev, [("a", 2), ("b", 1), ("c", 0), ("d", 1)])
    assert scores["a"]["p"] == 1.0 and scores["a"]["r"] == round(2 / 3, 3)
    assert scores["b"]["f"] == 0.0 and scores["b"]["n_gold"] == 1
    assert scores["d"]["p"] == 0.0 and scores["d"]["n_gold"] == 0
    assert scores["ALL"]["p"] == round(2 / 3, 3) and scores["ALL"]["r"] == 0.5


@needs_shared
def test_raw_text_for_pretraining_is_running_text_not_columns():
    import raw_text

    texts = raw_text.raw_texts(SHARED)
    # a column file read with the wrong separator gives one "word" per line with its tags glued on
    assert not [t for t in texts if "\t" in t]
    assert any(t.startswith("POL-UL") for t in texts), "MobIE's traffic reports are missing"
    assert sum(len(t.split()) for t in texts) > 500_000
