"""Scores the full pipeline on our own NER dev split, per corpus part: the figure candidate models are chosen by.

Run: python bench/ner_dev.py [--model models/de_news_events] [--corpus training/corpus]

The dev split is what training/convert.py holds out (sentence i of each split corpus with i % 10 == 3), in the
order of convert.SPLIT_CORPORA; the part sizes come from the corpus folder's counts.json. The pipeline is the
service's: load_base + news_entity_ruler before the NER + news_entity_filter after it. Exact span match, micro
P/R/F1. `make model` or `python training/convert.py --out DIR` writes the corpus folder; without it (or without
the model) this prints why and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc, DocBin  # noqa: E402

from bench.ner_eval import LABELS, ner_counts, overall  # noqa: E402
from training.convert import SPLIT_CORPORA, split_ner  # noqa: E402


def dev_parts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(corpus, number of dev sentences) in the order the dev file holds them."""
    return [(name, len(split_ner(range(counts[name]))[1])) for name in SPLIT_CORPORA]


def iob_tags(doc: Doc) -> list[str]:
    """The Doc's entities as IOB2 tags (missing annotation counts as O: it holds no gold entity)."""
    return [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]


def score_parts(nlp, dev: list[Doc], parts: list[tuple[str, int]]) -> dict[str, dict[str, float]]:
    """P/R/F1 per corpus part and over all parts ("ALL"), counted as bench/ner_eval.py counts the test sets."""
    out, totals, start = {}, (Counter(), Counter(), Counter()), 0
    for name, n in parts:
        sents = [([t.text for t in d], iob_tags(d)) for d in dev[start : start + n]]
        start += n
        counts = ner_counts(nlp, sents, LABELS)
        out[name] = overall(*counts)
        for total, part in zip(totals, counts, strict=True):
            total.update(part)
    out["ALL"] = overall(*totals)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "de_news_events"))
    ap.add_argument("--corpus", type=Path, default=ROOT / "training" / "corpus")
    args = ap.parse_args()
    dev_file, counts_file = args.corpus / "ner-dev.spacy", args.corpus / "counts.json"
    if not dev_file.exists() or not counts_file.exists():
        print(f"ner_dev: {dev_file} or {counts_file} missing; write them with `python training/convert.py`")
        return
    import service.nlp.ruler  # noqa: F401  (registers the ruler and filter factories)
    from service.nlp.pipeline import ModelError, load_base

    try:
        nlp = load_base(args.model)
    except ModelError as exc:
        print(f"ner_dev: {exc}")
        return
    nlp.add_pipe("news_entity_ruler", before="ner")
    nlp.add_pipe("news_entity_filter", after="ner")
    dev = list(DocBin().from_disk(dev_file).get_docs(nlp.vocab))
    parts = dev_parts(json.loads(counts_file.read_text()))
    if sum(n for _, n in parts) != len(dev):
        print(f"ner_dev: counts.json gives {sum(n for _, n in parts)} dev sentences, the dev file holds {len(dev)}")
        return
    results = score_parts(nlp, dev, parts)
    for name, r in results.items():
        print(f"{name:14} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f']:.3f}  ({r['n_gold']} gold)")


if __name__ == "__main__":
    main()
