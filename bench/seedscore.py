"""Score the pipeline on the seed articles, in process, field by field (the seed regression ratchet).

    python -m bench.seedscore                      # against seeds/expected (our reading)
    python -m bench.seedscore --gold ../shared/eval/seeds-gold
    python -m bench.seedscore --update-baseline    # raise seeds/baseline.json where figures improved

The metrics follow the definitions of the shared evaluation (../shared/eval/README.md): events paired within
their sentence by trigger overlap or type, lenient name matching for actors and places, strict types and date
values. Figures here and from score.py over HTTP should agree; score.py stays the reference.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "seeds" / "expected"
BASELINE = ROOT / "seeds" / "baseline.json"
COUNTRIES = ROOT / "service" / "nlp" / "data" / "countries.tsv"
STOPWORDS = {"der", "die", "das", "den", "dem", "des", "the", "of", "von", "und", "and"}
ENTITY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC"}
PRF_FIELDS = ("event", "event+type", "who", "whom", "where", "stance", "entities", "entities+type", "timex")
ACC_FIELDS = ("when", "negated", "timex value")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def row(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return f"{name:<15} P {p:.3f}  R {r:.3f}  F1 {self.f1:.3f}  (tp {self.tp}, fp {self.fp}, fn {self.fn})"


@dataclass
class Acc:
    ok: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.ok, self.n = self.ok + int(ok), self.n + 1

    @property
    def value(self) -> float:
        return self.ok / self.n if self.n else 0.0

    def row(self, name: str) -> str:
        return f"{name:<15} accuracy {self.value:.3f}  ({self.ok}/{self.n})"


@cache
def country_codes() -> dict[str, str]:
    """Lower-cased country names, adjectives and codes -> ISO3, from the service's own country table."""
    out: dict[str, str] = {}
    if not COUNTRIES.exists():
        return out
    with COUNTRIES.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            iso = (row.get("iso3") or "").strip()
            if not iso:
                continue
            out[iso.casefold()] = iso
            for key, value in row.items():
                if key and key != "iso3" and value and ("name" in key or key in ("de", "en", "names", "governments")):
                    for name in value.split("|"):
                        if name.strip():
                            out[name.strip().casefold()] = iso
    out.setdefault("us-regierung", "USA")  # the guidelines accept US-Regierung for USA
    return out


def name_tokens(name: str) -> frozenset[str]:
    s = unicodedata.normalize("NFKC", name or "").casefold().replace("ß", "ss")
    return frozenset(t for t in re.sub(r"[^\w]+", " ", s).split() if t not in STOPWORDS)


def same_name(gold: str, pred: dict | str, countries: bool) -> bool:
    name = pred if isinstance(pred, str) else (pred.get("name") or pred.get("text") or "")
    g, p = name_tokens(gold), name_tokens(name)
    if g and p and (g <= p or p <= g):
        return True
    if countries:
        iso = country_codes().get(re.sub(r"^(die|der|das|the)\s+", "", (gold or "").casefold().strip()))
        if iso and (
            country_codes().get(name.casefold().strip()) == iso
            or (isinstance(pred, dict) and pred.get("country") == iso)
        ):
            return True
    return False


def match_names(gold: list[str], pred: list, countries: bool) -> tuple[int, int, int]:
    left, tp = list(pred), 0
    for g in gold:
        for i, p in enumerate(left):
            if same_name(g, p, countries):
                tp += 1
                del left[i]
                break
    return tp, len(left), len(gold) - tp


def occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    if not needle:
        return []
    hi = len(text) if hi is None else hi
    out, i = [], text.find(needle, lo, hi)
    while i != -1:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1, hi)
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_of(d: dict | None) -> tuple[int, int] | None:
    return (d["start"], d["end"]) if isinstance(d, dict) and "start" in d else None


def type_ok(gold: dict, pred: dict) -> bool:
    return pred.get("type") in {gold.get("type"), *(gold.get("alt_types") or [])}


def pair_events(text: str, gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one pairing: same sentence, then trigger overlap and type, then a shared actor."""
    candidates = []
    for gi, g in enumerate(gold):
        sentences = occurrences(text, g.get("sentence") or "")
        gsent = sentences[0] if sentences else None
        triggers = occurrences(text, g.get("trigger") or "", *(gsent or (0, len(text))))
        for pi, p in enumerate(pred):
            psent, ptrig = span_of(p.get("sentence")), span_of(p.get("trigger"))
            if gsent and psent and not overlaps(gsent, psent):
                continue
            trigger_hit = bool(ptrig) and any(overlaps(ptrig, t) for t in triggers)
            if not (trigger_hit or type_ok(g, p)):
                continue
            who_hit = match_names(g.get("who") or [], p.get("who") or [], True)[0] > 0
            candidates.append((2 * trigger_hit + type_ok(g, p) + 0.5 * who_hit, gi, pi))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in sorted(candidates, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def response_stances(resp: dict) -> list[tuple[str, str]]:
    seen, out = set(), []
    items = list(resp.get("stances") or []) + [s for ev in resp.get("events") or [] for s in ev.get("stance") or []]
    for i, s in enumerate(items):
        holder = s.get("holder")
        name = (holder.get("name") if isinstance(holder, dict) else holder) or ""
        key = (name, s.get("polarity") or "", span_of(s.get("cue")) or i)
        if key not in seen:
            seen.add(key)
            out.append(key[:2])
    return out


def score_document(gold: dict, resp: dict, m: dict) -> None:
    text = gold["text"]
    gev, pev = gold.get("events") or [], resp.get("events") or []
    pairs = pair_events(text, gev, pev)
    m["event"].add(len(pairs), len(pev) - len(pairs), len(gev) - len(pairs))
    typed = sum(type_ok(g, p) for g, p in pairs)
    m["event+type"].add(typed, len(pev) - typed, len(gev) - typed)
    paired_g, paired_p = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
    for role, countries in (("who", True), ("whom", True), ("where", False)):
        for g, p in pairs:
            m[role].add(*match_names(g.get(role) or [], p.get(role) or [], countries))
        m[role].add(0, 0, sum(len(g.get(role) or []) for g in gev if id(g) not in paired_g))
        m[role].add(0, sum(len(p.get(role) or []) for p in pev if id(p) not in paired_p), 0)
    for g, p in pairs:
        m["negated"].add(bool(g.get("negated")) == bool(p.get("negated")))
        if g.get("when"):
            when = p.get("when")
            m["when"].add((when or {}).get("value") == g["when"])

    left, tp = response_stances(resp), 0
    gold_stances = gold.get("stance") or []
    for s in gold_stances:
        for i, (holder, polarity) in enumerate(left):
            if polarity == s.get("polarity") and same_name(s.get("holder") or "", holder, True):
                tp += 1
                del left[i]
                break
    m["stance"].add(tp, len(left), len(gold_stances) - tp)

    gents = [(n, t) for t, names in (gold.get("entities") or {}).items() for n in names]
    pents = [(a.get("name") or "", ENTITY_TYPES.get(a.get("type"), "")) for a in resp.get("actors") or []]
    pents += [(pl.get("name") or "", "LOC") for pl in resp.get("places") or []]
    left, tp, ttp = list(pents), 0, 0
    for name, etype in gents:
        for i, (pname, ptype) in enumerate(left):
            if same_name(name, pname, False):
                tp, ttp = tp + 1, ttp + (etype == ptype)
                del left[i]
                break
    m["entities"].add(tp, len(left), len(gents) - tp)
    m["entities+type"].add(ttp, len(pents) - ttp, len(gents) - ttp)

    times = [(span_of(t), t.get("value")) for t in resp.get("times") or []]
    used, tp = set(), 0
    for tx in gold.get("timexes") or []:
        occ = occurrences(text, tx.get("text") or "")
        for i, (s, value) in enumerate(times):
            if i not in used and s and any(overlaps(s, o) for o in occ):
                used.add(i)
                tp += 1
                m["timex value"].add(value == tx.get("value"))
                break
        else:
            m["timex value"].add(False)
    m["timex"].add(tp, len(times) - tp, len(gold.get("timexes") or []) - tp)


def figures(m: dict) -> dict[str, float]:
    out = {k: round(m[k].f1, 4) for k in PRF_FIELDS}
    out.update({k: round(m[k].value, 4) for k in ACC_FIELDS})
    out["event-score"] = round((out["event+type"] + out["who"] + out["where"] + out["when"] + out["stance"]) / 5, 4)
    return out


def score(nlp, gold_dir: Path = EXPECTED) -> tuple[dict[str, float], list[str]]:
    """Run the pipeline on every gold article; return the figures and printable rows."""
    from schemas.requests import parse_reference_date
    from service.extract import Article, extract

    m: dict = {k: PRF() for k in PRF_FIELDS} | {k: Acc() for k in ACC_FIELDS}
    files = sorted(gold_dir.glob("*.json"))
    for f in files:
        gold = json.loads(f.read_text(encoding="utf-8"))
        published = parse_reference_date(gold["published"]) if gold.get("published") else None
        resp = extract(nlp, Article(gold["text"], published, "de", gold.get("id")))
        score_document(gold, resp, m)
    rows = [m[k].row(k) for k in PRF_FIELDS] + [m[k].row(k) for k in ACC_FIELDS]
    result = figures(m)
    rows.append(f"EVENT-SCORE {result['event-score']:.3f}  ({len(files)} documents from {gold_dir})")
    return result, rows


def baseline_section(gold_dir: Path) -> str:
    """Our own reading and the shared gold each have their own ratchet."""
    return "expected" if gold_dir.resolve() == EXPECTED.resolve() else "shared-gold"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=EXPECTED)
    parser.add_argument("--model", default=None, help="base pipeline (default: the shipped model)")
    parser.add_argument("--update-baseline", action="store_true", help="raise seeds/baseline.json where better")
    args = parser.parse_args()
    from service.nlp.pipeline import load_pipeline

    result, rows = score(load_pipeline(args.model), args.gold)
    print("\n".join(rows))
    if args.update_baseline:
        section = baseline_section(args.gold)
        baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        old = baseline.get(section, {})
        baseline[section] = {k: max(v, old.get(k, 0.0)) for k, v in result.items()}
        BASELINE.write_text(json.dumps(baseline, indent=1) + "\n")
        print(f"baseline section {section!r} written to {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
