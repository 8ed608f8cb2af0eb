"""Mention replacement: a copy of NER training Docs whose PER/LOC/ORG names are swapped for other names of the
same label, so that the NER learns from context and name shape more than from the few names our corpora hold.

Replacement names come half from the same label's mentions in the source Docs (mention replacement, Dai & Adel
2020) and half from the ruler's gazetteers (PETRARCH2 persons, GeoNames places, organisations), which bring the
foreign names news are full of. MISC and unannotated tokens stay as they are. Deterministic for a given seed.

Usage: python training/augment.py --src training/corpus/ner-train.spacy training/corpus/ner-smartdata-v1.spacy \
           --out training/corpus/ner-augmented.spacy
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.nlp.ruler import DATA_DIR as RULER  # noqa: E402
from service.nlp.ruler import _phrases, _read_tsv  # noqa: E402  (the ruler's own reader of its files)

GAZETTEERS = {"PER": ("persons.tsv",), "LOC": ("world_places.tsv", "cities.tsv"), "ORG": ("organisations.tsv",)}
LABELS = tuple(GAZETTEERS)


def gazetteer_names(folder: Path = RULER) -> dict[str, list[str]]:
    """label -> names from the ruler's data files (rows whose label column matches), read as the ruler reads them."""
    out: dict[str, list[str]] = {label: [] for label in LABELS}
    for label, files in GAZETTEERS.items():
        for fname in files:
            out[label].extend(phrase for lab, phrase in _phrases(_read_tsv(folder / fname)) if lab == label)
    return {label: sorted(set(names)) for label, names in out.items()}


def corpus_names(docs: list[Doc]) -> dict[str, list[str]]:
    """label -> the distinct entity texts of the given Docs."""
    out: dict[str, set[str]] = {label: set() for label in LABELS}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in out:
                out[ent.label_].add(ent.text)
    return {label: sorted(names) for label, names in out.items()}


def replace_mentions(doc: Doc, nlp, pools: tuple[dict[str, list[str]], ...], rng: random.Random, prob: float) -> Doc:
    """A new Doc: each PER/LOC/ORG entity replaced, with probability prob, by a name drawn from one of the pools."""
    words, spaces, tags = [], [], []
    i = 0
    ents = {ent.start: ent for ent in doc.ents}
    while i < len(doc):
        ent = ents.get(i)
        if ent is not None and ent.label_ in LABELS and rng.random() < prob:
            pool = rng.choice(pools)[ent.label_]
            if pool:
                new = nlp.make_doc(rng.choice(pool))
                for k, tok in enumerate(new):
                    words.append(tok.text)
                    spaces.append(bool(tok.whitespace_) if k < len(new) - 1 else bool(doc[ent.end - 1].whitespace_))
                    tags.append(("B-" if k == 0 else "I-") + ent.label_)
                i = ent.end
                continue
        tok = doc[i]
        words.append(tok.text)
        spaces.append(bool(tok.whitespace_))
        # "" keeps a token whose annotation is missing missing (not O)
        tags.append("" if tok.ent_iob_ == "" else "O" if tok.ent_iob_ == "O" else f"{tok.ent_iob_}-{tok.ent_type_}")
        i += 1
    return Doc(nlp.vocab, words=words, spaces=spaces, ents=[t or None for t in tags])


def main() -> None:
    """CLI entry."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, nargs="+", required=True, help="DocBins copied with names replaced")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--prob", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    nlp = spacy.blank("de")
    src = [d for path in args.src for d in DocBin().from_disk(path).get_docs(nlp.vocab)]
    pools = (corpus_names(src), gazetteer_names())
    rng = random.Random(args.seed)
    out = [replace_mentions(d, nlp, pools, rng, args.prob) for d in src]
    DocBin(docs=out, store_user_data=False).to_disk(args.out)
    print({"augmented_docs": len(out), **{f"pool_{k}": len(v) for k, v in pools[0].items()}})


if __name__ == "__main__":
    main()
