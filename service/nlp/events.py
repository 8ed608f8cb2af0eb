"""news_events: finds PLOVER-typed events with their arguments, negation and modality.

Triggers come from data/events/triggers/*.tsv (verbs with derived inflections, separable verbs split across the
clause, compound-aware nouns, phrases), factuality cues from data/events/cues.tsv. Sentences are segmented by
punctuation and line breaks (segments()); arguments come from German word-order and case-marking heuristics within
the trigger's clause (first unmarked noun phrase = subject, den/dem = object, prepositions = the frame's slots,
von/durch = passive agent), with the dependency parse (UD labels) as second opinion when the clause gives no
agent; implicit agents are the quoted speaker, the announcing institution of an agentless passive, the subject
shared by coordinated or controlling verbs, and the two parties "beide" takes up.

One event per happening in a sentence: speech verbs are never triggers; a trigger noun that is the object or
the an/zu/für-complement of a verb trigger in the same clause ("sagte seine Teilnahme an dem Treffen ab") is
absorbed into the verb's event; a definite noun taking up an already reported happening ("die Konferenz") and a
heading repeated by the text are not new events.

confidence is an additive evidence score, clipped to [0.05, 0.95]:
  base by trigger kind (phrase 0.55, verb 0.5, noun 0.35; minus 0.1 when the verb is only an event through its
  'needs' context, e.g. kommen + zum Treffen, or when the type was decided by polarity, EVAL),
  + 0.25 when a who argument was found (+ 0.05 more when it came from the dependency parse),
  + 0.05 each for whom, where and when.
It ranks events by how much of their frame the text supports; it is not a calibrated probability. On the five
gold seeds, events at 0.7 or more matched a gold event in 68 % of cases, events below 0.7 in 38 %.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import records
from .actors import mention_tokens

DATA = Path(__file__).resolve().parent / "data" / "events"

PUNCT_BOUNDARY = {",", ";", ":", "(", ")", "–", "—", "-", "„", "“", '"', "»", "«", "”", "‚", "‘", "›", "‹", "[", "]"}
CLAUSE_BOUNDARY = {",", ";", ":", "–", "—", "-"}
COORD = {"und", "oder", "aber", "sondern", "sowie", "doch", "jedoch"}
PARTICLE_END = COORD | {"zu", "werden", "wird", "wurde", "wurden", "worden", "sein", "haben", "hatte", "habe"}
PREPS = {
    "mit": "mit",
    "gegen": "gegen",
    "an": "an",
    "am": "an",
    "ans": "an",
    "von": "von",
    "vom": "von",
    "durch": "durch",
    "zu": "zu",
    "zum": "zu",
    "zur": "zu",
    "nach": "nach",
    "bei": "bei",
    "beim": "bei",
    "in": "in",
    "im": "in",
    "ins": "in",
    "für": "für",
    "auf": "auf",
    "zwischen": "zwischen",
    "über": "über",
    "statt": "statt",
    "anstelle": "statt",
    "vor": "vor",
    "aus": "aus",
    "unter": "unter",
    "gegenüber": "gegenüber",
    "ohne": "ohne",
    "um": "um",
    "seit": "seit",
    "laut": "laut",
    "als": "als",
    "wie": "als",
}
OBJ_DET = {"den", "dem", "einen", "einem", "diesen", "diesem", "ihn", "ihm", "ihnen", "jenen", "jenem"}
GEN_DET = {"des", "eines", "dieses"}
NOM_DET = {"der", "die", "das", "ein", "eine", "dieser", "diese", "dieses", "kein", "keine", "beide"}
ADJ_ENDINGS = ("e", "en", "er", "es", "em")
AUX_STOP = {
    "werden", "haben", "sein", "wollen", "sollen", "können", "müssen", "hatten", "waren", "wären", "seien",
    "hatte", "hätte", "hätten", "habe", "wurde", "wurden", "würde", "würden", "werde", "wollte", "wollten",
    "sollte", "sollten", "konnte", "konnten", "könnte", "könnten", "musste", "mussten", "müsste", "müssten",
    "sei", "wäre", "ist", "sind", "war", "hat", "wird", "will", "soll", "kann", "muss", "darf", "dürfte",
}  # fmt: skip
PASSIVE_AUX = {"wird", "werden", "wurde", "wurden", "worden", "würden", "würde", "werde"}
ABSORB_PREPS = {"an", "zu", "für", "über", "auf"}
SAME_TYPE_ABSORB_PREPS = {"bei", "in"}
LOCATIVE = {"in", "nach", "bei", "auf", "aus", "vor", "zu", "von", "an", "unter", "gegenüber"}
GENERIC = ("jede", "jedem", "jeden", "jeder", "jedes", "alle", "solch", "dutzend", "zahlreich", "viele", "etlich")
INSEPARABLE = ("be", "ver", "ent", "emp", "er", "zer", "ge", "miss", "über", "unter", "hinter", "wider")
PRONOUNS = {"er": "PERSON", "sie": None}
DEP_SUBJ = {"nsubj", "sb", "nsubj:pass", "csubj"}
DEP_AGENT = {"sbp", "obl:agent"}
DEP_OBJ = {"obj", "iobj", "oa", "da", "og", "dobj"}


@dataclass
class Trigger:
    """One line of a data/events/triggers/*.tsv file, with the surface forms it matches."""

    lemma: str
    pos: str
    type: str
    cameo: str | None
    mode: str | None
    who: list[str]
    whom: list[str]
    needs: list[str]
    particle: str | None = None
    words: list[str] = field(default_factory=list)  # PHRASE words; "…" allows a gap
    infinitive: str = ""


def _read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _verb_forms(inf: str, extra: Iterable[str]) -> tuple[set[str], set[str]]:
    """(finite and infinitive forms, participles) of a German verb: weak inflection derived, strong ones listed."""
    inf = inf.lower()
    if inf.endswith(("eln", "ern")):
        stem = inf[:-1]
    elif inf.endswith("en"):
        stem = inf[:-2]
    else:
        stem = inf[:-1]
    # an e before the ending after d/t and hard consonant clusters: arbeitet, zeichnet, öffnet, atmet
    e = "e" if re.search(r"([dt]|chn|ffn|gn|[dt]m)$", stem) else ""
    finite = {inf, stem + "e", stem + e + "st", stem + e + "t", stem + "est", stem + "en"}
    finite |= {stem + e + suf for suf in ("te", "ten", "test", "tet", "tést")}
    parts = set()
    if stem.endswith("ier") or inf.startswith(INSEPARABLE):
        parts.add(stem + e + "t")
    else:
        parts.add("ge" + stem + e + "t")
    for form in extra:
        form = form.lower()
        if form.startswith("ge") or form.endswith(("en", "t")) and form == inf:
            parts.add(form)
        else:
            finite.add(form)
        if form.startswith("ge") and form.endswith(("en", "t")):
            parts.add(form)
    # participles ending -en of strong verbs that are not "ge"-prefixed (empfangen, entsandt) stay finite too
    return finite, parts


def _noun_forms(lemma: str) -> set[str]:
    low = lemma.lower()
    forms = {low, low + "s", low + "es", low + "n", low + "en", low + "e", low + "er", low + "ern"}
    if low.endswith("e"):
        forms |= {low + "n"}
    if low.endswith("ung") or low.endswith("ion") or low.endswith("tät"):
        forms |= {low + "en"}
    # umlaut plurals: Angriff -> Angriffe; Vorwurf -> Vorwürfe, Abzug -> Abzüge
    m = re.match(r"^(.*)([aou])([^aeiouäöü]*)$", low)
    if m:
        uml = {"a": "ä", "o": "ö", "u": "ü"}[m.group(2)]
        stem = m.group(1) + uml + m.group(3)
        forms |= {stem + "e", stem + "en", stem + "er", stem + "ern"}
    return forms


class Lexicon:
    """The trigger lexicon indexed by surface form."""

    def __init__(self, folder: Path = DATA / "triggers") -> None:
        self.joined: dict[str, list[tuple[Trigger, bool]]] = {}  # form -> (trigger, is participle)
        self.split: dict[str, list[Trigger]] = {}  # finite base form of a separable verb -> triggers
        self.nouns: dict[str, list[Trigger]] = {}
        self.lemmas: dict[str, list[Trigger]] = {}
        self.phrases: list[Trigger] = []
        rows = [row for path in sorted(folder.glob("*.tsv")) for row in _read_tsv(path)]
        for row in rows:
            lemma = (row.get("lemma") or "").strip()
            pos = (row.get("pos") or "").strip().upper()
            if not lemma or not row.get("type"):
                continue
            trig = Trigger(
                lemma=lemma,
                pos=pos,
                type=row["type"].strip(),
                cameo=(row.get("cameo") or "").strip() or None,
                mode=(row.get("mode") or "").strip() or None,
                who=_split(row.get("who")),
                whom=_split(row.get("whom")),
                needs=[n.lower() for n in _split(row.get("needs"))],
            )
            if pos == "PHRASE":
                trig.words = lemma.lower().split()
                self.phrases.append(trig)
            elif pos == "NOUN":
                for form in _noun_forms(lemma):
                    self.nouns.setdefault(form, []).append(trig)
            elif pos == "VERB":
                self._add_verb(trig, row)

    def _add_verb(self, trig: Trigger, row: dict) -> None:
        words = [w for w in trig.lemma.split() if w != "sich"]
        verb = next((w for w in words if "|" in w), words[-1]).lower()
        particle, _, base = verb.rpartition("|")
        trig.particle = particle or None
        trig.infinitive = particle + base
        extra = _split(row.get("forms"))
        own = [f for f in extra if particle and f.lower().startswith(particle)]
        finite, parts = _verb_forms(base, [f for f in extra if f not in own])
        self.lemmas.setdefault(particle + base, []).append(trig)
        if particle:
            for form in finite:
                self.split.setdefault(form, []).append(trig)
                self.joined.setdefault(particle + form, []).append((trig, False))
            for form in parts:
                self.joined.setdefault(particle + form, []).append((trig, True))
            for form in own:
                self.joined.setdefault(form.lower(), []).append((trig, True))
            self.joined.setdefault(particle + "zu" + base, []).append((trig, False))
        else:
            for form in finite:
                self.joined.setdefault(form, []).append((trig, False))
            for form in parts:
                self.joined.setdefault(form, []).append((trig, True))


@dataclass
class Cues:
    negation: set[str] = field(default_factory=set)
    negation_prefix: list[str] = field(default_factory=list)
    nonneg: set[str] = field(default_factory=set)
    modality: dict[str, str] = field(default_factory=dict)
    modality_prefix: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = DATA / "cues.tsv") -> Cues:
        cues = cls()
        for row in _read_tsv(path):
            word, kind, value = (
                (row.get("word") or "").strip().lower(),
                row.get("kind"),
                (row.get("value") or "").strip(),
            )
            if not word:
                continue
            if kind == "negation":
                if word.endswith("*"):
                    cues.negation_prefix.append(word[:-1])
                else:
                    cues.negation.add(word)
            elif kind == "nonneg":
                cues.nonneg.add(word)
            elif kind == "modality" and value:
                if word.endswith("*"):
                    cues.modality_prefix.append((word[:-1], value))
                else:
                    cues.modality[word] = value
        return cues

    def is_negation(self, low: str) -> bool:
        return low in self.negation or any(low.startswith(p) for p in self.negation_prefix)

    def modality_of(self, low: str) -> str | None:
        if low in self.modality:
            return self.modality[low]
        for prefix, value in self.modality_prefix:
            if low.startswith(prefix):
                return value
        return None


def event_types() -> list[dict]:
    """The PLOVER event types served at GET /v1/event-types, from data/events/event_types.tsv."""
    out = []
    for row in _read_tsv(DATA / "event_types.tsv"):
        out.append(
            {
                "type": row["type"].strip(),
                "cameo": row["cameo"].strip(),
                "description_de": row["de"].strip(),
                "description_en": row["en"].strip(),
            }
        )
    return out


# ---------------------------------------------------------------- adapters to the other components


text_of = records.doc_text
mention_of = records.Mention.of


def _actor_at(doc: Doc, start: int, end: int):
    """actors.actor_at when it exists, else None (the mention enumeration below covers the rest)."""
    try:
        from .actors import actor_at
    except ImportError:
        return None
    try:
        return actor_at(doc, start, end)
    except Exception:  # a sibling component's bug must not break event extraction
        return None


def _governing_timex(doc: Doc, token_index: int) -> records.Timex | None:
    try:
        from .temporal import governing_timex
    except ImportError:
        return None
    try:
        return governing_timex(doc, token_index)
    except Exception:
        return None


@dataclass
class MentionRef:
    """An actor or place mention mapped to token positions."""

    ref: str  # Actor.id or Place.id
    mention: records.Mention
    i: int  # first token
    j: int  # token after the last
    kind: str = ""  # actor type or "PLACE"
    role: str | None = None
    slot: str = "core"  # core | obj | gen | a preposition slot
    derived: bool = False  # read off a word that is no actor mention (a country adjective)


def _actor_mentions(doc: Doc) -> list[MentionRef]:
    """Every actor mention as a MentionRef, longest first among those starting at one token; built once per Doc
    (callers only read the refs)."""
    tokens = mention_tokens(doc)

    def build() -> list[MentionRef]:
        out = [MentionRef(aid, m, i, j, kind) for i, j, aid, m, kind in tokens]
        out.sort(key=lambda r: (r.i, -r.j))
        return out

    return records.derived(doc, "news_events.actor_mentions", tokens, build)


def _timex_tokens(doc: Doc) -> tuple[list[int], list[tuple[int, int]], list[int], list[int]]:
    """Per Doc, built once: each timex's first token (sorted), its (start, list index) sorted by start, and for
    the timexes sorted by start the running maximum of their ends (to test whether a character is in one)."""
    timexes = records.get(doc, "timexes")

    def build() -> tuple[list[int], list[tuple[int, int]], list[int], list[int]]:
        toks = sorted(_tok(doc, t.start) for t in timexes)
        by_start = sorted((t.start, n) for n, t in enumerate(timexes))
        ends, top = [], -1
        for _start, n in by_start:
            top = max(top, timexes[n].end)
            ends.append(top)
        return toks, by_start, [a for a, _n in by_start], ends

    return records.derived(doc, "news_events.timex_index", timexes, build)


def _in_timex(doc: Doc, char: int) -> bool:
    """Whether a character offset lies inside a timex (start <= char < end)."""
    _toks, _by_start, starts, ends = _timex_tokens(doc)
    k = bisect.bisect_right(starts, char)
    return k > 0 and ends[k - 1] > char


def _actor_by_id(doc: Doc) -> dict:
    """Actor id -> the first actor with that id, built once per Doc."""
    actors = records.get(doc, "actors")

    def build() -> dict:
        by_id: dict = {}
        for a in actors:
            by_id.setdefault(a.id, a)
        return by_id

    return records.derived(doc, "news_events.actor_by_id", actors, build)


def _place_mentions(doc: Doc) -> list[MentionRef]:
    out = []
    for place in records.get(doc, "places"):
        for m in place.mentions:
            span = records.tokens_of(doc, m.start, m.end)
            if span is not None:
                out.append(MentionRef(place.id, m, span.start, span.end, "PLACE"))
    out.sort(key=lambda r: (r.i, -r.j))
    return out


# ---------------------------------------------------------------- sentence analysis


@dataclass
class Candidate:
    trigger: Trigger
    i: int  # trigger token (the finite verb or the noun)
    j: int  # token after the trigger span
    kind: str  # PHRASE | SPLIT | VERB | NOUN
    participle: bool = False
    particle_i: int | None = None
    needs_used: bool = False


class SentenceView:
    """Token-level clause structure of one sentence, for heuristics that must work without a parser."""

    def __init__(self, sent: Span) -> None:
        self.sent = sent
        self.start = sent.start
        self.lows: list[str] = []
        self.clause: list[int] = []
        self.sub: list[int] = []
        # clause and sub-clause ids only grow along the sentence, so each id covers one contiguous token range:
        # its (first, end) is stored once instead of being searched for per candidate
        self.texts: list[str] = []
        self._clause_spans: list[tuple[int, int]] | None = None
        self._sub_spans: list[tuple[int, int]] | None = None
        self._at: dict[str, list[int]] | None = None
        c = s = 0
        for t in sent:
            low, text = t.lower_, t.text
            self.lows.append(low)
            self.texts.append(text)
            if text in CLAUSE_BOUNDARY:
                c += 1
                s += 1
            elif low in COORD:
                s += 1
            self.clause.append(c)
            self.sub.append(s)

    def rel(self, i: int) -> int:
        return i - self.start

    def clause_range(self, i: int) -> tuple[int, int]:
        if self._clause_spans is None:
            self._clause_spans = _id_spans(self.clause, self.start)
        return self._clause_spans[self.clause[i - self.start]]

    def sub_range(self, i: int) -> tuple[int, int]:
        if self._sub_spans is None:
            self._sub_spans = _id_spans(self.sub, self.start)
        return self._sub_spans[self.sub[i - self.start]]

    def positions(self, low: str) -> list[int]:
        """Sentence-relative positions of a lower-cased word (an index: phrase triggers look up their first word)."""
        if self._at is None:
            self._at = {}
            for k, w in enumerate(self.lows):
                self._at.setdefault(w, []).append(k)
        return self._at.get(low, [])

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause[self.rel(a)] == self.clause[self.rel(b)]


def _id_spans(ids: list[int], start: int) -> list[tuple[int, int]]:
    """The token range of each clause id: ids only grow by one along the sentence, so the list index is the id."""
    spans: list[tuple[int, int]] = []
    for k, ident in enumerate(ids):
        i = start + k
        if ident < len(spans):
            spans[ident] = (spans[ident][0], i + 1)
            continue
        while len(spans) < ident:
            spans.append((i, i))  # id 0 when the sentence opens with a boundary: no token carries it
        spans.append((i, i + 1))
    return spans


def _exact(pattern: str) -> bool:
    """A trigger word without a wildcard matches one lower-cased form only."""
    return not pattern.startswith("*") and not pattern.endswith(("*", "~"))


def _annotated(doc: Doc, attr: str) -> bool:
    """doc.has_annotation, read once per run of extract(): it loops over every token, and was asked per sentence."""
    known = doc.user_data.get("news_events.annotated")
    if known is None:
        return doc.has_annotation(attr)
    if attr not in known:
        known[attr] = doc.has_annotation(attr)
    return known[attr]


def _word_match(pattern: str, low: str) -> bool:
    if pattern.startswith("*"):
        return low.endswith(pattern[1:]) and len(low) > len(pattern) - 1
    if pattern.endswith("*"):
        return low.startswith(pattern[:-1])
    if pattern.endswith("~"):
        return low.startswith(pattern[:-1])
    return low == pattern


def _needs_ok(trig: Trigger, words: list[str]) -> bool:
    return not trig.needs or any(_word_match(n, w) for n in trig.needs for w in words)


def _is_particle_end(doc: Doc, k: int, end: int) -> bool:
    """A separable particle ends its clause: next is punctuation, a conjunction, an auxiliary or the end."""
    if k + 1 >= end:
        return True
    nxt = doc[k + 1]
    return nxt.is_punct or nxt.lower_ in PARTICLE_END or nxt.text in PUNCT_BOUNDARY


def _find_candidates(doc: Doc, view: SentenceView, lex: Lexicon) -> list[Candidate]:
    sent = view.sent
    found: list[Candidate] = []
    taken: set[int] = set()
    lows = view.lows
    # phrases first: they are the most specific
    for trig in lex.phrases:
        words = trig.words
        # an exact first word is looked up in the sentence's word index instead of testing every token
        starts = view.positions(words[0]) if _exact(words[0]) else range(len(lows))
        for k in starts:
            if not _word_match(words[0], lows[k]):
                continue
            pos, ok, last = k, True, k
            gap = False
            for w in words[1:]:
                if w == "…":
                    gap = True
                    continue
                limit = min(len(lows), pos + (15 if gap else 2))
                hit = next((q for q in range(pos + 1, limit) if _word_match(w, lows[q])), None)
                if hit is None:
                    ok = False
                    break
                pos = last = hit
                gap = False
            if ok:
                i, j = sent.start + k, sent.start + last + 1
                if "…" in words:
                    j = i + 1
                if not any(t in taken for t in range(i, j)):
                    found.append(Candidate(trig, i, j, "PHRASE"))
                    taken.update(range(i, j))
    has_lemma = _annotated(doc, "LEMMA")
    has_dep = _annotated(doc, "DEP")
    s0, s_end, texts = sent.start, sent.end, view.texts
    for tok in sent:
        if tok.i in taken or tok.is_punct:
            continue
        low = lows[tok.i - s0]
        best: Candidate | None = None
        # separable verb split across the clause: "sagte ... ab"
        for trig in lex.split.get(low, []) if not tok.text[:1].isupper() or tok.i == s0 else []:
            # the particle closes the clause; dashes and brackets inside it do not end the search
            cend = next((k for k in range(tok.i + 1, s_end) if texts[k - s0] in (",", ";", ":")), s_end)
            for k in range(tok.i + 1, min(cend, tok.i + 30)):
                if lows[k - s0] == trig.particle and _is_particle_end(doc, k, s_end):
                    cand = Candidate(trig, tok.i, tok.i + 1, "SPLIT", particle_i=k)
                    if _needs_ok(trig, lows):
                        best = _prefer(best, cand)
                    break
        entries = lex.joined.get(low, []) if best is None else []
        lemma_verb = best is None and has_lemma and tok.pos_ in ("VERB", "AUX")
        # the position tests only matter for a word that can be a verb trigger at all
        verb_ok = (entries or lemma_verb) and (
            not tok.text[:1].isupper() or tok.i == sent.start or doc[tok.i - 1].text in PUNCT_BOUNDARY
        )
        verb_ok = verb_ok and not _attributive(doc, tok, sent.start, lex)
        if best is None and verb_ok:
            parts = {id(tr) for tr, p in entries if p}
            for trig, _part in entries:
                if trig.particle and low == trig.particle:
                    continue
                cand = Candidate(trig, tok.i, tok.i + 1, "VERB", participle=id(trig) in parts)
                if _needs_ok(trig, _clause_words(view, tok.i)):
                    best = _prefer(best, cand)
            if best is None and lemma_verb:
                # Token.children reads the parse arrays: without a parser they are not set (a crash, not [])
                kids = tok.children if has_dep else ()
                prt = next((c.lower_ for c in kids if c.dep_ in ("compound:prt", "svp")), "")
                for trig in lex.lemmas.get(prt + tok.lemma_.lower(), []):
                    if _needs_ok(trig, _clause_words(view, tok.i)):
                        best = _prefer(best, Candidate(trig, tok.i, tok.i + 1, "VERB", participle=tok.tag_ == "VVPP"))
        generic = any(lows[k - sent.start].startswith(GENERIC) for k in range(max(sent.start, tok.i - 2), tok.i))
        if best is None and not generic and (tok.text[:1].isupper() or tok.i == sent.start):
            for trig in _noun_lookup(lex, low):
                if _needs_ok(trig, lows):
                    best = _prefer(best, Candidate(trig, tok.i, tok.i + 1, "NOUN"))
        if best is not None and best.trigger.type == "NONE":
            taken.add(tok.i)
            continue
        if best is not None:
            best.needs_used = bool(best.trigger.needs)
            found.append(best)
            taken.add(tok.i)
            if best.particle_i is not None:
                taken.add(best.particle_i)
    found.sort(key=lambda c: c.i)
    return found


SENT_END = {".", "!", "?", "…"}
CLOSERS = {"“", "”", "«", "»", '"', "‘", "’", ")", "]"}


def segments(doc: Doc) -> list[Span]:
    """Sentences split at sentence-final punctuation and at line breaks, the same with or without a parser.

    The project's parser both merges sentences (one of 771 tokens on a seed) and splits them inside
    ("Iran | ließ ..."), so its boundaries are not used; the tokenizer keeps abbreviations and ordinals
    ("Dr.", "62.") whole, so a standalone full stop is a reliable end. A heading without a full stop is its
    own unit. Cached on the Doc.
    """
    cached = doc.user_data.get("news.segments")
    if cached is not None:
        return [doc[a:b] for a, b in cached]
    n = len(doc)
    if n == 0:
        doc.user_data["news.segments"] = []
        return []
    starts = {0}
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            starts.add(tok.i)
            starts.add(tok.i + 1)
        elif tok.text in SENT_END:
            k = tok.i + 1
            while k < n and doc[k].text in CLOSERS:
                k += 1
            # a full stop ends a sentence before a capitalised word, an opening quote or the end of a line
            if k >= n or doc[k].is_space or doc[k].text[:1].isupper() or doc[k].text[:1] in '„«»"(':
                starts.add(k)
    bounds = sorted(s for s in starts if s < n)
    out: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:] + [n], strict=True):
        while a < b and doc[a].is_space:
            a += 1
        if a < b:
            out.append((a, b))
    doc.user_data["news.segments"] = out
    return [doc[a:b] for a, b in out]


def segment_at(doc: Doc, i: int) -> Span:
    """The segment holding token i (binary search: called per candidate, so it must not scan the Doc)."""
    if doc.user_data.get("news.segments") is None:
        segments(doc)
    bounds = doc.user_data["news.segments"]
    k = bisect.bisect_right(bounds, (i, len(doc) + 1)) - 1
    if k >= 0 and bounds[k][0] <= i < bounds[k][1]:
        return doc[bounds[k][0] : bounds[k][1]]
    return doc[i : i + 1]


def _attributive(doc: Doc, tok: Token, lo: int, lex: Lexicon) -> bool:
    """A participle used as an adjective ("in den besetzten Gebieten") names no happening of its own."""
    low = tok.lower_
    if tok.i + 1 >= len(doc) or tok.i <= lo or not doc[tok.i + 1].text[:1].isupper():
        return False
    stems = [low[:-k] for k in (1, 2) if len(low) > k + 3 and low.endswith(("e", "en", "er", "es", "em"))]
    if not any(p for s in stems for _t, p in lex.joined.get(s, []) if p):
        return False
    # word order, not the tagger: the project's tagger also calls finite verbs ADJA ("nannte")
    prev = doc[tok.i - 1]
    return prev.text[:1].islower() and prev.lower_ not in COORD and prev.lower_ not in PRONOUNS and not prev.is_punct


def _clause_words(view: SentenceView, i: int) -> list[str]:
    a, b = view.clause_range(i)
    return view.lows[a - view.sent.start : b - view.sent.start]


def _prefer(best: Candidate | None, cand: Candidate) -> Candidate:
    """Of two readings of one token, the one whose context requirement is met is the more specific."""
    if best is None:
        return cand
    if cand.trigger.needs and not best.trigger.needs:
        return cand
    return best


def _noun_lookup(lex: Lexicon, low: str) -> list[Trigger]:
    """The noun triggers of a word or of its compound head; remembered per word (a word's suffixes are tried)."""
    memo = lex.__dict__.setdefault("_noun_memo", {})
    found = memo.get(low)
    if found is None:
        if len(memo) > 100_000:
            memo.clear()  # bounded: a long-running worker sees ever new words
        found = memo[low] = _noun_lookup_uncached(lex, low)
    return found


def _noun_lookup_uncached(lex: Lexicon, low: str) -> list[Trigger]:
    if low in lex.nouns:
        return lex.nouns[low]
    # compounds: the head is the last element (Nato-Verteidigungsministertreffen, Strafzolldrohungen)
    for k in range(1, len(low) - 3):
        tail = low[k:]
        if tail.startswith("-"):
            tail = tail[1:]
        elif k < 3 or "-" in tail:
            continue
        if len(tail) >= 4 and tail in lex.nouns:
            return lex.nouns[tail]
    return []


# ---------------------------------------------------------------- arguments


def _determiner_slot(doc: Doc, k: int, lo: int) -> str | None:
    """Slot of a phrase opened by the determiner at k: a preposition before it decides ("in der Ukraine",
    "mit dem Kreml"), else the determiner's case; None for a nominative one."""
    prev = doc[k - 1].lower_ if k - 1 >= lo else ""
    if prev in PREPS:
        return PREPS[prev]
    low = doc[k].lower_
    if low in OBJ_DET:
        return "obj"
    if low in GEN_DET:
        return "gen"
    return None


def _classify(doc: Doc, ref: MentionRef, lo: int) -> None:
    """Case/preposition slot of a mention from the words before it (skipping titles and adjectives)."""
    first = doc[ref.i].lower_
    if first in OBJ_DET or first in GEN_DET or first in NOM_DET:
        ref.slot = _determiner_slot(doc, ref.i, lo) or ref.slot
        return
    k = ref.i - 1
    if k >= lo and doc[k].text == "(":
        ref.slot = "paren"  # "Boris Pistorius (SPD)": the party is an apposition, not an argument
        return
    steps = 0
    while k >= lo and steps < 4:
        tok = doc[k]
        low = tok.lower_
        if tok.text in PUNCT_BOUNDARY or tok.is_punct:
            break
        if low in PREPS:
            ref.slot = PREPS[low]
            return
        if low in OBJ_DET or low in GEN_DET or low in NOM_DET:
            ref.slot = _determiner_slot(doc, k, lo) or ref.slot
            return
        if low in COORD or low in AUX_STOP or tok.tag_.startswith("V"):
            return
        if tok.text[:1].islower() and not tok.like_num and not low.endswith(ADJ_ENDINGS):
            return  # a verb or adverb: the mention starts its own phrase
        steps += 1
        k -= 1


def _groups(doc: Doc, refs: list[MentionRef]) -> list[list[MentionRef]]:
    """Coordinated mentions ("Deutschland und Frankreich", "Putin und sein Kollege Xi") form one group."""
    groups: list[list[MentionRef]] = []
    for ref in refs:
        if groups:
            prev = groups[-1][-1]
            between = [t.lower_ for t in doc[prev.j : ref.i]]
            if (
                between
                and len(between) <= 5
                and any(w in ("und", "sowie", ",") for w in between)
                and not any(w in PREPS for w in between)
                and ref.slot == "core"
                and prev.slot == "core"
            ):
                groups[-1].append(ref)
                continue
        groups.append([ref])
    return groups


def _dedupe(refs: Iterable[MentionRef]) -> list[MentionRef]:
    seen, out = set(), []
    for r in refs:
        if r.ref not in seen:
            seen.add(r.ref)
            out.append(r)
    return out


def _pronoun_actor(doc: Doc, tok: Token, actors: list[MentionRef]) -> MentionRef | None:
    """Resolves a subject pronoun: the actors component first, else the last fitting actor mentioned before."""
    hit = _actor_at(doc, tok.idx, tok.idx + len(tok.text))
    if hit:
        actor_id, mention = hit
        return MentionRef(actor_id, mention, tok.i, tok.i + 1)
    want = PRONOUNS.get(tok.lower_)
    for ref in reversed(actors):
        if ref.j <= tok.i and (want is None or ref.kind == want):
            return MentionRef(ref.ref, ref.mention, ref.i, ref.j, ref.kind)
    return None


def _singular_verb(tok: Token) -> bool:
    """A finite verb without the plural -n ("gedenke", "lehnt", "sei", "wies"): the third person plural always
    ends in -n (but "sind"), so the surface decides better than a tagger that confuses "lehne" with a plural."""
    low = tok.lower_
    return low.isalpha() and not low.endswith("n") and low != "sind"


def _window(refs: list[MentionRef], lo: int, hi: int) -> list[MentionRef]:
    """The refs (sorted by first token) whose first token lies in lo..hi-1: a bisection, not a scan of the Doc."""
    return refs[bisect.bisect_left(refs, lo, key=_first) : bisect.bisect_left(refs, hi, key=_first)]


def _first(ref: MentionRef) -> int:
    return ref.i


def _institution_sie(doc: Doc, tok: Token, actors: list[MentionRef]) -> MentionRef | None:
    """Singular "sie" with a singular verb: the last institution named before ("die Regierung ... sie lehnt").

    A person mentioned in between stops the search: without gender information she may be the referent.
    """
    limit = segment_at(doc, tok.i).start
    prev = segment_at(doc, limit - 1).start if limit > 0 else 0
    for ref in reversed([r for r in _window(actors, prev, tok.i) if r.j <= tok.i]):
        kind = _kind_of(doc, ref.ref)
        if kind == "ORG":
            return MentionRef(ref.ref, ref.mention, ref.i, ref.j, ref.kind)
        if kind == "PERSON":
            return None
    return None


@dataclass
class Args:
    who: list[MentionRef] = field(default_factory=list)
    whom: list[MentionRef] = field(default_factory=list)
    parsed: bool = False


def _dep_args(doc: Doc, cand: Candidate, refs: list[MentionRef]) -> Args:
    """Arguments from the dependency parse (UD or TIGER labels): subject, passive agent, objects, PPs."""
    head = doc[cand.i]
    args = Args(parsed=True)

    def refs_in(tok: Token) -> list[MentionRef]:
        sub = {t.i for t in tok.subtree}
        return [r for r in refs if r.i in sub]

    passive = (
        any(c.lower_ in PASSIVE_AUX for c in head.children) or head.dep_ == "oc" and head.head.lower_ in PASSIVE_AUX
    )
    for child in head.children:
        dep = child.dep_
        case = next((c.lower_ for c in child.children if c.dep_ in ("case", "ac")), None)
        if child.lower_ in PREPS and dep in ("mo", "op", "sbp", "pg", "mnr"):
            case = child.lower_
        slot = PREPS.get(case or "")
        found = refs_in(child)
        if not found:
            continue
        if dep in DEP_AGENT or (passive and slot in ("von", "durch")) or dep in DEP_SUBJ and not passive:
            args.who.extend(found)
        elif (dep in DEP_SUBJ and passive) or dep in DEP_OBJ or (slot and slot in cand.trigger.whom):
            args.whom.extend(found)
        elif slot and slot in cand.trigger.who and cand.trigger.pos == "NOUN":
            args.who.extend(found)
    return args


def _country_adjectives(doc: Doc, cand: Candidate, lo: int) -> list[MentionRef]:
    """ "des russischen Angriffskrieges": the country adjective names the agent, when that country is an actor."""
    k = cand.i - 1
    if k < lo or not doc[k].text[:1].islower():
        return []
    actor = _adjective_actor(doc, doc[k].text)
    if actor is None:
        return []  # the actors component did not find the country itself: no actor to point to
    tok = doc[k]
    mention = mention_of(doc, tok.idx, tok.idx + len(tok.text))
    return [MentionRef(actor.id, mention, k, k + 1, actor.type, slot="adj", derived=True)]


def _country_actor(doc: Doc, iso: str):
    """The document's actor for a country, by ISO code or by the country's German name."""
    from .actor_lexicon import lexicon

    lex = lexicon()
    name = lex.countries[iso].name if iso in lex.countries else None
    actors = [a for a in records.get(doc, "actors") if a.type == "GPE"]
    return next((a for a in actors if a.country == iso or a.country is None and a.name == name), None)


@functools.cache
def _group_adjectives() -> dict[str, str]:
    return {r["stem"]: r["actor"] for r in _read_tsv(DATA / "group_adjectives.tsv") if r.get("stem")}


def _adjective_actor(doc: Doc, word: str):
    """The document's actor an adjective names: a country ('russischen') or a group ('europäischen')."""
    from .actor_lexicon import lexicon

    iso = lexicon().adjective_country(word)
    if iso:
        return _country_actor(doc, iso)
    low = word.lower()
    for end in ADJ_ENDINGS:
        name = _group_adjectives().get(low[: -len(end)]) if low.endswith(end) else None
        if name:
            return next((a for a in records.get(doc, "actors") if a.name == name), None)
    return None


def _adjectives_between(doc: Doc, cand: Candidate, hi: int) -> list[MentionRef]:
    """ "Gespräche zwischen europäischen und amerikanischen Vertretern": the adjectives name the parties."""
    if cand.j >= hi or doc[cand.j].lower_ != "zwischen":
        return []
    out: list[MentionRef] = []
    for k in range(cand.j + 1, min(hi, cand.j + 8)):
        tok = doc[k]
        if not tok.text[:1].islower() or tok.is_punct:
            # the head noun: a named actor there is the party itself, found as a mention
            return [] if _actor_at(doc, tok.idx, tok.idx + len(tok.text)) else out
        actor = _adjective_actor(doc, tok.text) if tok.lower_ not in COORD else None
        if actor is not None and actor.id not in {r.ref for r in out}:
            mention = mention_of(doc, tok.idx, tok.idx + len(tok.text))
            out.append(MentionRef(actor.id, mention, k, k + 1, actor.type, slot="zwischen", derived=True))
    return out


def _object_adjective(doc: Doc, cand: Candidate, hi: int) -> list[MentionRef]:
    """The country or group adjective of the noun phrase right after the verb, if it names an actor."""
    end = cand.j if cand.kind != "SPLIT" else cand.i + 1
    for k in range(end, min(hi, end + 5)):
        low = doc[k].lower_
        if _in_timex(doc, doc[k].idx):
            continue  # "verurteilte am Montag den ...": the date stands between verb and object
        if low in OBJ_DET or low in NOM_DET:
            adj = k + 1
            if adj + 1 < hi and doc[adj].text[:1].islower() and doc[adj + 1].text[:1].isupper():
                tok, head = doc[adj], doc[adj + 1]
                if _actor_at(doc, head.idx, head.idx + len(head.text)):
                    return []  # "die russische Regierung": the actor itself, found as a mention
                actor = _adjective_actor(doc, tok.text)
                if actor is not None:
                    mention = mention_of(doc, tok.idx, tok.idx + len(tok.text))
                    return [MentionRef(actor.id, mention, adj, adj + 1, actor.type, slot="obj", derived=True)]
            return []
        if doc[k].is_punct or doc[k].text[:1].isupper():
            return []
    return []


def _adjective_subject(doc: Doc, view: SentenceView, cand: Candidate, lo: int) -> list[MentionRef]:
    """ "Russische Truppen griffen ... an", "Westliche Diplomaten führten Gespräche": a sentence-initial
    country or group adjective before a common noun names the acting side."""
    k = view.sent.start
    while k < cand.i and doc[k].is_punct:
        k += 1  # an opening quote
    if lo > k or k + 1 >= cand.i:
        return []
    adj, head = doc[k], doc[k + 1]
    if not (adj.text[:1].isupper() and head.text[:1].isupper() and adj.lower_.endswith(ADJ_ENDINGS)):
        return []
    if _actor_at(doc, adj.idx, head.idx + len(head.text)) or _actor_at(doc, head.idx, head.idx + len(head.text)):
        return []  # "Deutsche Bank", "Russische Regierung": an actor the actors component found itself
    actor = _adjective_actor(doc, adj.text)
    if actor is None:
        return []
    mention = mention_of(doc, adj.idx, adj.idx + len(adj.text))
    return [MentionRef(actor.id, mention, k, k + 1, actor.type, derived=True)]


def _country_genitive(doc: Doc, cand: Candidate, hi: int) -> list[MentionRef]:
    """ "eines Treffens hochrangiger US-Diplomaten": a genitive group named by a country prefix acts for it."""
    from .actor_lexicon import lexicon

    k = cand.j
    if k < hi and doc[k].lower_ in GEN_DET | {"der"}:
        k += 1
    elif not (k < hi and doc[k].text[:1].islower() and doc[k].lower_.endswith("er")):
        return []  # a bare genitive plural shows its case on a strong adjective ("hochrangiger")
    while k < hi and k - cand.j < 3 and doc[k].text[:1].islower() and doc[k].lower_.endswith(ADJ_ENDINGS):
        k += 1
    if k >= hi or _actor_at(doc, doc[k].idx, doc[k].idx + len(doc[k].text)):
        return []
    head, _, rest = doc[k].text.partition("-")
    hit = lexicon().prefix.get(head) if rest[:1].isupper() else None
    if not hit or hit[0] != "country":
        return []
    actor = _country_actor(doc, hit[1])
    if actor is None:
        return []
    mention = mention_of(doc, doc[k].idx, doc[k].idx + len(head))
    return [MentionRef(actor.id, mention, k, k + 1, "GPE", slot="gen", derived=True)]


def _heuristic_args(doc: Doc, view: SentenceView, cand: Candidate, refs: list[MentionRef]) -> Args:
    """Arguments from word order and case marking within the trigger's clause."""
    trig = cand.trigger
    args = Args()
    lo, hi = view.clause_range(cand.i)
    for r in refs:
        _classify(doc, r, max(lo, view.sent.start))
    in_clause = [r for r in refs if lo <= r.i < hi]
    if cand.kind == "NOUN":
        # the noun's own dependents: inside the compound (Nato-Treffen), after it (Besuch von X, Treffen der Y)
        attached: list[MentionRef] = []
        for r in in_clause:
            if r.i == cand.i and r.j <= cand.j:
                attached.append(r)
                r.slot = "poss"
            elif r.i > cand.i and r.i - cand.j <= 4 and (r.slot in ("gen", "core") or r.slot in trig.who + trig.whom):
                between = doc[cand.j : r.i]
                if not any(t.is_punct or t.lower_ in COORD for t in between):
                    attached.append(r)
                    if r.slot == "core":
                        r.slot = "gen"
            elif r.j == cand.i or (r.j == cand.i - 1 and doc[r.j].lower_.endswith("en")):
                r.slot = "adj"
                attached.append(r)
        for r in in_clause:
            if attached and r not in attached and r.i > attached[-1].i:
                between = [t.lower_ for t in doc[attached[-1].j : r.i]]
                if 0 < len(between) <= 2 and between[0] in ("und", "sowie"):
                    r.slot = attached[-1].slot
                    attached.append(r)
        if "adj" in trig.who and not any(r.slot in trig.who for r in attached):
            attached.extend(_country_adjectives(doc, cand, lo))
        if "zwischen" in trig.who and not any(r.slot in trig.who for r in attached):
            attached.extend(_adjectives_between(doc, cand, hi))
        if "gen" in trig.who and not any(r.slot in trig.who for r in attached):
            attached.extend(_country_genitive(doc, cand, hi))
        for slot in trig.who:
            if slot in ("gen", "von", "poss", "adj", "zwischen"):
                args.who.extend(r for r in attached if r.slot == slot)
        args.who = _dedupe(args.who)
        args.whom = _dedupe(r for r in attached if r.slot in trig.whom and r not in args.who)
        if args.who:
            return args
    stative = cand.j < len(doc) and doc[cand.j].lower_ in ("sein", "gewesen")
    aux = any(view.lows[k] in PASSIVE_AUX for k in range(lo - view.sent.start, hi - view.sent.start))
    # a participle clause with its agent: "entsandt von der Koalition der Willigen"
    agent_follows = cand.j < len(doc) and doc[cand.j].lower_ in ("von", "vom", "durch")
    passive = not stative and (
        (cand.participle and aux) or (agent_follows and doc[cand.i].lower_.endswith(("t", "en")))
    )
    if cand.kind == "NOUN" and _in_phrase(doc, cand.i, lo):
        return args  # "bei der Zusammenkunft", "des Angriffskrieges": the clause subject is not its agent
    core = [r for r in in_clause if r.slot == "core" and not (cand.i <= r.i < cand.j and cand.kind == "NOUN")]
    if cand.kind == "NOUN":
        core = [r for r in core if not (r.i > cand.i and r.i - cand.j <= 4)]
    core = [r for r in core if not _possessive(doc, r, core)]
    groups = _groups(doc, core)
    if passive:
        args.who = [r for r in in_clause if r.slot in ("von", "durch")]
        if groups and "obj" in trig.whom:
            args.whom = list(groups[0])
    else:
        if groups:
            args.who = list(groups[0])
            rest = [r for g in groups[1:] for r in g]
            if "obj" in trig.whom or "dat" in trig.whom:
                args.whom.extend(rest)
        elif "subj" in trig.who or cand.kind == "NOUN":
            args.who = _adjective_subject(doc, view, cand, lo)
            for k in range(lo, hi if not args.who else lo):
                # "sie" (she / they) is too ambiguous to resolve without a parser; "er" is not
                if doc[k].lower_ == "er":
                    ref = _pronoun_actor(doc, doc[k], [r for r in refs if r.j <= view.sent.start] or refs)
                    if ref:
                        args.who = [ref]
                    break
                verb = doc[cand.j - 1] if cand.kind == "PHRASE" else doc[cand.i]
                if doc[k].lower_ == "sie" and cand.kind != "NOUN" and _singular_verb(verb):
                    ref = _institution_sie(doc, doc[k], _actor_mentions(doc))
                    if ref:
                        args.who = [ref]
                    break
    for r in in_clause:
        if r in args.who or r in args.whom:
            continue
        if r.slot == "obj" and ("obj" in trig.whom or "dat" in trig.whom) or r.slot in trig.whom:
            args.whom.append(r)
    if not args.whom and not passive and cand.kind != "NOUN" and "obj" in trig.whom:
        # the owner of the object is its target: "bezeichnete die Rede von Vance als ...", "den Schritt der USA"
        args.whom = [r for r in in_clause if r.i > cand.i and r.slot in ("von", "gen") and r not in args.who][:1]
    if not args.whom and cand.kind != "NOUN" and "obj" in trig.whom:
        # "verurteilte den russischen Angriff", "Unterstützt würden die russischen Forderungen": the country
        # the object's adjective names is the target (of the active object or the passive subject)
        args.whom = _object_adjective(doc, cand, hi)
    args.who = _dedupe(args.who)
    args.whom = [r for r in _dedupe(args.whom) if r.ref not in {w.ref for w in args.who}]
    args.whom = [r for r in args.whom if not any(o is not r and o.i <= r.i and r.j <= o.j for o in args.whom)]
    return args


def _implicit_who(
    doc: Doc,
    view: SentenceView,
    c: Candidate,
    refs: list[MentionRef],
    events: list[records.Event],
    sent_events: list[tuple[Candidate, records.Event]],
) -> list[MentionRef]:
    """Agents the clause leaves unsaid but the text gives: the quoted speaker, a shared or controlling subject."""
    from .stance import speaker_at

    trig = c.trigger
    if "speaker" in trig.who or (c.participle and c.kind == "VERB"):
        spk = speaker_at(doc, doc[c.i].idx)
        if spk and ("speaker" in trig.who or _kind_of(doc, spk[0]) in ("ORG", "GPE")):
            # an agentless passive announced by an institution ("sollen ... verlegt werden, wie das Pentagon
            # mitteilte") is that institution's act
            return [MentionRef(spk[0], spk[1], c.i, c.j)]
    if c.kind == "NOUN":
        return []
    lo, hi = view.clause_range(c.i)
    # "beide" takes up the last two coordinated actors ("die USA und die Nato ... beide")
    if any(doc[k].lower_ in ("beide", "beiden") for k in range(lo, hi)):
        pair = _last_pair(
            doc, _ending_before(_actor_mentions(doc), c.i, view.sent.start_char - 600), view.sent.start_char - 600
        )
        if pair:
            return [MentionRef(r.ref, r.mention, c.i, c.j) for r in pair]
        # else the two parties of the happening just reported ("X sprach mit Y. Beide ...")
        if events and view.sent.start_char - events[-1].sentence[1] <= 3:
            parties = events[-1].who + events[-1].whom
            if len({a.actor for a in parties}) == 2:
                return [MentionRef(a.actor, a.mention, c.i, c.j) for a in parties]
    # plural "sie" in a subordinate clause takes up the agents of the happening the main clause reported
    # ("führten Telefonate mit Putin, in denen sie ihn ... aufriefen")
    verb = doc[c.j - 1] if c.kind == "PHRASE" else doc[c.i]
    if sent_events and lo > view.sent.start and not _singular_verb(verb):
        lows = [doc[k].lower_ for k in range(lo, min(hi, lo + 4)) if not doc[k].is_punct]
        if "sie" in lows and lows[0] in SUBORDINATORS | {"in", "mit", "bei"}:
            pev = sent_events[-1][1]
            if pev.who:
                return [MentionRef(a.actor, a.mention, c.i, c.j) for a in pev.who]
    # a coordinated verb phrase or a zu-infinitive shares the subject of the verb before it
    for pc, pev in reversed(sent_events):
        if pc.kind != "NOUN" and pev.who and pc.i < c.i:
            return [MentionRef(a.actor, a.mention, c.i, c.j) for a in pev.who]
    if c.i > lo or lo == view.sent.start:
        zu = doc[c.i - 1].lower_ == "zu" or "zu" in doc[c.i].lower_[2:-2] or _zu_after(doc, c.j)
        if not zu:
            return []
    # the clause before: its first unmarked actor controls the infinitive or the subjectless conjunct
    plo = view.sent.start
    prev_refs = [r for r in refs if plo <= r.i < lo]
    for r in prev_refs:
        _classify(doc, r, plo)
    core = [r for r in prev_refs if r.slot == "core"]
    return core[:1]


ZU_INF_OK = {"sein", "haben", "werden", "stehen", "bleiben", "gehen", "kommen", "nehmen", "führen"}


def _zu_after(doc: Doc, j: int) -> bool:
    """A support-verb phrase as zu-infinitive ("im Einsatz zu sein", "in Gespräche zu gehen")."""
    if j + 1 >= len(doc) or doc[j].lower_ != "zu":
        return False
    nxt = doc[j + 1]
    return nxt.lower_ in ZU_INF_OK or nxt.text[:1].islower() and nxt.lower_.endswith("en") and nxt.pos_ != "ADJ"


SUBORDINATORS = {"die", "der", "denen", "deren", "dass", "weil", "da", "wo", "als", "wenn", "nachdem", "obwohl"}


def _ending_before(refs: list[MentionRef], i: int, min_char: int) -> list[MentionRef]:
    """The refs ending by token i, cut at the front to what _last_pair reads: it walks back from the end and
    stops at the first ref that starts before min_char, so earlier refs never matter."""
    out = []
    for r in reversed(_window(refs, 0, i)):
        if r.j <= i:
            out.append(r)
            if r.mention.start < min_char:
                break
    out.reverse()
    return out


def _last_pair(doc: Doc, before: list[MentionRef], min_char: int) -> list[MentionRef] | None:
    for a, b in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
        if a.mention.start < min_char:
            break
        between = [t.lower_ for t in doc[a.j : b.i]]
        if a.ref != b.ref and 0 < len(between) <= 3 and "und" in between:
            return [a, b]
    return None


DEFINITE = {"der", "die", "das", "des", "dem", "den", "beim", "zum", "zur", "im", "am", "vom", "ins", "diese", "dieser"}


def _definite(doc: Doc, i: int, lo: int) -> bool:
    """A definite determiner before the noun, over at most two adjectives."""
    for k in range(i - 1, max(lo, i - 3) - 1, -1):
        low = doc[k].lower_
        if low in DEFINITE:
            return True
        if not (doc[k].text[:1].islower() and low.endswith(ADJ_ENDINGS)):
            return False
    return False


def _kind_of(doc: Doc, actor_id: str) -> str | None:
    actor = _actor_by_id(doc).get(actor_id)
    return actor.type if actor is not None else None


def _possessive(doc: Doc, ref: MentionRef, core: list[MentionRef]) -> bool:
    """ "Deutschlands Verteidigungsminister Boris Pistorius": the genitive country only qualifies the person."""
    if not doc[ref.j - 1].lower_.endswith("s"):
        return False
    return any(o is not ref and 0 <= o.i - ref.j <= 2 and o.kind == "PERSON" for o in core)


def _in_phrase(doc: Doc, i: int, lo: int) -> bool:
    """The noun at i stands in a prepositional phrase or a genitive, not as subject or object."""
    for k in range(i - 1, max(lo, i - 4) - 1, -1):
        low = doc[k].lower_
        if _in_timex(doc, doc[k].idx):
            return False  # "führten am Montag Telefonate": the preposition belongs to the date before the noun
        if low in ("mit", "durch"):
            return False  # an instrument: "mit Strafzolldrohungen erzwingen" is the subject's act
        if low in PREPS or low in GEN_DET:
            return True
        if doc[k].is_punct or low in OBJ_DET or low in NOM_DET and low != "der":
            return False
        if low == "der" and k > lo and doc[k - 1].text[:1].isupper():
            return True  # "die Unterstützung der Ukraine": a genitive after a noun
    return False


def _args(doc: Doc, view: SentenceView, cand: Candidate, refs: list[MentionRef]) -> Args:
    """Word order and case marking first; the parse fills in when they find no agent.

    On the seeds the project's parser, trained on UD German GSD, linked agents less reliably than the
    clause heuristics (who F1 0.585 against 0.610), so it is the second opinion, not the first.
    """
    heur = _heuristic_args(doc, view, cand, refs)
    if heur.who or not _annotated(doc, "DEP") or cand.kind not in ("VERB", "SPLIT"):
        return heur
    dep = _dep_args(doc, cand, [MentionRef(r.ref, r.mention, r.i, r.j, r.kind) for r in refs])
    if dep.who:
        if not dep.whom:
            dep.whom = [r for r in heur.whom if r.ref not in {w.ref for w in dep.who}]
        return dep
    return heur


# ---------------------------------------------------------------- factuality


def _negated(doc: Doc, view: SentenceView, cand: Candidate, cues: Cues) -> bool:
    if cand.kind == "NOUN":
        for k in range(max(view.sent.start, cand.i - 3), cand.i):
            low = doc[k].lower_
            if low in ("ohne",) or (cues.is_negation(low) and low.startswith("kein")):
                return True
        return False
    lo, hi = view.sub_range(cand.i)
    if cand.trigger.type == "EVAL":
        # "nannte den Plan 'nicht akzeptabel'": a negation in the evaluation is its content, not the act's
        hi = next((k for k in range(cand.i, hi) if doc[k].lower_ == "als" or doc[k].text in '„“»«"'), hi)
    trigger_tokens = set(range(cand.i, cand.j))
    for k in range(lo, hi):
        if k in trigger_tokens:
            continue
        low = doc[k].lower_
        if not cues.is_negation(low):
            continue
        if cand.kind == "PHRASE" and low in cand.trigger.words:
            continue
        nxt = doc[k + 1].lower_ if k + 1 < len(doc) else ""
        if nxt in cues.nonneg:
            continue
        return True
    return False


def _modality(doc: Doc, view: SentenceView, cand: Candidate, cues: Cues) -> str:
    lo, hi = view.clause_range(cand.i) if cand.kind == "NOUN" else view.sub_range(cand.i)
    best = None
    for k in range(lo, hi):
        if cand.i <= k < cand.j:
            continue
        value = cues.modality_of(doc[k].lower_)
        if value:
            best = value
            break
    low = doc[cand.i].lower_
    if best is None and cand.kind in ("VERB", "SPLIT"):
        first = view.clause_range(cand.i)[0]
        clo = first + 1 if doc[first].is_punct and first + 1 < len(doc) else first
        if first > view.sent.start and doc[clo].lower_ in ("dass", "damit"):
            plo = view.clause_range(first - 1)[0]
            for k in range(plo, clo):
                value = cues.modality_of(doc[k].lower_)
                if value:
                    best = value
                    break
    if best is None and cand.kind in ("VERB", "SPLIT") and not cand.participle:
        # future tense: "er werde ... telefonieren", "wird ... teilnehmen"
        if low.endswith("en") and any(
            view.lows[k - view.sent.start] in ("wird", "werden", "werde") for k in range(lo, hi)
        ):
            best = "planned"
        elif "zu" in low[2:-2] or (cand.i > 0 and doc[cand.i - 1].lower_ == "zu"):
            for k in range(view.sent.start, cand.i):
                value = cues.modality_of(doc[k].lower_)
                if value:
                    best = value
    return best or "asserted"


# ---------------------------------------------------------------- the component


def _absorbed(doc: Doc, view: SentenceView, noun: Candidate, verbs: list[Candidate]) -> Candidate | None:
    """The verb trigger whose object or an/zu-complement this noun trigger is, if any (then it is one event)."""
    for verb in verbs:
        if not view.same_clause(noun.i, verb.i):
            continue
        slot = "core"
        for k in range(noun.i - 1, max(view.sent.start, noun.i - 5) - 1, -1):
            low = doc[k].lower_
            if low in PREPS:
                slot = PREPS[low]
                break
            if doc[k].is_punct or k == verb.i:
                break
        if slot == "core" or slot in ABSORB_PREPS:
            return verb
        if slot in SAME_TYPE_ABSORB_PREPS and verb.trigger.type == noun.trigger.type:
            return verb
        if verb.particle_i is not None and verb.i < noun.i < verb.particle_i and slot not in ("bei", "nach", "vor"):
            return verb
    return None


def _noun_host(doc: Doc, noun: Candidate, nouns: list[Candidate]) -> Candidate | None:
    """A trigger noun in the an/zu/über-complement of an earlier trigger noun: Teilnahme an einem Treffen."""
    for host in reversed(nouns):
        between = doc[host.j : noun.i]
        if len(between) > 8 or any(t.is_punct for t in between):
            continue
        if any(t.lower_ in PREPS and PREPS[t.lower_] in ABSORB_PREPS for t in between):
            return host
    return None


def _clause_polarity(doc: Doc, view: SentenceView, cand: Candidate) -> float:
    from .stance import polarity_in

    # the evaluation follows the verb: "bezeichnete die Rede als 'nicht akzeptabel'"
    return polarity_in(doc, cand.i + 1, view.sent.end)


def extract(doc: Doc, lex: Lexicon, cues: Cues) -> list[records.Event]:
    """All events of a document, in text order."""
    doc.user_data["news_events.annotated"] = {}  # filled on first use; the annotations do not change in here
    try:
        return _extract(doc, lex, cues)
    finally:
        doc.user_data.pop("news_events.annotated", None)


def _extract(doc: Doc, lex: Lexicon, cues: Cues) -> list[records.Event]:
    actors = _actor_mentions(doc)
    places = _place_mentions(doc)
    events: list[records.Event] = []
    absorbed_types: dict[str, str] = {}
    headings: list[tuple[int, int]] = []
    event_types_seen: set[str] = set()
    for sent in segments(doc):
        if len(sent) == 0 or len(sent) > 400:
            continue
        view = SentenceView(sent)
        cands = _find_candidates(doc, view, lex)
        if not cands:
            continue
        verbs = [c for c in cands if c.kind != "NOUN"]
        stating = [c for c in verbs if c.kind != "PHRASE" and c.trigger.type in ("EVAL", "ACCUSE", "SUPPORT")]
        if stating:
            # "bezeichnete den Plan als 'inakzeptabel'": the verb states the evaluation, the phrase is its content
            cands = [c for c in cands if not (c.kind == "PHRASE" and "speaker" in c.trigger.who)]
        kept: list[tuple[Candidate, str | None]] = []
        for c in cands:
            if c.kind == "NOUN":
                host = _absorbed(doc, view, c, verbs) or _noun_host(doc, c, [n for n, _ in kept if n.kind == "NOUN"])
                if host is not None:
                    absorbed_types.setdefault(f"{host.i}", c.trigger.type)
                    continue
            kept.append((c, None))
        sent_refs = _window(actors, sent.start, sent.end)
        sent_events: list[tuple[Candidate, records.Event]] = []
        for c, _ in kept:
            etype, base = c.trigger.type, {"PHRASE": 0.55, "SPLIT": 0.5, "VERB": 0.5, "NOUN": 0.35}[c.kind]
            if c.needs_used:
                base -= 0.1
            if etype == "EVAL":
                pol = _clause_polarity(doc, view, c)
                if abs(pol) < 0.2:
                    continue
                etype = "ACCUSE" if pol < 0 else "SUPPORT"
                base -= 0.1
            refs = [MentionRef(r.ref, r.mention, r.i, r.j, r.kind) for r in sent_refs]
            args = _args(doc, view, c, refs)
            if not args.who:
                args.who = _implicit_who(doc, view, c, refs, events, sent_events)
            args.who = [r for r in args.who if not _possessive(doc, r, args.who)]
            if not args.whom and c.kind != "NOUN" and "obj" in c.trigger.whom:
                args.whom = _taken_up_agents(doc, view, c, lex, events, args)
            # a bare noun ("das zweite Treffen in Folge") with nothing of its frame is rarely a new event
            # (an agent read off an adjective alone does not make it one: "die amerikanische Hilfe" in passing)
            stated = [r for r in args.who if not r.derived]
            if c.kind == "NOUN" and not stated and not args.whom and not _has_context(doc, view, c, places):
                continue
            # a definite noun takes up a happening already reported ("die Konferenz", "nach dem Telefonat")
            # unless the sentence adds its own participants or date to it
            if (
                c.kind == "NOUN"
                and _definite(doc, c.i, view.sent.start)
                and etype in event_types_seen
                and not any(c.i - 2 <= r.i <= c.j + 5 for r in args.who)
                and not _has_context(doc, view, c, [])
            ):
                continue
            where = _where(doc, view, c, places, args)
            if not args.whom and c.trigger.mode == "visit" and args.who:
                args.whom = _visited_country(doc, c, where, args)
            when = _governing_timex(doc, c.i) or _nearest_timex(doc, view, c) or _narrative_time(doc, view, events)
            conf = base + (0.25 if args.who else 0) + (0.05 if args.parsed and args.who else 0)
            conf += 0.05 * bool(args.whom) + 0.05 * bool(where) + 0.05 * bool(when)
            end_tok = c.j - 1
            trig_mention = mention_of(doc, doc[c.i].idx, doc[end_tok].idx + len(doc[end_tok].text))
            ev = records.Event(
                id=f"e{len(events) + 1}",
                type=etype,
                trigger=trig_mention,
                sentence=(sent.start_char, sent.end_char),
                negated=_negated(doc, view, c, cues),
                modality=_modality(doc, view, c, cues),
                mode=c.trigger.mode,
                cameo=c.trigger.cameo,
                who=[_arg(doc, r) for r in args.who],
                whom=[_arg(doc, r) for r in args.whom],
                where=[records.PlaceArg(r.ref, r.mention) for r in where],
                when=when,
                confidence=round(max(0.05, min(0.95, conf)), 2),
            )
            if c.kind == "PHRASE" and ev.negated and any(cues.is_negation(w) for w in c.trigger.words):
                ev.negated = False
            sent_events.append((c, ev))
            if _is_heading(sent):
                headings.append((len(events), sent.end_char))
            if f"{c.i}" in absorbed_types:
                doc.user_data.setdefault("news_events.absorbed", {})[ev.trigger.start] = absorbed_types[f"{c.i}"]
            events.append(ev)
            event_types_seen.add(ev.type)
    return _drop_repeated_headings(events, headings)


def _visited_country(doc: Doc, c: Candidate, where: list[MentionRef], args: Args) -> list[MentionRef]:
    """A visit to a place abroad is a visit to its country ("Besuch von Johnson in Kiew" -> Ukraine), when that
    country is an actor of the article; a visit at home names no host."""
    countries = {p.id: p.country for p in records.get(doc, "places")}
    own = {a.country for a in records.get(doc, "actors") if a.id in {r.ref for r in args.who}}
    if not own or None in own:
        return []  # without the visitor's country a domestic trip cannot be told from a foreign one
    for r in where:
        prep = doc[r.i - 1].lower_ if r.i > 0 else ""
        iso = countries.get(r.ref)
        if prep in ("in", "nach") and iso and iso not in own:
            actor = _country_actor(doc, iso)
            if actor is not None:
                return [MentionRef(actor.id, r.mention, r.i, r.j, actor.type, slot="in", derived=True)]
    return []


def _taken_up_agents(
    doc: Doc, view: SentenceView, c: Candidate, lex: Lexicon, events: list[records.Event], args: Args
) -> list[MentionRef]:
    """ "Moskau verurteilte die Entsendung": a definite event noun as object takes up the happening reported
    before, and the agents of that happening are the target."""
    hi = view.clause_range(c.i)[1]
    end = c.j if c.kind != "SPLIT" else c.i + 1
    k = next((k for k in range(end, min(hi, end + 3)) if doc[k].lower_ in ("die", "den", "diese", "diesen")), None)
    if k is None or k + 1 >= hi or not doc[k + 1].text[:1].isupper():
        return []
    types = {t.type for t in _noun_lookup(lex, doc[k + 1].lower_)}
    if not types or doc[k + 1].idx < view.sent.start_char:
        return []
    s_char = view.sent.start_char
    last = next((e for e in reversed(events) if e.sentence[1] <= s_char and e.type in types and e.who), None)
    if last is None:
        return []
    own = {r.ref for r in args.who}
    return [MentionRef(a.actor, a.mention, c.i, c.j) for a in last.who if a.actor not in own]


def _is_heading(sent: Span) -> bool:
    last = sent[-1].text if len(sent) else ""
    return (
        len(sent) <= 10 and last not in (".", "!", "?") and "\n" in text_of(sent.doc)[sent.end_char : sent.end_char + 3]
    )


def _drop_repeated_headings(events: list[records.Event], headings: list[tuple[int, int]]) -> list[records.Event]:
    """A heading event repeated by the following text is the same happening, reported once (by the text)."""
    drop = set()
    for idx, end in headings:
        head = events[idx]
        for other in events[idx + 1 : idx + 8]:
            if other.type == head.type and other.sentence[0] >= end and other.sentence[0] - end < 600:
                drop.add(idx)
                break
    kept = [e for k, e in enumerate(events) if k not in drop]
    for n, e in enumerate(kept, 1):
        e.id = f"e{n}"
    return kept


def _arg(doc: Doc, ref: MentionRef) -> records.ActorArg:
    role = None
    actor = _actor_by_id(doc).get(ref.ref)
    if actor is not None:
        before = text_of(doc)[max(0, ref.mention.start - 40) : ref.mention.start]
        role = next((r for r in actor.roles if r and r in before), None)
    return records.ActorArg(ref.ref, ref.mention, role)


def _has_context(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef]) -> bool:
    lo, hi = view.clause_range(c.i)
    if any(lo <= p.i < hi for p in places):
        return True
    toks = _timex_tokens(doc)[0]
    k = bisect.bisect_left(toks, lo)
    return k < len(toks) and toks[k] < hi


def _tok(doc: Doc, char: int) -> int:
    span = doc.char_span(char, min(len(text_of(doc)), char + 1), alignment_mode="expand")
    return span.start if span is not None and len(span) else -1


def _narrative_time(doc: Doc, view: SentenceView, events: list[records.Event]) -> records.Timex | None:
    """A sentence without its own date goes on at the time of the sentence before, within one paragraph."""
    if not events or events[-1].when is None:
        return None
    prev = events[-1]
    gap = text_of(doc)[prev.sentence[1] : view.sent.start_char]
    if "\n" in gap or len(gap) > 3:
        return None
    return prev.when


def _nearest_timex(doc: Doc, view: SentenceView, c: Candidate) -> records.Timex | None:
    s, e = view.sent.start_char, view.sent.end_char
    timexes = records.get(doc, "timexes")
    _toks, by_start, starts, _ends = _timex_tokens(doc)
    # the timexes starting in the sentence (by bisection), back in their list order
    near = sorted(n for _a, n in by_start[bisect.bisect_left(starts, s) : bisect.bisect_right(starts, e)])
    inside = [timexes[n] for n in near if timexes[n].end <= e]
    if not inside:
        return None
    lo, hi = view.clause_range(c.i)
    clause = [t for t in inside if lo <= _tok(doc, t.start) < hi]
    pool = clause or inside
    anchor = doc[c.i].idx
    return min(pool, key=lambda t: abs(t.start - anchor))


def _where(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef], args: Args) -> list[MentionRef]:
    sent_places = _window(places, view.sent.start, view.sent.end)
    if not sent_places:
        return []
    lo, hi = view.clause_range(c.i)
    used = {(r.i, r.j) for r in args.who + args.whom}
    pool = []
    for p in sent_places:
        if not (lo <= p.i < hi) or (p.i, p.j) in used:
            continue
        _classify(doc, p, max(lo, view.sent.start))
        coordinated = (
            pool
            and 0 < p.i - pool[-1].j <= 2
            and any(t.lower_ in ("und", "sowie", "oder") for t in doc[pool[-1].j : p.i])
        )
        if p.slot in LOCATIVE or (c.kind == "NOUN" and p.i == c.i) or coordinated:
            pool.append(p)  # "nach Deutschland und Polen": the second place shares the preposition
    out, seen = [], set()
    for p in pool:
        if p.ref not in seen:
            seen.add(p.ref)
            out.append(p)
    return out


class EventExtractor:
    """Sets doc._.events (list[records.Event])."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name
        self.lexicon = Lexicon()
        self.cues = Cues.load()

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            try:
                doc._.events = extract(doc, self.lexicon, self.cues)
            except Exception:  # never fail a request because of one odd text; log and return no events
                import logging

                logging.getLogger(__name__).exception("news_events failed on a document of %d chars", len(doc.text))
                doc._.events = []
            yield doc


@Language.factory("news_events", default_config={})
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
