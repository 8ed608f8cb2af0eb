"""news_stance: attributes quotes to speakers and finds who evaluates which event or actor how.

Attribution: direct quotes („…“ "…" »…« «…» “…”) and reported speech take the speaker of their sentence: the
actor next to a speech verb (sagte X, X sagte, betonte er), after 'laut', 'so', 'nach Angaben von', before
'zufolge'; a sentence in Konjunktiv I without its own speaker continues the previous sentence's speaker.

Stance: evaluative verbs (begrüßen, kritisieren, ...) give their subject's stance; polar words and phrases inside
attributed speech (data/stance/evaluative.tsv over the MIT polarity lexicon polarity.tsv, with negation
flipping) give the speaker's stance, one per speaker and sentence, scored as the mean cue polarity in [-1, 1].
The target is the event the evaluation is about (the evaluated noun's event, else an event of the same or the
previous sentences), else an actor named in the evaluated words.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import records
from .actors import mention_tokens
from .events import mention_of, segment_at, segments, text_of

DATA = Path(__file__).resolve().parent / "data" / "stance"
QUOTE_PAIRS = (("„", "“”"), ("»", "«"), ("«", "»"), ("“", "”"), ('"', '"'), ("‚", "‘"))
NEGATORS = {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals", "kaum"}
NEUTRAL_BAND = 0.25
PRONOUNS = {"er": "PERSON", "sie": None}
PREPS = {"mit", "gegen", "an", "am", "von", "vom", "zu", "zum", "zur", "nach", "bei", "in", "im", "für", "auf", "über"}


def _read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


class Lexicon:
    """Polarity of words and phrases: evaluative.tsv entries override the converted polarity.tsv."""

    _instance: Lexicon | None = None

    def __init__(self) -> None:
        self.words: dict[str, float] = {}
        self.phrases: list[tuple[list[str], float]] = []
        self.verbs: list[tuple[str, float]] = []
        for row in _read_tsv(DATA / "polarity.tsv"):
            try:
                pol, conf = float(row["polarity"]), float(row["confidence"])
            except (KeyError, TypeError, ValueError):
                continue
            # verbs are too often neutral reporting ("begründete"); evaluative verbs come from evaluative.tsv
            if conf < 1 or abs(pol) < 0.5 or row.get("pos") not in ("ADJ", "NOUN"):
                continue
            self.words.setdefault(row["lemma"].lower(), pol)
        for row in _read_tsv(DATA / "evaluative.tsv"):
            cue, kind, pol = row["cue"].strip().lower(), row["kind"].strip(), float(row["polarity"])
            if kind == "verb":
                self.verbs.append((cue, pol))
            else:
                self.phrases.append((cue.split(), pol))
        self.phrases.sort(key=lambda p: -len(p[0]))
        self.speech_verbs: set[str] = set()
        self.preps: list[list[str]] = []
        self.post: set[str] = set()
        self.subj: set[str] = set()
        for row in _read_tsv(DATA / "speech.tsv"):
            word, kind = row["word"].strip().lower(), row["kind"].strip()
            if kind == "verb":
                self.speech_verbs.add(word)
            elif kind == "prep":
                self.preps.append(word.split())
            elif kind == "post":
                self.post.add(word)
            elif kind == "subj":
                self.subj.add(word)
        self.preps.sort(key=lambda p: -len(p))

    @classmethod
    def get(cls) -> Lexicon:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def verb_polarity(self, low: str) -> float | None:
        for cue, pol in self.verbs:
            if cue.endswith("*") and low.startswith(cue[:-1]) or low == cue:
                return pol
        return None

    def word_polarity(self, low: str) -> float | None:
        if low in self.words:
            return self.words[low]
        for suf in ("en", "er", "es", "em", "e", "s", "n"):
            if low.endswith(suf) and len(low) - len(suf) >= 3 and low[: -len(suf)] in self.words:
                return self.words[low[: -len(suf)]]
        return None


def _match(pattern: str, low: str) -> bool:
    return low.startswith(pattern[:-1]) if pattern.endswith("*") else low == pattern


@dataclass
class Cue:
    i: int
    j: int
    score: float
    phrase: bool


def cues_in(doc: Doc, lo: int, hi: int, lex: Lexicon | None = None) -> list[Cue]:
    """Polar cues among tokens lo..hi: phrases first, then single words; a negator before a word flips it."""
    memo = None
    if lex is None or lex is Lexicon.get():
        # the same sentence is searched for the events, the attributions and the stances: once is enough
        # (callers only read the cues)
        memo = doc.user_data.setdefault("news_stance.cues", {})
        if (lo, hi) in memo:
            return memo[(lo, hi)]
    lex = lex or Lexicon.get()
    lows = [t.lower_ for t in doc[lo:hi]]
    taken: set[int] = set()
    out: list[Cue] = []
    at: dict[str, list[int]] = {}
    for k, low in enumerate(lows):
        at.setdefault(low, []).append(k)
    for words, pol in lex.phrases:
        n = len(words)
        first = words[0]
        # an exact first word is looked up, a wildcard one tested per token: only where it matches go on
        if first.endswith("*"):
            starts = [k for k, low in enumerate(lows) if low.startswith(first[:-1])]
        else:
            starts = at.get(first, [])
        for k in starts:
            if k > len(lows) - n:
                break
            if any(k + q in taken for q in range(n)):
                continue
            if all(_match(w, lows[k + q]) for q, w in enumerate(words)):
                out.append(Cue(lo + k, lo + k + n, pol, True))
                taken.update(range(k, k + n))
    for k, low in enumerate(lows):
        if k in taken or len(low) < 3 or not low.isalpha():
            continue
        pol = lex.word_polarity(low)
        if pol is None:
            continue
        if any(lows[q] in NEGATORS for q in range(max(0, k - 2), k)):
            pol = -pol * 0.7
        out.append(Cue(lo + k, lo + k + 1, pol, False))
    out.sort(key=lambda c: c.i)
    if memo is not None:
        memo[(lo, hi)] = out
    return out


def polarity_in(doc: Doc, lo: int, hi: int) -> float:
    """Mean polarity of the cues among tokens lo..hi (0.0 without cues); phrases weigh double."""
    return _score(cues_in(doc, lo, hi))


def _score(cues: list[Cue]) -> float:
    """The curated evaluative phrases decide when present; otherwise the mean of the lexicon words."""
    chosen = [c for c in cues if c.phrase] or cues
    return sum(c.score for c in chosen) / len(chosen) if chosen else 0.0


# ---------------------------------------------------------------- attribution


@dataclass
class Attribution:
    speaker: str | None
    mention: records.Mention | None
    cue: records.Mention | None
    sent: tuple[int, int]  # token range
    reported: bool  # the sentence is (partly) someone's speech


_QUOTE_PATTERNS = [
    re.compile(
        re.escape(opener) + r"[^" + re.escape(closers) + re.escape(opener) + r"\n]{1,3000}[" + re.escape(closers) + r"]"
    )
    for opener, closers in QUOTE_PAIRS
]


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Direct quotes as sorted, disjoint character spans (a quote overlapping an earlier-found one is dropped)."""
    spans: list[tuple[int, int]] = []  # kept sorted and disjoint, so one neighbour decides an overlap
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            if not _overlaps(spans, m.start(), m.end()):
                bisect.insort(spans, (m.start(), m.end()))
    return spans


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether sorted disjoint spans overlap start..end: only the last span starting before `end` can."""
    k = bisect.bisect_left(spans, (end,)) - 1
    return k >= 0 and spans[k][1] > start


def _inside(spans: list[tuple[int, int]], char: int) -> bool:
    """Whether a character offset lies in one of the sorted disjoint spans."""
    k = bisect.bisect_right(spans, (char, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]


def _doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The Doc's quote spans, found once."""
    cached = doc.user_data.get("news_stance.quote_spans")
    if cached is None:
        cached = doc.user_data["news_stance.quote_spans"] = _quote_spans(text_of(doc))
    return cached


def _refs_in(refs: list, lo: int, hi: int) -> list:
    """The refs (sorted by first token) whose first token lies in lo..hi-1: a bisection, not a scan."""
    return refs[bisect.bisect_left(refs, lo, key=_first) : bisect.bisect_left(refs, hi, key=_first)]


def _first(ref: tuple) -> int:
    return ref[0]


def _pronoun(doc: Doc, k: int, refs: list, before: int, prev=None) -> tuple[str, records.Mention] | None:
    tok = doc[k]
    try:
        from .actors import actor_at

        hit = actor_at(doc, tok.idx, tok.idx + len(tok.text))
        if hit:
            return hit
    except Exception:
        pass
    want = PRONOUNS.get(tok.lower_)
    if prev is not None and prev.speaker and prev.mention:
        # the speaker of the last sentences is the likeliest "er"/"sie" that speaks again
        kinds = records.derived(doc, "news_stance.actor_kinds", refs, lambda: {r[2]: r[4] for r in refs})
        if want is None or kinds.get(prev.speaker) == want:
            return prev.speaker, prev.mention
    # else the first fitting mention (subjects come first) of the nearest earlier sentence that has one
    earlier = _refs_in(refs, 0, before)
    last = next((r for r in reversed(earlier) if want is None or r[4] == want), None)
    if last is None:
        return None
    # the refs are sorted by first token, so those of the last one's sentence come right before it
    last_sent = segment_at(doc, last[0]).start
    first = next(r for r in _refs_in(earlier, last_sent, before) if want is None or r[4] == want)
    return first[2], first[3]


def attributions(doc: Doc) -> list[Attribution]:
    """One Attribution per sentence (cached on the Doc), the speaker None where nobody speaks."""
    cached = doc.user_data.get("news_stance.attributions")
    if cached is not None:
        return cached
    lex = Lexicon.get()
    refs = mention_tokens(doc)
    quotes = _doc_quotes(doc)
    out: list[Attribution] = []
    prev: Attribution | None = None
    last_speaker: Attribution | None = None
    last_seg = -9
    for sent in segments(doc):
        s_lo, s_hi = sent.start, sent.end

        def in_quote(k: int) -> bool:
            return _inside(quotes, doc[k].idx)

        speaker = cue = mention = None
        lows = [t.lower_ for t in sent]
        sent_refs = [r for r in _refs_in(refs, s_lo, s_hi) if not in_quote(r[0]) and doc[r[0] - 1].text != "("]
        # phrases before the speaker: laut X, nach Angaben von X, so X
        for k in range(len(lows)):
            if speaker:
                break
            for words in lex.preps:
                n = len(words)
                if lows[k : k + n] != words or in_quote(s_lo + k):
                    continue
                if words == ["so"] and not (k > 0 and lows[k - 1] in (",", "“", "”", "«", "»", '"')):
                    continue
                nxt = [r for r in sent_refs if s_lo + k + n <= r[0] <= s_lo + k + n + 2]
                if nxt:
                    speaker, mention = nxt[0][2], nxt[0][3]
                    cue = records.Mention.of(
                        doc, doc[s_lo + k].idx, doc[s_lo + k + n - 1].idx + len(doc[s_lo + k + n - 1])
                    )
                    break
        if not speaker:
            for k in range(len(lows)):
                if lows[k] in lex.post and not in_quote(s_lo + k):
                    prevr = [r for r in sent_refs if r[1] <= s_lo + k and s_lo + k - r[1] <= 2]
                    if prevr:
                        speaker, mention = prevr[-1][2], prevr[-1][3]
                        cue = mention_of(doc, doc[s_lo + k].idx, doc[s_lo + k].idx + len(doc[s_lo + k]))
                        break
        if not speaker:
            for k in range(len(lows)):
                if lows[k] not in lex.speech_verbs or in_quote(s_lo + k):
                    continue
                gi = s_lo + k
                after = [r for r in sent_refs if gi < r[0] <= gi + 8]
                after = [r for r in after if not any(doc[q].text in (",", ";", ":") for q in range(gi + 1, r[0]))]
                before = [r for r in sent_refs if r[1] <= gi and gi - r[1] <= 6]
                before = [
                    r
                    for r in before
                    if not any(doc[q].text in (",", ";", ":", "“", "”", "«", "»") for q in range(r[1], gi))
                ]
                pron = next((q for q in range(gi + 1, min(s_hi, gi + 3)) if doc[q].lower_ in PRONOUNS), None)
                if pron is None and gi - 1 >= s_lo and doc[gi - 1].lower_ in PRONOUNS:
                    pron = gi - 1  # "Er sagte, ..."
                if before and (not after or (k > 0 and lows[k - 1] not in (",",))):
                    person = [r for r in before if r[4] == "PERSON"]
                    pick = person[-1] if person else before[-1]
                    speaker, mention = pick[2], pick[3]
                elif pron is not None and (not after or pron < after[0][0]):
                    recent = last_speaker if last_speaker is not None and last_seg == len(out) - 1 else None
                    hit = _pronoun(doc, pron, refs, s_lo, recent)
                    if hit:
                        speaker, mention = hit
                elif after:
                    person = [r for r in after if r[4] == "PERSON"]
                    pick = person[0] if person else after[0]
                    speaker, mention = pick[2], pick[3]
                if speaker:
                    cue = mention_of(doc, doc[gi].idx, doc[gi].idx + len(doc[gi]))
                    break
        reported = bool(speaker)
        heading = len(sent) <= 10 and sent[-1].text not in (".", "!", "?", ":")
        if not speaker and prev is not None and prev.speaker and not heading:
            konj = any(w in lex.subj for w in lows)
            all_quote = len(sent) > 0 and in_quote(s_lo) or any(in_quote(s_lo + k) for k in range(min(2, len(lows))))
            if konj or all_quote:
                speaker, mention, cue, reported = prev.speaker, prev.mention, prev.cue, True
        att = Attribution(speaker, mention, cue, (s_lo, s_hi), reported)
        out.append(att)
        if att.speaker:
            last_speaker, last_seg = att, len(out) - 1
        if not heading:  # a heading between two sentences of one speaker does not end the speech
            prev = att if att.speaker else None
    doc.user_data["news_stance.attributions"] = out
    return out


def speaker_at(doc: Doc, char: int) -> tuple[str, records.Mention] | None:
    """The speaker of the sentence containing character offset `char`, if the text names one."""
    atts = attributions(doc)
    cached = doc.user_data.get("news_stance.sentence_chars")
    if cached is None or cached[0] is not atts:
        # (first char, one past the last char + 1, attribution) per sentence, in order: starts and ends only grow
        bounds = []
        for att in atts:
            lo, hi = att.sent
            if hi > lo:
                bounds.append((doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]) + 1, att))
        cached = (atts, bounds, [b[0] for b in bounds])
        doc.user_data["news_stance.sentence_chars"] = cached
    _atts, bounds, starts = cached
    # the first sentence whose range holds the offset: the last one starting by it, or the one before (the ranges
    # reach one character past a sentence, into the next one when no space separates them)
    k = bisect.bisect_right(starts, char) - 1
    for q in (k - 1, k):
        if q >= 0 and bounds[q][0] <= char < bounds[q][1]:
            att = bounds[q][2]
            if att.speaker and att.mention:
                return att.speaker, att.mention
            return None
    return None


def _quotes(doc: Doc, atts: list[Attribution]) -> list[records.Quote]:
    """Direct quotes with the speaker of the sentences they stand in, then reported speech outside quotes."""
    out = []
    spans = _doc_quotes(doc)
    bounds = [
        (doc[t.sent[0]].idx, doc[t.sent[1] - 1].idx + len(doc[t.sent[1] - 1]), t) for t in atts if t.sent[1] > t.sent[0]
    ]
    # sentences are disjoint and in order, so starts and ends both grow: the overlapping ones are one stretch
    starts = [s for s, _e, _t in bounds]
    ends = [e for _s, e, _t in bounds]
    for a, b in spans:
        # the sentences the quote overlaps, the one holding its closing mark first ("„…“, sagte sie.")
        near = bounds[bisect.bisect_right(ends, a) : bisect.bisect_left(starts, b)]
        overlapping = [t for s, e, t in near if s < b and a < e]
        closing = [t for s, e, t in near if s <= b - 1 < e]
        att = next((t for t in closing + overlapping if t.speaker), None)
        out.append(records.Quote(a, b, att.speaker if att else None, att.cue if att else None, True))
    for att in atts:
        lo, hi = att.sent
        if not att.speaker or hi <= lo:
            continue
        s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        if _overlaps(spans, s, e):
            continue
        out.append(records.Quote(s, e, att.speaker, att.cue, False))
    out.sort(key=lambda q: q.start)
    return out


# ---------------------------------------------------------------- stances


def _polarity(score: float) -> str:
    if score >= NEUTRAL_BAND:
        return "positive"
    if score <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def _target_event(
    doc: Doc, events: list[records.Event], s_char: int, cue: records.Mention, exclude: set[str]
) -> str | None:
    """The event an evaluation is about: one in the same sentence that is not the evaluation, else the latest before."""
    by_sentence, ends = _event_index(doc, events)
    same = next(
        (
            e
            for e in by_sentence.get(s_char, ())
            if e.id not in exclude and not (e.trigger.start < cue.end and cue.start < e.trigger.end)
        ),
        None,
    )
    if same is not None:
        return same.id
    # events come in text order, so those ending by s_char are a prefix (else all of them are looked at)
    prefix = events[: bisect.bisect_right(ends, s_char)] if ends is not None else events
    before = (
        e
        for e in reversed(prefix)
        if e.sentence[1] <= s_char and e.type not in ("ACCUSE", "SUPPORT") and e.id not in exclude
    )
    last = next(before, None)
    return last.id if last else None


def _event_index(doc: Doc, events: list[records.Event]) -> tuple[dict[int, list[records.Event]], list[int] | None]:
    """Events by sentence start, and their sentence ends when those never decrease; built once per Doc."""

    def build() -> tuple[dict[int, list[records.Event]], list[int] | None]:
        by_sentence: dict[int, list[records.Event]] = {}
        for e in events:
            by_sentence.setdefault(e.sentence[0], []).append(e)
        ends = [e.sentence[1] for e in events]
        return by_sentence, ends if all(a <= b for a, b in zip(ends, ends[1:], strict=False)) else None

    return records.derived(doc, "news_stance.event_index", events, build)


def _clause_subject(doc: Doc, refs: list, lo: int, cue_i: int) -> str | None:
    """The first actor of the cue's clause that no preposition governs: the holder of an evaluation."""
    start = cue_i
    while start > lo and doc[start - 1].text not in (",", ";", ":"):
        start -= 1
    for i, _j, aid, _m, _t in _refs_in(refs, start, cue_i):
        if start <= i < cue_i:
            prev = doc[i - 1].lower_ if i > 0 else ""
            prev2 = doc[i - 2].lower_ if i > 1 else ""
            if prev in PREPS or prev2 in PREPS or prev == "(":
                continue
            return aid
    return None


def _agent_stances(
    ev: records.Event,
    sent_start: int,
    score: float,
    cue: records.Mention,
    target: str | None,
    seen: set[tuple[str | None, int]],
) -> list[records.Stance]:
    """One stance per agent of an evaluative event, at most one per agent and sentence (seen is updated)."""
    out = []
    for who in ev.who:
        key = (who.actor, sent_start)
        if key in seen:
            continue
        seen.add(key)
        whom = ev.whom[0].actor if ev.whom else None
        out.append(records.Stance(who.actor, _polarity(score), round(score, 2), cue, target, whom))
    return out


def extract(doc: Doc) -> tuple[list[records.Quote], list[records.Stance]]:
    lex = Lexicon.get()
    atts = attributions(doc)
    events = records.get(doc, "events")
    absorbed = doc.user_data.get("news_events.absorbed", {})
    stances: list[records.Stance] = []
    seen: set[tuple[str | None, int]] = set()
    quote_spans = _doc_quotes(doc)
    # evaluative-verb events: the subject judges the object (begrüßte den Schritt, verurteilte die Entsendung)
    for ev in events:
        tok = records.tokens_of(doc, ev.trigger.start, ev.trigger.end)
        if tok is None or not ev.who:
            continue
        pol = lex.verb_polarity(tok[0].lower_)
        if pol is None:
            continue
        sent = segment_at(doc, tok[0].i)
        cues = [c for c in cues_in(doc, sent.start, sent.end) if c.phrase and (c.score > 0) == (pol > 0)]
        cue_m = mention_of(doc, ev.trigger.start, ev.trigger.end)
        if cues:
            c = max(cues, key=lambda c: abs(c.score))
            cue_m = mention_of(doc, doc[c.i].idx, doc[c.j - 1].idx + len(doc[c.j - 1]))
        target = None
        kind = absorbed.get(ev.trigger.start)
        if kind:
            prior = [e for e in events if e.type == kind and e.trigger.start < ev.trigger.start]
            target = prior[-1].id if prior else None
        if target is None:
            target = _target_event(doc, events, sent.start_char, cue_m, {ev.id})
        stances.extend(_agent_stances(ev, sent.start, pol, cue_m, target, seen))
    # criticism and praise are stances of their agents (Moskau verurteilte ..., X bezeichnete ... als ...)
    for ev in events:
        if ev.type not in ("ACCUSE", "SUPPORT") or not ev.who:
            continue
        tok = records.tokens_of(doc, ev.trigger.start, ev.trigger.end)
        if tok is None:
            continue
        sent = segment_at(doc, tok[0].i)
        sign = 1 if ev.type == "SUPPORT" else -1
        cues = [c for c in cues_in(doc, tok.start, sent.end) if c.score * sign > 0]
        cue_m = mention_of(doc, ev.trigger.start, ev.trigger.end)
        if cues:
            c = max(cues, key=lambda c: (c.phrase, abs(c.score)))
            cue_m = mention_of(doc, doc[c.i].idx, doc[c.j - 1].idx + len(doc[c.j - 1]))
        target = _target_event(doc, events, sent.start_char, cue_m, {ev.id})
        stances.extend(_agent_stances(ev, sent.start, 0.7 * sign, cue_m, target, seen))
    # evaluative phrases with a subject that holds them: "hält X für nicht nötig", "sieht X als Hindernis"
    refs = mention_tokens(doc)
    for att in atts:
        lo, hi = att.sent
        if att.speaker or hi <= lo:
            continue
        for c in cues_in(doc, lo, hi):
            if not c.phrase:
                continue
            holder = _clause_subject(doc, refs, lo, c.i)
            if holder is None or (holder, lo) in seen:
                continue
            seen.add((holder, lo))
            cue_m = mention_of(doc, doc[c.i].idx, doc[c.j - 1].idx + len(doc[c.j - 1]))
            target = _target_event(doc, events, doc[lo].idx, cue_m, set())
            stances.append(records.Stance(holder, _polarity(c.score), round(c.score, 2), cue_m, target, None))
    # attributed speech: the speaker's evaluation in the sentence (outside the speech cue itself)
    for att in atts:
        lo, hi = att.sent
        if not att.speaker or hi <= lo or (att.speaker, lo) in seen:
            continue
        cues = [c for c in cues_in(doc, lo, hi) if not (att.cue and doc[c.i].idx == att.cue.start)]
        cues = [c for c in cues if lex.verb_polarity(doc[c.i].lower_) is None or c.phrase]
        if not cues:
            continue
        score = _score(cues)
        if abs(score) < NEUTRAL_BAND:
            continue
        # one polar word alone is weak evidence unless it stands in the speaker's own words (a direct quote)
        agreeing = [c for c in cues if (c.score > 0) == (score > 0)]
        quoted = any(_inside(quote_spans, doc[c.i].idx) for c in agreeing)
        if not any(c.phrase for c in agreeing) and len(agreeing) < 2 and not quoted:
            continue
        best = max(cues, key=lambda c: (c.phrase, abs(c.score)))
        cue_m = mention_of(doc, doc[best.i].idx, doc[best.j - 1].idx + len(doc[best.j - 1]))
        s_char = doc[lo].idx
        target = _target_event(doc, events, s_char, cue_m, set())
        target_actor = None
        if target is None:
            others = [r for r in _refs_in(mention_tokens(doc), lo, hi) if r[2] != att.speaker]
            target_actor = others[0][2] if others else None
        seen.add((att.speaker, lo))
        stances.append(
            records.Stance(
                att.speaker, _polarity(score), round(max(-1.0, min(1.0, score)), 2), cue_m, target, target_actor
            )
        )
    stances.sort(key=lambda s: s.cue.start)
    return _quotes(doc, atts), stances


class StanceAnnotator:
    """Sets doc._.quotes (list[records.Quote]) and doc._.stances (list[records.Stance])."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name
        Lexicon.get()

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            try:
                doc._.quotes, doc._.stances = extract(doc)
            except Exception:  # one odd text must not fail the request
                import logging

                logging.getLogger(__name__).exception("news_stance failed on a document of %d chars", len(doc.text))
                doc._.quotes, doc._.stances = [], []
            yield doc


@Language.factory("news_stance", default_config={})
def make_stance(nlp: Language, name: str) -> StanceAnnotator:
    return StanceAnnotator(nlp, name)
