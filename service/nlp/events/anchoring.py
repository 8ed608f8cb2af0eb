"""when: the time of an event, from its clause, its sentence, or the narrative before it."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from .. import records
from ..sentences import SentenceView, segment_at
from .mentions import annotated, timex_tokens, token_at
from .triggers import Candidate


def nearest_timex(doc: Doc, view: SentenceView, c: Candidate) -> records.Timex | None:
    s, e = view.sent.start_char, view.sent.end_char
    timexes = records.get(doc, "timexes")
    _toks, by_start, starts, _ends = timex_tokens(doc)
    # the timexes starting in the sentence (by bisection), back in their list order
    near = sorted(n for _a, n in by_start[bisect.bisect_left(starts, s) : bisect.bisect_right(starts, e)])
    inside = [timexes[n] for n in near if timexes[n].end <= e]
    if not inside:
        return None
    lo, hi = view.clause_range(c.i)
    clause = [t for t in inside if lo <= token_at(doc, t.start) < hi]
    pool = clause or inside
    anchor = doc[c.i].idx
    return min(pool, key=lambda t: abs(t.start - anchor))


def narrative_time(doc: Doc, view: SentenceView, events: list[records.Event]) -> records.Timex | None:
    """A sentence without its own date goes on at the time of the sentence before, within one paragraph."""
    if not events or events[-1].when is None:
        return None
    prev = events[-1]
    gap = records.doc_text(doc)[prev.sentence[1] : view.sent.start_char]
    if "\n" in gap or len(gap) > 3:
        return None
    return prev.when


_CLAUSE_SEP = re.compile(r"[,;:–—]|\b(?:und|aber|oder|sondern|weil|während|dass|wenn|als|nachdem|bevor)\b")


def _calendar_timexes(doc: Doc) -> list[records.Timex]:
    """The DATE/TIME expressions with a calendar value, filtered once per Doc (not once per event trigger)."""
    timexes = records.get(doc, "timexes")
    return records.derived(
        doc,
        "news_temporal.calendar",
        timexes,
        lambda: [t for t in timexes if t.type in ("DATE", "TIME") and not (t.value or "").endswith("_REF")],
    )


def governing_timex(doc: Doc, token_index: int) -> records.Timex | None:
    """The expression that governs the clause of the token (an event trigger), else the nearest in its sentence.

    Only DATE/TIME expressions with a calendar value (or an unresolved one) count: "seit Jahren", "täglich" or
    "derzeit" do not say when an event happened. Never falls back to the publication date.
    """
    # only expressions that place an event on the calendar: not durations, frequencies or PAST_REF-style vagueness
    timexes = _calendar_timexes(doc)
    if not timexes or not 0 <= token_index < len(doc):
        return None
    tok = doc[token_index]
    # called once per event trigger: stay linear in the sentence, not in the document
    sent = segment_at(doc, token_index)
    s0, s1 = sent.start_char, sent.end_char
    text, base = records.doc_text(doc), 0
    parsed = annotated(doc, "DEP")
    lo = bisect.bisect_left(timexes, s0, key=lambda t: t.start)
    in_sent = []
    for t in timexes[lo:]:
        if t.start >= s1:
            break
        if t.start >= s0 and t.end <= s1:
            in_sent.append(t)
    if not in_sent:
        return None
    if parsed:
        hit = _by_dependency(doc, tok, in_sent)
        if hit is not None:
            return hit
    return _by_clause(text, base, tok.idx, s0, s1, in_sent)


def _clause_head(tok):
    """The verb heading the token's clause (the token itself when it is a verb)."""
    seen = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head is not tok and seen < 50:
        tok = tok.head
        seen += 1
    return tok


def _by_dependency(doc: Doc, tok, cands: list[records.Timex]) -> records.Timex | None:
    head = _clause_head(tok)
    chain = []
    cur, seen = head, 0
    while seen < 50:
        chain.append(cur.i)
        if cur.head is cur:
            break
        cur = _clause_head(cur.head)
        seen += 1
    best: tuple[int, int, records.Timex] | None = None
    for t in cands:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        attach = _clause_head(span.root.head if span.root.head is not span.root else span.root)
        if attach.i in chain:
            rank = chain.index(attach.i)
            dist = abs(span.start - tok.i)
            if best is None or (rank, dist) < best[:2]:
                best = (rank, dist, t)
    return best[2] if best else None


def _by_clause(text: str, base: int, pos: int, s0: int, s1: int, cands: list[records.Timex]) -> records.Timex:
    """Nearest expression in the clause around pos (between commas/conjunctions), else in the sentence.

    text starts at document offset base (the sentence text when the Doc has sentences)."""
    left = s0
    for m in _CLAUSE_SEP.finditer(text, s0 - base, pos - base):
        left = m.end() + base
    m = _CLAUSE_SEP.search(text, pos - base, s1 - base)
    right = m.start() + base if m else s1
    same = [t for t in cands if t.start >= left and t.end <= right]
    pool = same or cands
    return min(pool, key=lambda t: min(abs(t.start - pos), abs(t.end - pos)))
