"""Converts the openly licensed corpora in ../shared/data to spaCy DocBin files, with fixed train/dev/test splits.

Run: python training/convert.py [--data ../shared/data] [--out training/corpus]

NER label mapping (documented in models/MODEL_CARD.md):
- GermEval 2014 (outer column): PER, LOC, ORG as is; OTH -> MISC; *deriv (e.g. "deutsche") -> MISC, the
  CoNLL convention for adjectives derived from names; *part (e.g. "EU-Mitgliedstaaten") -> O, as CoNLL does
  not mark names inside compounds.
- MobIE / SmartData: person -> PER; location, location-city, location-street -> LOC; organization,
  organization-company -> ORG; location-stop / location-route (bus stops, lines) are marked *missing* (neither
  entity nor O) so they teach nothing either way; dates, triggers etc. -> O.
- LER (legal): PER/RR/AN -> PER; LD/ST/STR/LDS -> LOC; ORG/UN/INN/GRT/MRK -> ORG; norms, decisions and
  literature (GS, VO, EUN, VS, VT, RS, LIT) -> missing. Only a sample is used, to keep the legal domain small.
- SmartData v1 (German news, character offsets, no tokens): the documents v3 dev/test do not hold, tokenized and
  split by spaCy, mapped like v3; mentions off token boundaries or starting lower case -> missing. Train only.
- Europeana Newspapers (CC0, historical OCR, no sentence breaks): the LFT and SBB parts, cut at . ! ? (at most
  60 tokens); PER/LOC/ORG as is; lower-case -isch adjectives -> missing (it has no MISC). Train only.

Splits are deterministic by sentence index (no randomness): for NER sentence i goes to dev when i % 10 == 3,
else train; for the UD GSD treebank (dev+test files concatenated) i % 10 in {0, 5} -> held-out test,
i % 10 == 3 -> dev, else train; treebank sentences are joined six to a Doc so the parser learns sentence
boundaries. Europarl NER and UNER German-PUD are never read here (they are test sets).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

ROOT = Path(__file__).resolve().parents[1]

GERMEVAL_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
DFKI_MAP = {
    "person": "PER",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "organization": "ORG",
    "organization-company": "ORG",
}
DFKI_MISSING = {"location-stop", "location-route"}
LER_MAP = {
    **dict.fromkeys(["PER", "RR", "AN"], "PER"),
    **dict.fromkeys(["LD", "ST", "STR", "LDS"], "LOC"),
    **dict.fromkeys(["ORG", "UN", "INN", "GRT", "MRK"], "ORG"),
}
LER_MISSING = {"GS", "VO", "EUN", "VS", "VT", "RS", "LIT"}
UD_GROUP = 6  # consecutive treebank sentences joined into one training Doc
EUROPEANA_FILES = ("enp_DE.lft.bio", "enp_DE.sbb.bio")  # the 18th-century ONB part is left out
EUROPEANA_MAX = 60
DERIV_ADJ = re.compile(
    r"^[a-zäöü]{3,}sch(e[mnrs]?)?$"
)  # deutsche, österreichischen: MISC elsewhere, unknown here  # no sentence breaks in the files: cut at . ! ? or here
SMARTDATA_V3 = ("dev.json.gz", "test.json.gz")  # v3 train is not available here
LER_SAMPLE_EVERY = 12  # every 12th LER sentence: about 5,500 legal sentences next to about 16,000 others


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, raw label) spans from IOB2/IOB1 tags; an I- without a B- starts a span."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        if prefix == "I" and label == lab:
            continue
        if label is not None:
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and lab:
            start, label = i, lab
    return spans


def make_ner_doc(vocab, words: list[str], spans: list[tuple[int, int, str]], mapping, missing_labels) -> Doc:
    """A Doc with mapped entities; unmapped-but-known labels become missing annotation, the rest O."""
    doc = Doc(vocab, words=words)
    ents, missing = [], []
    for start, end, raw in spans:
        lab = mapping(raw) if callable(mapping) else mapping.get(raw)
        if lab:
            ents.append(Span(doc, start, end, label=lab))
        elif raw in missing_labels:
            missing.append(Span(doc, start, end))
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


def read_germeval(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of (words, outer tags) from a GermEval 2014 TSV file."""
    return read_columns(path, 1, 2, comments=True)


def germeval_label(raw: str) -> str | None:
    """GermEval label -> coarse label: deriv -> MISC, part -> O."""
    if raw.endswith("part"):
        return None
    if raw.endswith("deriv"):
        return "MISC"
    return GERMEVAL_MAP.get(raw)


def read_columns(
    path: Path, word_col: int, tag_col: int, sep: str = "\t", comments: bool = False, opener=open
) -> list[tuple[list[str], list[str]]]:
    """Sentences of (words, tags) from a CoNLL-style token-per-line file, a blank line between sentences.
    comments=True skips '#' lines: only for files whose token lines start with an index (GermEval, UNER), since
    elsewhere '#' can be a token."""
    sents, words, tags = [], [], []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if comments and line.startswith("#"):
                continue
            if not line.strip() or line.startswith("-DOCSTART-"):
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            cols = line.split(sep)
            words.append(cols[word_col])
            tags.append(cols[tag_col])
    if words:
        sents.append((words, tags))
    return sents


def json_stream(path: Path) -> Iterator[dict]:
    """The documents of a gzip'd SmartData file: pretty-printed JSON objects one after another, no array."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    dec, i = json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        obj, i = dec.raw_decode(text, i)
        yield obj


def doc_text(obj: dict) -> str:
    """A SmartData document's text (v3 wraps it in {"string": ...})."""
    body = obj.get("text") or ""
    return body.get("string") or "" if isinstance(body, dict) else body


def read_smartdata(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of (words, BIO tags) from a SmartData v3 stream of pretty-printed JSON documents."""
    sents = []
    for obj in json_stream(path):
        body = doc_text(obj)
        for sent in obj["sentences"]["array"]:
            toks = sent["tokens"]["array"]
            words = [body[t["span"]["start"] : t["span"]["end"]] for t in toks]
            tags = [
                t["ner"]["string"].replace("_", "-").lower().replace("b-", "B-", 1).replace("i-", "I-", 1) for t in toks
            ]
            keep = [k for k, w in enumerate(words) if w.strip()]
            if keep:
                sents.append(([words[k] for k in keep], [tags[k] for k in keep]))
    return sents


def read_europeana(path: Path) -> list[tuple[list[str], list[str]]]:
    """Pseudo-sentences of (words, tags) from a Europeana newspaper IOB file (no sentence breaks, OCR noise)."""
    sents, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split(" ")
        if line.startswith("#") or len(cols) != 2:
            continue
        prefix, _, label = cols[1].partition("-")
        label = label.upper()
        words.append(cols[0])
        tags.append(f"{prefix}-{label}" if prefix in ("B", "I") and label in ("PER", "LOC", "ORG") else "O")
        if (cols[0] in (".", "!", "?") or len(words) >= EUROPEANA_MAX) and tags[-1] == "O":
            sents.append((words, tags))
            words, tags = [], []
    if words:
        sents.append((words, tags))
    return sents


def smartdata_v1_docs(data: Path, nlp, skip_ids: set[str]) -> list[Doc]:
    """Sentences of the SmartData v1 documents that v3 dev/test do not hold, with their character-offset mentions
    mapped like v3. v1 has no tokens: spaCy's tokenizer and sentencizer make them; a mention that does not fall on
    token boundaries, or starts lower case (an adjective such as "deutschen"), is marked missing, not O."""
    sentencizer = nlp.get_pipe("sentencizer") if nlp.has_pipe("sentencizer") else nlp.add_pipe("sentencizer")
    out = []
    for fname in ("train.json.gz", "test.json.gz"):
        for obj in json_stream(data / "smartdata-corpus" / "v1_20180119" / fname):
            if obj["id"] in skip_ids:
                continue
            doc = sentencizer(nlp.make_doc(doc_text(obj)))
            ents, missing = [], []
            for m in obj["conceptMentions"]["array"]:
                label = DFKI_MAP.get(m["type"])
                if label is None and m["type"] not in DFKI_MISSING:
                    continue
                span = doc.char_span(m["span"]["start"], m["span"]["end"], alignment_mode="expand")
                if span is None:
                    continue
                exact = span.start_char == m["span"]["start"] and span.end_char == m["span"]["end"]
                if label and exact and span.text[:1].isupper():
                    ents.append(Span(doc, span.start, span.end, label=label))
                else:
                    missing.append(span)
            ents = filter_spans(ents)
            missing = [s for s in missing if not any(s.start < e.end and e.start < s.end for e in ents)]
            doc.set_ents(ents, missing=filter_spans(missing), default="outside")
            out.extend(sent.as_doc() for sent in doc.sents if any(not t.is_space for t in sent))
    return out


def split_ner(docs: list[Doc]) -> tuple[list[Doc], list[Doc]]:
    """Deterministic train/dev split by index."""
    train = [d for i, d in enumerate(docs) if i % 10 != 3]
    dev = [d for i, d in enumerate(docs) if i % 10 == 3]
    return train, dev


def germeval_docs(data: Path, nlp) -> list[Doc]:
    """GermEval 2014 dev + test (its train split is not available here)."""
    return [
        make_ner_doc(nlp.vocab, words, bio_spans(tags), germeval_label, set())
        for fname in ("NER-de-dev.tsv", "NER-de-test.tsv")
        for words, tags in read_germeval(data / "germeval2014-ner" / fname)
    ]


def mobie_docs(data: Path, nlp) -> list[Doc]:
    """MobIE train + dev + test (tab-separated columns: token, STTS, chunk, BIO label)."""
    return [
        make_ner_doc(nlp.vocab, words, bio_spans(tags), DFKI_MAP, DFKI_MISSING)
        for fname in ("train.conll2003", "dev.conll2003", "test.conll2003")
        for words, tags in read_columns(data / "mobie" / "v1_20210811" / fname, 0, -1)
    ]


def smartdata_v3_docs(data: Path, nlp) -> list[Doc]:
    """SmartData v3 dev + test (its train split is not available here)."""
    return [
        make_ner_doc(nlp.vocab, words, bio_spans(tags), DFKI_MAP, DFKI_MISSING)
        for fname in SMARTDATA_V3
        for words, tags in read_smartdata(data / "smartdata-corpus" / "v3_20200302" / fname)
    ]


def ler_docs(data: Path, nlp) -> list[Doc]:
    """Every LER_SAMPLE_EVERY-th sentence of the German legal NER corpus."""
    docs, n = [], 0
    for path in sorted((data / "ler-legal-ner").glob("*.conll.gz")):
        for words, tags in read_columns(path, 0, -1, sep=" ", opener=gzip.open):
            n += 1
            if n % LER_SAMPLE_EVERY == 0:
                docs.append(make_ner_doc(nlp.vocab, words, bio_spans(tags), LER_MAP, LER_MISSING))
    return docs


def europeana_docs(data: Path, nlp) -> list[Doc]:
    """Europeana LFT + SBB pseudo-sentences; it has no MISC, so -isch adjectives are missing, not O."""
    docs = []
    for fname in EUROPEANA_FILES:
        for words, tags in read_europeana(data / "europeana-newspapers-ner-de" / fname / fname):
            doc = make_ner_doc(nlp.vocab, words, bio_spans(tags), {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}, set())
            unknown = [Span(doc, i, i + 1) for i, t in enumerate(doc) if t.ent_iob_ == "O" and DERIV_ADJ.search(t.text)]
            doc.set_ents(list(doc.ents), missing=unknown, default="unmodified")
            docs.append(doc)
    return docs


# corpora split into train and dev (in this order: the dev file's parts follow it), and train-only extras
SPLIT_CORPORA = {
    "germeval2014": germeval_docs,
    "mobie": mobie_docs,
    "smartdata_v3": smartdata_v3_docs,
    "ler_sample": ler_docs,
}


def convert_ner(data: Path, out: Path, nlp) -> dict[str, int]:
    """All NER training corpora -> ner-train.spacy / ner-dev.spacy (one sentence per Doc) and the train-only
    extras ner-europeana.spacy / ner-smartdata-v1.spacy (apart, so that a config can leave them out)."""
    counts: dict[str, int] = {}
    train_all, dev_all = [], []
    for name, read in SPLIT_CORPORA.items():
        docs = read(data, nlp)
        train, dev = split_ner(docs)
        train_all.extend(train)
        dev_all.extend(dev)
        counts[name] = len(docs)
    europeana = europeana_docs(data, nlp)
    DocBin(docs=europeana, store_user_data=False).to_disk(out / "ner-europeana.spacy")
    counts["europeana"] = len(europeana)
    v3_ids = {
        obj["id"] for fname in SMARTDATA_V3 for obj in json_stream(data / "smartdata-corpus" / "v3_20200302" / fname)
    }
    sd1 = smartdata_v1_docs(data, nlp, v3_ids)
    DocBin(docs=sd1, store_user_data=False).to_disk(out / "ner-smartdata-v1.spacy")
    counts["smartdata_v1_extra"] = len(sd1)

    DocBin(docs=train_all, store_user_data=False).to_disk(out / "ner-train.spacy")
    DocBin(docs=dev_all, store_user_data=False).to_disk(out / "ner-dev.spacy")
    counts["ner_train"] = len(train_all)
    counts["ner_dev"] = len(dev_all)
    return counts


def read_conllu(path: Path) -> list[list[list[str]]]:
    """Sentences as lists of 10-column rows (multiword-token ranges kept, empty nodes dropped)."""
    sents, rows = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if rows:
                sents.append(rows)
            rows = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "." not in cols[0]:
                rows.append(cols)
    if rows:
        sents.append(rows)
    return sents


def conllu_doc(vocab, rows: list[list[str]]) -> Doc:
    """A Doc over surface tokens: a multiword token ("zum" = zu + dem) becomes one token carrying its first word's
    annotation, because the runtime tokenizer never splits such contractions."""
    words, spaces, tags, pos, morphs, lemmas, heads, deps = [], [], [], [], [], [], [], []
    word_to_tok: dict[str, int] = {}
    i = 0
    while i < len(rows):
        cols = rows[i]
        if "-" in cols[0]:
            a, b = (int(x) for x in cols[0].split("-"))
            first = rows[i + 1]
            tok = len(words)
            for k in range(a, b + 1):
                word_to_tok[str(k)] = tok
            words.append(cols[1])
            spaces.append("SpaceAfter=No" not in cols[9])
            tags.append(first[4])
            pos.append(first[3])
            morphs.append(first[5] if first[5] != "_" else "")
            lemmas.append(cols[1])
            # choose the syntactic word whose head lies outside the multiword token (the one that attaches it)
            inner = rows[i + 1 : i + 2 + b - a]
            outside = [r for r in inner if not (a <= int(r[6]) <= b)]
            pick = outside[0] if outside else first
            heads.append(pick[6])
            deps.append(pick[7])
            i += 2 + b - a
            continue
        word_to_tok[cols[0]] = len(words)
        words.append(cols[1])
        spaces.append("SpaceAfter=No" not in cols[9])
        tags.append(cols[4])
        pos.append(cols[3])
        morphs.append(cols[5] if cols[5] != "_" else "")
        lemmas.append(cols[2])
        heads.append(cols[6])
        deps.append(cols[7])
        i += 1
    head_idx = [word_to_tok[h] if h != "0" else k for k, h in enumerate(heads)]
    deps = ["ROOT" if h == "0" else d for h, d in zip(heads, deps, strict=True)]
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        heads=head_idx,
        deps=deps,
    )


def convert_ud(data: Path, out: Path, nlp) -> dict[str, int]:
    """UD German GSD dev+test -> ud-train / ud-dev / ud-test (held out for the benchmark)."""
    rows = []
    for fname in ("de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"):
        rows.extend(read_conllu(data / "ud-german-gsd" / fname))
    docs = [conllu_doc(nlp.vocab, r) for r in rows]
    parts = {"train": [], "dev": [], "test": []}
    for i, d in enumerate(docs):
        part = "test" if i % 10 in (0, 5) else "dev" if i % 10 == 3 else "train"
        parts[part].append(d)
    for part, ds in parts.items():
        # several sentences per Doc, so that the parser learns where sentences end
        grouped = [Doc.from_docs(ds[k : k + UD_GROUP]) for k in range(0, len(ds), UD_GROUP)]
        DocBin(docs=grouped, store_user_data=False).to_disk(out / f"ud-{part}.spacy")
    return {f"ud_{k}": len(v) for k, v in parts.items()}


def main() -> None:
    """Convert everything into --out."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "corpus")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("de")
    counts = convert_ner(args.data, args.out, nlp)
    counts.update(convert_ud(args.data, args.out, nlp))
    (args.out / "counts.json").write_text(json.dumps(counts, indent=1))
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
