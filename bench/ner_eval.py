"""Benchmarks the shipped German pipeline: NER on held-out Europarl and UNER German-PUD, treebank scores, speed.

Run: python bench/ner_eval.py [--model models/de_news_events] [--json out.json] [--skip-speed]

NER is scored by exact span match (start, end, label), micro-averaged, on the gold tokenization:
- Europarl (IXA, CoNLL labels PER/LOC/ORG/MISC): all four labels are scored.
- UNER German-PUD (PER/LOC/ORG only): predicted MISC spans are dropped before scoring, since the gold has no
  MISC; PER/LOC/ORG are scored as they are.
Variants: "model" = the statistical pipeline alone; "rules" = blank German + news_entity_ruler only;
"model+rules" = the full pipeline (ruler before ner, as the service runs it); "model+rules-inst" = the full
pipeline without the institutions.tsv list (Kommission, Regierung ...), to show what that choice gives;
"model+rules+world" = the full pipeline plus world_places.tsv (GeoNames cities and regions; off by default).
Treebank: the held-out part of UD German GSD (every sentence i with i % 10 in {0, 5}, see training/convert.py):
POS, STTS tag, morphology, UAS, LAS, sentence F, lemma accuracy (GSD lemmas are automatic).
Speed: words per second on one thread for the service's whole pipeline over the seed articles, repeated.
Without ../shared/data (or with a missing model) it prints why and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.training import Example  # noqa: E402

from training.convert import bio_spans, read_columns  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
LABELS = ("PER", "ORG", "LOC", "MISC")


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Exact (start, end, label) spans from IOB2 tags, read as the training converter reads them."""
    return set(bio_spans(tags))


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall, F1 rounded to 3 places."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f": round(f, 3), "n_gold": tp + fn}


def ner_counts(nlp, sents, keep_labels: tuple[str, ...]) -> tuple[Counter, Counter, Counter]:
    """True positives, false positives and false negatives per label of nlp over gold-tokenized sentences."""
    tp, fp, fn = Counter(), Counter(), Counter()
    docs = (Doc(nlp.vocab, words=w) for w, _ in sents)
    for doc, (_, tags) in zip(nlp.pipe(docs, batch_size=64), sents, strict=True):
        gold = {s for s in gold_spans(tags) if s[2] in keep_labels}
        pred = {(e.start, e.end, e.label_) for e in doc.ents if e.label_ in keep_labels}
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    return tp, fp, fn


def overall(tp: Counter, fp: Counter, fn: Counter) -> dict[str, float]:
    """Micro P/R/F1 over all labels."""
    return prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))


def score_ner(nlp, sents, keep_labels: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Per-label and overall P/R/F1 of nlp over gold-tokenized sentences."""
    tp, fp, fn = ner_counts(nlp, sents, keep_labels)
    out = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in keep_labels}
    out["ALL"] = overall(tp, fp, fn)
    return out


def ner_variants(model: str) -> dict[str, spacy.Language]:
    """The pipelines compared: model alone, rules alone, model with rules (with and without institutions)."""
    import service.nlp.ruler  # noqa: F401  (registers the factory)
    from service.nlp.pipeline import load_base  # the service's base: the model plus sentence splitting

    def with_rules(**ruler_config) -> spacy.Language:
        nlp = load_base(model)
        nlp.add_pipe("news_entity_ruler", before="ner", config=ruler_config)
        nlp.add_pipe("news_entity_filter", after="ner")
        return nlp

    model_only = load_base(model)
    full = with_rules()
    no_inst = with_rules(use_institutions=False)
    world = with_rules(use_world_places=True)
    rules = spacy.blank("de")
    rules.add_pipe("sentencizer")
    rules.add_pipe("news_entity_ruler")
    return {
        "model": model_only,
        "rules": rules,
        "model+rules": full,
        "model+rules-inst": no_inst,
        "model+rules+world": world,
    }


def ner_bench(model: str) -> dict:
    """NER figures on both held-out sets for every variant."""
    europarl = read_columns(SHARED / "europarl-ner-ixa" / "de-europarl.test.conll02", 0, 1)
    uner = read_columns(SHARED / "uner-german-pud" / "de_pud-ud-test.iob2", 1, 2, comments=True)
    results = {}
    for name, nlp in ner_variants(model).items():
        results[name] = {
            "europarl": score_ner(nlp, europarl, LABELS),
            "uner_pud": score_ner(nlp, uner, ("PER", "ORG", "LOC")),
        }
    return results


def treebank_bench(model: str) -> dict:
    """POS/tag/morph/UAS/LAS/sentences/lemma on the held-out GSD part."""
    sys.path.insert(0, str(ROOT / "training"))
    from convert import UD_GROUP, conllu_doc, read_conllu  # type: ignore[import-not-found]

    from service.nlp.pipeline import load_base

    nlp = load_base(model)  # with the service's sentence splitting, so that sentence F is scored too
    rows = []
    for fname in ("de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"):
        rows.extend(read_conllu(SHARED / "ud-german-gsd" / fname))
    sents = [conllu_doc(nlp.vocab, r) for i, r in enumerate(rows) if i % 10 in (0, 5)]
    # grouped as in training, so that sentence boundaries are scored too
    held = [Doc.from_docs(sents[k : k + UD_GROUP]) for k in range(0, len(sents), UD_GROUP)]
    examples = [
        Example(Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]), g) for g in held
    ]
    scores = nlp.evaluate(examples)
    keys = ("pos_acc", "tag_acc", "morph_acc", "dep_uas", "dep_las", "sents_f", "lemma_acc")
    out = {k: round(float(scores[k]), 3) for k in keys if scores.get(k) is not None}
    out["n_sentences"] = len(sents)
    out["n_tokens"] = sum(len(d) for d in held)
    return out


def speed_bench(model: str, repeat: int = 20) -> dict:
    """Words per second of the service's whole pipeline (one thread) over the seed articles repeated."""
    from service.nlp.pipeline import analyze, load_pipeline

    texts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts.append("\n".join(lines[1:]).strip())
    out = {}
    for name, nlp in (("base model", spacy.load(model)), ("service pipeline", load_pipeline(model))):
        for t in texts[:1]:
            analyze(nlp, t) if name == "service pipeline" else nlp(t)  # warm-up
        words, start = 0, time.perf_counter()
        for _ in range(repeat):
            for t in texts:
                doc = analyze(nlp, t) if name == "service pipeline" else nlp(t)
                words += sum(1 for tok in doc if not tok.is_space)
        out[name] = round(words / (time.perf_counter() - start))
    out["words_per_pass"] = words // repeat
    return out


def print_ner(results: dict) -> None:
    """A compact table of the NER results."""
    print("\nNER (exact span match, micro F1; UNER without MISC)")
    print(f"{'variant':18} {'set':9} " + " ".join(f"{lab:>16}" for lab in (*LABELS, "ALL")))
    for variant, sets in results.items():
        for name, scores in sets.items():
            cells = []
            for lab in (*LABELS, "ALL"):
                s = scores.get(lab)
                cells.append(f"{s['p']:.2f}/{s['r']:.2f}/{s['f']:.2f}" if s else "-")
            print(f"{variant:18} {name:9} " + " ".join(f"{c:>16}" for c in cells))


def main() -> None:
    """CLI entry: prints the figures, optionally writes them as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "de_news_events"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-treebank", action="store_true")
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found (the held-out test sets live there)")
        return
    if not Path(args.model).exists():
        print(f"skipped: model {args.model} not found (build it with training/build.sh)")
        return
    results: dict = {"model": args.model, "ner": ner_bench(args.model)}
    print_ner(results["ner"])
    if not args.skip_treebank:
        results["treebank"] = treebank_bench(args.model)
        print("\nTreebank (held-out UD German GSD part):", json.dumps(results["treebank"]))
    if not args.skip_speed:
        results["speed_words_per_s"] = speed_bench(args.model)
        print("\nSpeed (one thread, seed articles x20):", json.dumps(results["speed_words_per_s"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
