"""Assembles the shipped pipeline from the trained one (tok2vec, tagger, morphologizer, NER) and a lookup lemmatizer.

Run: python training/assemble.py [--trained DIR] [--data ../shared/data] [--out models/de_news_events]

The lemma table from spacy-lookups-de (MIT) is packed into the lemmatizer, so the model needs no
spacy-lookups-data at run time. The news_entity_ruler is not part of the model: the service inserts it before
"ner" (service/nlp/pipeline.py), so its data files stay editable in service/nlp/data/ruler/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
from pathlib import Path

import spacy
from spacy.lookups import Lookups

ROOT = Path(__file__).resolve().parents[1]
VERSION = "0.3.0"


def lemma_lookups(data: Path) -> Lookups:
    """The German lookup table as a spaCy Lookups object (table name lemma_lookup)."""
    with gzip.open(data / "spacy-lookups-de" / "de_lemma_lookup.json.gz", "rt", encoding="utf-8") as fh:
        table = json.load(fh)
    lookups = Lookups()
    lookups.add_table("lemma_lookup", table)
    return lookups


def add_abbreviations(nlp, path: Path) -> int:
    """Keep the listed abbreviations whole (spaCy's German exceptions miss Gen., Sen., Abg. ...)."""
    from spacy.attrs import ORTH

    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            nlp.tokenizer.add_special_case(word, [{ORTH: word}])
            n += 1
    return n


def assemble(trained: Path, data: Path, out: Path, meta_extra: dict) -> None:
    """Build the pipeline from the trained one plus the lemma table and write it to `out`."""
    nlp = spacy.load(trained)
    add_abbreviations(nlp, ROOT / "training" / "configs" / "abbreviations.txt")
    lemmatizer = nlp.add_pipe("lemmatizer", after="morphologizer", config={"mode": "lookup", "overwrite": False})
    lemmatizer.initialize(lookups=lemma_lookups(data))
    nlp.meta.update(
        {
            "name": "news_events",
            "version": VERSION,
            "description": "German news pipeline of the news-events service: one CNN tok2vec shared by a "
            "tagger (STTS), a morphologizer (UPOS+features) and an NER (PER, ORG, LOC, MISC), trained jointly; "
            "lookup lemmatizer. See models/MODEL_CARD.md.",
            "license": "CC BY-SA 4.0",
            "author": "news-events project",
            "sources": [
                {"name": "GermEval 2014 NER (dev+test)", "license": "CC BY 4.0"},
                {"name": "DFKI MobIE", "license": "CC BY 4.0"},
                {"name": "DFKI SmartData v3 (dev+test) and v1 (documents not in v3 dev/test)", "license": "CC BY 4.0"},
                {"name": "LER German legal NER (sample)", "license": "CC BY 4.0"},
                {"name": "Europeana Newspapers NER, German LFT and SBB parts", "license": "CC0 1.0"},
                {"name": "UD German GSD (dev+test, part)", "license": "CC BY-SA 4.0"},
                {"name": "spaCy lookups data, German lemma table", "license": "MIT"},
                {
                    "name": "PETRARCH2 person names, GeoNames places (replacement names, training/augment.py)",
                    "license": "MIT / CC BY 4.0",
                },
            ],
            **meta_extra,
        }
    )
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    # round trip: the listeners must re-link to the sourced tok2vec after loading
    check = spacy.load(out)
    doc = check("Nato-Generalsekretär Mark Rutte traf am Montag in Berlin Bundeskanzler Friedrich Merz.")
    print("assembled", out, check.pipe_names, [(e.text, e.label_) for e in doc.ents])


def main() -> None:
    """CLI entry."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trained", type=Path, default=ROOT / "training" / "output" / "joint" / "model-best")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "de_news_events")
    ap.add_argument("--meta", type=Path, help="JSON file with extra meta fields (e.g. training times)")
    args = ap.parse_args()
    extra = json.loads(args.meta.read_text()) if args.meta and args.meta.exists() else {}
    assemble(args.trained, args.data, args.out, extra)


if __name__ == "__main__":
    main()
