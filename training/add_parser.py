"""Adds a trained dependency parser (and the punctuation sentencizer it runs after) to an assembled pipeline.

Run: python training/add_parser.py --parser training/output/parser/model-best [--base models/de_news_events]
                                   [--out models/de_news_events]

The parser is taken from the trained pipeline by name. One that listens to the tok2vec (training/configs/parser.cfg:
the base model's tok2vec, frozen while the parser learned) is re-linked to the base model's tok2vec, which is the
same one; one with a tok2vec of its own brings it along. The sentencizer goes first, so that the parser keeps the
service's sentence boundaries (spaCy's parser does not split or join across preset boundaries): the parser
trained on six-sentence Docs would otherwise cut sentences of its own.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]


def add_parser(base: Path, trained: Path, out: Path, description: str | None = None) -> None:
    nlp = spacy.load(base)
    source = spacy.load(trained)
    if "parser" in nlp.pipe_names:
        nlp.remove_pipe("parser")
    if "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    # after tagger, morphologizer and lemmatizer (a parser may read their tags), before the NER
    nlp.add_pipe("parser", source=source, before="ner")
    if description:
        nlp.meta["description"] = description
    # written to a temporary folder first: `out` may be `base`, whose files spaCy reads lazily
    with tempfile.TemporaryDirectory() as tmp:
        nlp.to_disk(Path(tmp) / "model")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(Path(tmp) / "model", out)
    check = spacy.load(out)  # the listener links to the tok2vec on load
    doc = check("Der Kanzler empfing am Montag den französischen Präsidenten. Sie sprachen über die Ukraine.")
    print("with parser:", out, check.pipe_names, [(t.text, t.dep_, t.head.i) for t in doc])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parser", type=Path, required=True, help="trained pipeline with a component named parser")
    ap.add_argument("--base", type=Path, default=ROOT / "models" / "de_news_events")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "de_news_events")
    args = ap.parse_args()
    add_parser(args.base, args.parser, args.out)


if __name__ == "__main__":
    main()
