"""Dependency parse of a base pipeline on held-out treebank sentences: UAS and LAS on UD German-PUD.

    python -m bench.parser_eval                         # the shipped model
    python -m bench.parser_eval --model DIR --json out.json

UD German-PUD (1,000 sentences of news and Wikipedia, translated) is never trained on (training/convert.py does not
read it), so it is the held-out test set of the parser; the held-out part of UD German GSD (i % 10 in {0, 5}) is
scored too, but the parser is trained on it (see models/MODEL_CARD.md). Tokens are the gold ones (a multiword
token such as "zum" is one token with the head of its attaching word, as in training). Scores are spaCy's: UAS and
LAS over all tokens but punctuation. GSD and PUD label some relations with different subtypes (acl vs acl:relcl,
flat vs flat:name, obl vs obl:tmod), so LAS is also given on the universal relation alone (`las_base`, subtype cut
off on both sides). The pipeline runs as the service loads it (load_base: with its sentence splitting).
Without ../shared/data it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


def _base(label: str) -> str:
    return label.split(":")[0].lower()


def score(nlp, gold_docs) -> dict:
    """UAS, LAS and LAS on the universal relation (punctuation excluded), over gold-tokenized Docs."""
    from spacy.tokens import Doc

    n = uas = las = las_base = 0
    preds = nlp.pipe(
        Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]) for g in gold_docs
    )
    for gold, pred in zip(gold_docs, preds, strict=True):
        for g, p in zip(gold, pred, strict=True):
            if g.dep_.lower() in ("punct", "p"):
                continue
            n += 1
            if p.head.i == g.head.i:
                uas += 1
                las += p.dep_.lower() == g.dep_.lower()
                las_base += _base(p.dep_) == _base(g.dep_)
    return {"uas": round(uas / n, 3), "las": round(las / n, 3), "las_base": round(las_base / n, 3), "tokens": n}


def treebank(path_names: list[Path], vocab, keep=lambda i: True) -> list:
    from training.convert import conllu_doc, read_conllu

    rows = []
    for p in path_names:
        rows.extend(read_conllu(p))
    return [conllu_doc(vocab, r) for i, r in enumerate(rows) if keep(i)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "de_news_events"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found (the treebanks live there)")
        return 0
    from service.nlp.pipeline import load_base

    nlp = load_base(args.model)
    if not nlp.has_pipe("parser"):
        print(f"{args.model} has no parser")
        return 0
    pud = treebank([SHARED / "ud-german-pud" / "de_pud-ud-test.conllu"], nlp.vocab)
    gsd = treebank(
        [SHARED / "ud-german-gsd" / f for f in ("de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu")],
        nlp.vocab,
        keep=lambda i: i % 10 in (0, 5),
    )
    out = {"model": args.model, "pud": score(nlp, pud), "gsd_heldout_part": score(nlp, gsd)}
    print(json.dumps(out))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
