"""Score the pipeline in process on a gold folder with the shared reference scorer, and print recall per type.

    python -m bench.devgold                                   # ../shared/eval/dev-gold
    python -m bench.devgold --gold ../shared/eval/seeds-gold --save /tmp/answers
    python -m bench.devgold --json figures.json

The figures are score.py's own (it is imported from ../shared/eval, not copied), computed on the responses
`extract()` gives, so they equal what `score.py --url` reports for a service started with `make run`. Needs
../shared; without it the script says so and exits 2.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "AID", "COOPERATE", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "MOBILIZE", "ASSAULT",
)  # fmt: skip


def reference_scorer() -> ModuleType:
    """../shared/eval/score.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("shared_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def responses(nlp, golds: list[dict]) -> list[dict]:
    """The service's answer for each gold article, as score.py would POST it."""
    from schemas.requests import parse_reference_date
    from service.extract import Article, extract

    out = []
    for gold in golds:
        published = parse_reference_date(gold["published"]) if gold.get("published") else None
        out.append(extract(nlp, Article(gold["text"], published, gold.get("language") or "de", gold["id"])))
    return out


def per_type(score: ModuleType, golds: list[dict], answers: list[dict]) -> dict[str, dict[str, int]]:
    """Per PLOVER type: gold events, those found with an accepted type, and answered events of the type."""
    table = {t: collections.Counter() for t in TYPES}
    for gold, resp in zip(golds, answers, strict=True):
        for g, p in score.pair_events(gold["text"], gold.get("events") or [], resp.get("events") or []):
            if score.type_ok(g, p):
                table.setdefault(g["type"], collections.Counter())["found"] += 1
                table.setdefault(p.get("type"), collections.Counter())["right"] += 1
        for g in gold.get("events") or []:
            table.setdefault(g["type"], collections.Counter())["gold"] += 1
        for p in resp.get("events") or []:
            table.setdefault(p.get("type"), collections.Counter())["answered"] += 1
    return table


def figures(score: ModuleType, golds: list[dict], answers: list[dict]) -> dict:
    """score.py's metrics over all documents, as its --json prints them."""
    names = ["event", "event+type", "who", "whom", "where", "stance", "entities", "entities+type", "timex"]
    m: dict = {k: score.PRF() for k in names}
    m.update({"when": score.Acc(), "negated": score.Acc(), "timex value": score.Acc()})
    for gold, resp in zip(golds, answers, strict=True):
        score.score_doc(gold, resp, m)
    out = {k: {"p": v.p, "r": v.r, "f1": v.f} if isinstance(v, score.PRF) else {"accuracy": v.a} for k, v in m.items()}
    headline = (m["event+type"].f + m["who"].f + m["where"].f + m["when"].a + m["stance"].f) / 5
    out["event_score"] = round(headline, 4)
    out["rows"] = [m[k].row(k) for k in names] + [m[k].row(k) for k in ("when", "negated", "timex value")]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=EVAL / "dev-gold")
    parser.add_argument("--model", default=None, help="base pipeline (default: the shipped model)")
    parser.add_argument("--save", type=Path, help="write each response to DIR/<id>.json")
    parser.add_argument("--json", type=Path, help="write the figures and the per-type table to this file")
    args = parser.parse_args()
    if not (EVAL / "score.py").exists() or not args.gold.is_dir():
        print(f"needs ../shared/eval (score.py and {args.gold}); absent on this machine", file=sys.stderr)
        return 2
    from service.nlp.pipeline import load_pipeline

    score = reference_scorer()
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(args.gold.glob("*.json"))]
    nlp = load_pipeline(args.model)
    t0 = time.perf_counter()
    answers = responses(nlp, golds)
    seconds = time.perf_counter() - t0
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for gold, resp in zip(golds, answers, strict=True):
            path = args.save / f"{gold['id']}.json"
            path.write_text(json.dumps(resp, ensure_ascii=False, indent=1), encoding="utf-8")
    result = figures(score, golds, answers)
    table = per_type(score, golds, answers)
    print(f"{len(golds)} documents from {args.gold}, {seconds:.1f} s in extract()")
    print("\n".join(result.pop("rows")))
    print(f"EVENT-SCORE {result['event_score']:.3f}")
    print(f"\n{'type':<10} {'gold':>5} {'found':>6} {'recall':>7} {'answered':>9} {'precision':>10}")
    for etype, c in sorted(table.items(), key=lambda kv: str(kv[0])):
        recall = c["found"] / c["gold"] if c["gold"] else 0.0
        precision = c["right"] / c["answered"] if c["answered"] else 0.0
        print(f"{etype!s:<10} {c['gold']:>5} {c['found']:>6} {recall:>7.2f} {c['answered']:>9} {precision:>10.2f}")
    if args.json:
        result["per_type"] = {str(k): dict(v) for k, v in table.items()}
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
