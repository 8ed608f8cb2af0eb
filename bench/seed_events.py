"""Scores events, who, whom, where, when, negation and stance on the gold seeds, in process, with score.py's own code.

    OMP_NUM_THREADS=1 python -m bench.seed_events [--gold ../shared/eval/seeds-gold] [--model blank] [-v]

score.py is imported by path from ../shared/eval (never copied), so the figures match what it reports over HTTP.
-v prints, per article, the gold events and the predicted events side by side for error analysis.
--oracle-actors fills empty doc._.actors / doc._.places from the gold entity names (string search), to measure
argument linking apart from actor recognition; figures with it are NOT the service's figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def load_score():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


ORACLE: dict = {}


def oracle_component(doc):
    """Dev aid: actors and places from the gold entity names, when the real components found none."""
    import re

    from service.nlp import records

    ents = ORACLE.get("entities") or {}
    if records.get(doc, "actors") and records.get(doc, "places"):
        return doc
    actors, places = [], []
    text = doc.text
    for etype, names in ents.items():
        for name in names:
            forms = {name}
            if etype == "PER":
                forms.add(name.split()[-1])
            if name == "USA":
                forms |= {"US", "Amerika", "Washington"}
            if name == "NATO":
                forms.add("Nato")
            if name == "Russland":
                forms |= {"russisch", "Moskau", "Kreml"}
            mentions = []
            for form in forms:
                for m in re.finditer(r"(?<![\w])" + re.escape(form), text):
                    end = m.end()
                    while end < len(text) and text[end].isalpha():
                        end += 1
                    mentions.append(records.Mention.of(doc, m.start(), end if form != "US" else m.end()))
            if not mentions:
                continue
            mentions.sort(key=lambda x: x.start)
            atype = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}[etype]
            actors.append(records.Actor(f"a{len(actors) + 1}", name, atype, mentions=mentions))
            if etype == "LOC":
                places.append(records.Place(f"p{len(places) + 1}", name, mentions=mentions))
    if not records.get(doc, "actors"):
        doc._.actors = actors
    if not records.get(doc, "places"):
        doc._.places = places
    return doc


def show(gold: dict, resp: dict) -> None:
    print(f"===== {gold['id']}")
    for g in gold.get("events") or []:
        neg = " NEG" if g.get("negated") else ""
        print(f"  G {g['type']:<9} {g['trigger']!r:<24} who={g.get('who')} whom={g.get('whom')}{neg}")
    for e in resp.get("events") or []:
        neg = " NEG" if e.get("negated") else ""
        who = [w.get("name") for w in e.get("who") or []]
        whom = [w.get("name") for w in e.get("whom") or []]
        print(
            f"  P {e['type']:<9} {e['trigger']['text']!r:<24} who={who} whom={whom}{neg}",
            e.get("modality", ""),
            e["confidence"],
        )
    for s in gold.get("stance") or []:
        print(f"  GS {s['holder']} {s['polarity']} {s['cue']!r}")
    items = list(resp.get("stances") or [])
    for e in resp.get("events") or []:
        items.extend(e.get("stance") or [])
    seen = set()
    for s in items:
        key = (json.dumps(s.get("holder"), sort_keys=True), s.get("polarity"), json.dumps(s.get("cue")))
        if key in seen:
            continue
        seen.add(key)
        h = s.get("holder")
        print(
            f"  PS {h.get('name') if isinstance(h, dict) else h} {s.get('polarity')} {s.get('cue', {}).get('text')!r}"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED_EVAL / "seeds-gold")
    ap.add_argument("--model", default=os.environ.get("NEWS_EVENTS_MODEL") or None)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--oracle-actors", action="store_true", help="dev aid: gold entity names as actors")
    args = ap.parse_args()
    if not (SHARED_EVAL / "score.py").exists():
        print(f"no score.py in {SHARED_EVAL}", file=sys.stderr)
        return 2
    score = load_score()
    sys.path.insert(0, str(ROOT))
    from service.extract import Article, extract
    from service.nlp.pipeline import load_pipeline

    nlp = load_pipeline(args.model)
    if args.oracle_actors:
        from spacy.language import Language

        Language.component("bench_oracle_actors", func=oracle_component)
        nlp.add_pipe("bench_oracle_actors", before="news_events")
    names = ["event", "event+type", "who", "whom", "where", "stance"]
    m: dict = {k: score.PRF() for k in names}
    m.update({"when": score.Acc(), "negated": score.Acc()})
    for f in sorted(args.gold.glob("*.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        ORACLE["entities"] = gold.get("entities")
        resp = extract(nlp, Article(gold["text"], parse_date(gold.get("published")), "de", gold["id"]))
        m.setdefault("entities", score.PRF())
        m.setdefault("entities+type", score.PRF())
        m.setdefault("timex", score.PRF())
        m.setdefault("timex value", score.Acc())
        score.score_doc(gold, resp, m)
        if args.verbose:
            show(gold, resp)
    for k in names + ["entities", "timex"]:
        print(m[k].row(k))
    for k in ("when", "negated"):
        print(m[k].row(k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
