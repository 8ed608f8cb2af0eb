"""Collects raw German text for `spacy pretrain` into training/corpus/raw.jsonl (one {"text": ...} per line).

Run: python training/raw_text.py [--data ../shared/data] [--out training/corpus/raw.jsonl]

Sources (all also used, or usable, for training; never the Europarl, UNER German-PUD or UD German-PUD test
sets): SmartData v1 train+test documents (news, CC BY 4.0), GermEval 2014 sentences (CC BY 4.0), MobIE
sentences (CC BY 4.0), UD German GSD sentences (CC BY-SA 4.0), every 4th LER sentence (CC BY 4.0).
Pretraining only learns from the words (no labels), so using the GermEval dev split here does not leak labels.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from convert import doc_text, json_stream, read_columns, read_conllu, read_germeval  # noqa: E402


def smartdata_v1_texts(path: Path) -> list[str]:
    """Document texts of a SmartData v1 JSON stream."""
    return [body for body in map(doc_text, json_stream(path)) if body]


def raw_texts(data: Path) -> list[str]:
    """The texts of every source, as running text (tokens joined by spaces)."""
    texts: list[str] = []
    for fname in ("train.json.gz", "test.json.gz"):
        texts.extend(smartdata_v1_texts(data / "smartdata-corpus" / "v1_20180119" / fname))
    for fname in ("NER-de-dev.tsv", "NER-de-test.tsv"):
        texts.extend(" ".join(w) for w, _ in read_germeval(data / "germeval2014-ner" / fname))
    for fname in ("train.conll2003", "dev.conll2003", "test.conll2003"):
        texts.extend(" ".join(w) for w, _ in read_columns(data / "mobie" / "v1_20210811" / fname, 0, -1))
    for fname in ("de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"):
        texts.extend(
            " ".join(r[1] for r in rows if "-" not in r[0]) for rows in read_conllu(data / "ud-german-gsd" / fname)
        )
    n = 0
    for path in sorted((data / "ler-legal-ner").glob("*.conll.gz")):
        for words, _ in read_columns(path, 0, -1, sep=" ", opener=gzip.open):
            n += 1
            if n % 4 == 0:
                texts.append(" ".join(words))
    return texts


def main() -> None:
    """Write the JSONL file and print how many texts and words it holds."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "corpus" / "raw.jsonl")
    args = ap.parse_args()
    texts = raw_texts(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for t in texts:
            if t.strip():
                fh.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(texts)} texts, {sum(len(t.split()) for t in texts)} words")


if __name__ == "__main__":
    main()
