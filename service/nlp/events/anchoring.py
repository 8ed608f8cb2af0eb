"""when: the time of an event, from the governing time of its clause, else from the narrative before it.

For an event trigger (`event_time`):

1. The tense of its clause (news_temporal's tense rules): past, present or future, and whether it is a pluperfect.
2. Its own time: the calendar expressions of its sentence (DATE/TIME with a calendar value, never durations, sets
   or PAST_REF-like vagueness) that can date it, the one governing its clause first (the dependency parse when
   there is one, else the stretch between commas and conjunctions), else the nearest. An expression cannot date
   the event when it names what a past act was for ("hatte für dieses Jahr zugesagt"), lies after the publication
   date while the event is told in the past ("schlug ein Treffen in der kommenden Woche vor": the proposal is not
   next week), or lies before it while the event is still ahead ("wie das Pentagon am Mittwoch mitteilte, sollen
   Soldaten verlegt werden": Wednesday is the report's time) - such an event has no time of its own and takes none
   from the narrative either. A past event "seit" a time lasted until the publication date: an interval. Without a
   calendar expression, "gerade"/"soeben" date it to the publication day (the moment of the report), and a
   vague expression of its own clause ("in den vergangenen Tagen": PAST_REF) is its time.
3. Else the narrative anchor: the time of the happening told before it. A sentence tied to that happening by an
   anaphor or a definite take-up ("kurz darauf", "anschließend", "damals", "dabei", "bei dem Treffen") takes it
   even across a paragraph break; any other past report goes on at it within its paragraph; a present-tense
   report only when that time is the publication day (the present of the news); a future one never.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re

from spacy.tokens import Doc

from .. import records
from ..sentences import SentenceView, segment_at
from ..temporal import FUTURE, PAST, PRESENT, get_tagger, trigger_tense
from .mentions import annotated, token_at
from .triggers import Candidate

_PURPOSE = re.compile(r"\bfür\s+(?:das\s+|den\s+|die\s+)?$", re.IGNORECASE)
_SINCE = re.compile(r"\bseit\s+(?:der\s+|dem\s+)?$", re.IGNORECASE)
_DATE_PART = re.compile(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)")
_NO_TIME = object()  # the sentence's times belong to something else (a report, a proposal): no time at all


# --------------------------------------------------------------------------------------------- the event's time


def event_time(doc: Doc, view: SentenceView, c: Candidate, events: list[records.Event]) -> records.Timex | None:
    """The `when` of the event whose trigger is candidate c; events are the document's events before it."""
    start = doc[c.i].idx
    end = doc[c.j - 1].idx + len(doc[c.j - 1].text)
    tense, pluperfect = trigger_tense(doc, start, end)
    own = _own_time(doc, c.i, tense)
    if own is _NO_TIME:
        return None
    if own is not None:
        return own
    now = _now(doc, view, c, tense)
    if now is not None:
        return now
    vague = _vague_time(doc, view, c)
    if vague is not None and vague.value != "PRESENT_REF":
        return vague  # "besuchten in den vergangenen Tagen": the clause says its own (vague) time
    return _narrative(doc, view, events, tense, pluperfect) or vague


def _now(doc: Doc, view: SentenceView, c: Candidate, tense: int | None) -> records.Timex | None:
    """ "Gerade trifft er ...", "hat soeben unterzeichnet": the moment of the report, its publication day."""
    ref = records.reference_date(doc)
    if ref is None or tense == FUTURE:
        return None
    words = get_tagger().lex.narrative_links.get("now", frozenset())
    lo, hi = view.clause_range(c.i)
    for tok in doc[lo:hi]:
        # "gerade" is "right now" only with a present tense ("gerade deshalb kritisierte er" is "precisely")
        if tok.lower_ in words and tok.i != c.i and (tok.lower_ != "gerade" or tense == PRESENT):
            return records.Timex(tok.idx, tok.idx + len(tok.text), tok.text, "DATE", ref.isoformat())
    return None


def _vague_time(doc: Doc, view: SentenceView, c: Candidate) -> records.Timex | None:
    """A PAST_REF, PRESENT_REF or FUTURE_REF expression in the trigger's own clause ("in den vergangenen Tagen"), or
    in the clause a relative clause depends on ("führten in den vergangenen Tagen Telefonate, in denen sie ...")."""
    lo, hi = view.clause_range(c.i)
    relative = get_tagger().lex.function_words.get("subordinator", frozenset())
    opening = [t.lower_ for t in doc[lo : min(hi, lo + 3)] if not t.is_punct][:2]
    if lo > view.sent.start and opening and (opening[0] in relative or opening[1:] and opening[1] in relative):
        lo = view.clause_range(lo - 1)[0]
    a, b = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    near = [
        t
        for t in records.get(doc, "timexes")
        if a <= t.start and t.end <= b and t.type == "DATE" and (t.value or "").endswith("_REF")
    ]
    return min(near, key=lambda t: abs(t.start - doc[c.i].idx)) if near else None


def _own_time(doc: Doc, token_index: int, tense: int | None):
    """The expression of the event's sentence that dates it (None: none there; _NO_TIME: the sentence dates
    something else, the report or a proposal, and the event has no time)."""
    in_sent = _sentence_timexes(doc, token_index)
    if not in_sent:
        return None
    ref = records.reference_date(doc)
    text = records.doc_text(doc)
    usable, reported = [], False
    for t in in_sent:
        if tense == PAST and _PURPOSE.search(text, max(0, t.start - 12), t.start):
            continue  # "hatte für dieses Jahr zugesagt": the year the aid is for, not when it was pledged
        if ref is not None and t.value and tense == PAST and _starts_after(t.value, ref):
            continue  # a past event cannot lie ahead of the report ("schlug ein Treffen in der kommenden Woche vor")
        if ref is not None and t.value and tense == FUTURE and _ends_before(t.value, ref):
            reported = True  # an event still ahead cannot lie behind it: the time of its announcement
            continue
        usable.append(t)
    if not usable:
        return _NO_TIME if reported else None
    hit = _governing(doc, token_index, usable)
    if hit is not None and tense == PAST and ref is not None and _SINCE.search(text, max(0, hit.start - 12), hit.start):
        return _since(hit, ref)
    return hit


def _since(t: records.Timex, ref: dt.date) -> records.Timex:
    """ "seit Mittwochabend hatten ... vermittelt": from that time to the publication date, at its granularity."""
    value = (t.value or "").split("T")[0]
    m = _DATE_PART.match(value)
    if not m or "/" in value:
        return t
    end = ref.isoformat()[: len(m.group(0))]
    return records.Timex(t.start, t.end, t.text, "DATE", f"{m.group(0)}/{end}" if end != m.group(0) else m.group(0))


_PART_OF_YEAR = re.compile(r"^(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])")
# first and last month of a season, quarter or half; a winter counts to the year of its January
_PART_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (0, 2), "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9),
                "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}  # fmt: skip


def _part_of_year(value: str) -> tuple[dt.date, dt.date] | None:
    m = _PART_OF_YEAR.match(value)
    if not m:
        return None
    year, (a, b) = int(m.group(1)), _PART_MONTHS[m.group(2)]
    first = dt.date(year - 1, 12, 1) if a == 0 else dt.date(year, a, 1)
    nxt = dt.date(year + b // 12, b % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _first_day(value: str) -> dt.date | None:
    part = _part_of_year(value)
    if part:
        return part[0]
    w = _WEEK.match(value)
    if w:
        try:
            return dt.date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1)
        except ValueError:
            return None
    m = _DATE_PART.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _last_day(value: str) -> dt.date | None:
    """The last day of the period a value names (its first day for anything finer than a day)."""
    value = value.split("/")[-1]
    part = _part_of_year(value)
    if part:
        return part[1]
    first = _first_day(value)
    if first is None:
        return None
    if _WEEK.match(value):
        return first + dt.timedelta(days=6)
    m = _DATE_PART.match(value)
    if m.group(3):
        return first
    if m.group(2):
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(first.year, 12, 31)


def _starts_after(value: str, ref: dt.date) -> bool:
    first = _first_day(value.split("/")[0])
    return first is not None and first > ref


def _ends_before(value: str, ref: dt.date) -> bool:
    last = _last_day(value)
    return last is not None and last < ref


# --------------------------------------------------------------------------------------------- the narrative


def _narrative(doc: Doc, view: SentenceView, events: list[records.Event], tense: int | None, pluperfect: bool):
    """The time of the happening told before the event, where the narrative carries it over."""
    if tense == FUTURE:
        return None
    ref = records.reference_date(doc)
    text = records.doc_text(doc)
    s0, s1 = view.sent.start_char, view.sent.end_char
    para = text.rfind("\n", 0, s0) + 1
    anaphor = _linked(text[s0:s1])
    linked = anaphor or _linked(text[para:s0])  # a paragraph opened by "Kurz darauf ..." goes on with the story
    for pos, when, (told_tense, background) in _told_times(doc, events, s0):
        if pos < para and not linked:
            return None  # a new paragraph goes on at the story's time only when it says so
        if background and pos < para and not pluperfect:
            continue  # a paragraph after a flashback ("hatte ... im Januar 2016 ...") goes on at the story's time
        if told_tense == FUTURE and (ref is None or when.value[:10] != ref.isoformat()):
            continue  # "sollen im Frühjahr geliefert werden": an announcement is no time the story has reached
        value = when.value
        if tense == PAST and ref is not None and _starts_after(value, ref):
            continue  # an announcement ahead ("am kommenden Montag") is no time of a past happening
        # the present of a news report is its publication day: a present-tense report takes the story's time only
        # when the story is of that day
        if tense in (PRESENT, None) and (ref is None or value[:10] != ref.isoformat()):
            return None
        return when
    return None


def _told_times(doc: Doc, events: list[records.Event], before: int):
    """The times the text told before a position, latest first: (where, the time, (its clause's tense, whether a
    pluperfect told it as background)). The events' times, and the calendar expressions of sentences without an
    event (a happening the trigger lexicon missed), but not a report's own time ("wie X am Mittwoch mitteilte").
    Lazy: the narrative mostly stops at the first one."""
    starts = [e.sentence[0] for e in events]  # events come in text order
    timexes = _calendar_timexes(doc)
    k = bisect.bisect_left(timexes, before, key=lambda t: t.end) - 1
    n = len(events) - 1
    while k >= 0 or n >= 0:
        e = events[n] if n >= 0 else None
        t = timexes[k] if k >= 0 else None
        if e is not None and (t is None or e.sentence[0] >= t.start):
            n -= 1
            if e.when is not None and _DATE_PART.match(e.when.value or ""):
                yield e.sentence[0], e.when, trigger_tense(doc, e.trigger.start, e.trigger.end)
            continue
        k -= 1
        i = bisect.bisect_right(starts, t.start) - 1
        if i >= 0 and t.start < events[i].sentence[1]:
            continue  # its sentence has an event: that event's time speaks for it
        if t.value and _DATE_PART.match(t.value) and not _in_report_clause(doc, t):
            yield t.start, t, trigger_tense(doc, t.start, t.end)


def _in_report_clause(doc: Doc, t: records.Timex) -> bool:
    """The expression stands in an attribution clause: "Wie ein Sprecher am Mittwoch mitteilte, ..."."""
    sent = segment_at(doc, token_at(doc, t.start))
    text = records.doc_text(doc)
    head = text[sent.start_char : t.start]
    clause = re.split(r"[,;:–—]", head)[-1].split()
    return bool(clause) and clause[0].lower() in get_tagger().lex.narrative_links.get("attribution", ())


@functools.lru_cache(maxsize=1)
def _link_patterns() -> tuple[re.Pattern, re.Pattern]:
    links = get_tagger().lex.narrative_links

    def alt(words) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    anaphor = re.compile(rf"(?<!\w)(?:{alt(links.get('anaphor', ()))})(?!\w)", re.IGNORECASE)
    happening = re.compile(
        rf"(?<!\w)(?i:{alt(links.get('preposition', ()))})\s+(?:(?i:{alt(links.get('article', ()))})\s+)?"
        rf"(?:\w+(?:e|en|er|es|em)\s+)?(?:{alt(links.get('happening', ()))})(?!\w)"
    )
    return anaphor, happening


def _linked(sentence: str) -> bool:
    """The sentence ties itself to the happening told before ("kurz darauf", "bei dem Treffen")."""
    anaphor, happening = _link_patterns()
    if anaphor.search(sentence):
        return True
    # "bei dem Treffen" takes up a happening; "bei einem Treffen" may be a new one, "nach einem Arbeitsessen" follows
    return any(
        m.group(0).split()[1:2] not in (["einem"], ["einer"]) or m.group(0)[:4].lower() == "nach"
        for m in happening.finditer(sentence)
    )


# --------------------------------------------------------------------------------------------- governing time


def _calendar_timexes(doc: Doc) -> list[records.Timex]:
    """The DATE/TIME expressions with a calendar value, filtered once per Doc (not once per event trigger)."""
    timexes = records.get(doc, "timexes")
    return records.derived(
        doc,
        "news_temporal.calendar",
        timexes,
        lambda: [t for t in timexes if t.type in ("DATE", "TIME") and not (t.value or "").endswith("_REF")],
    )


def _sentence_timexes(doc: Doc, token_index: int) -> list[records.Timex]:
    timexes = _calendar_timexes(doc)
    if not timexes or not 0 <= token_index < len(doc):
        return []
    sent = segment_at(doc, token_index)  # linear in the sentence, not in the document: called per trigger
    s0, s1 = sent.start_char, sent.end_char
    lo = bisect.bisect_left(timexes, s0, key=lambda t: t.start)
    in_sent = []
    for t in timexes[lo:]:
        if t.start >= s1:
            break
        if t.start >= s0 and t.end <= s1:
            in_sent.append(t)
    return in_sent


def governing_timex(doc: Doc, token_index: int) -> records.Timex | None:
    """The expression that governs the clause of the token (an event trigger), else the nearest in its sentence.

    Only DATE/TIME expressions with a calendar value (or an unresolved one) count: "seit Jahren", "täglich" or
    "derzeit" do not say when an event happened. Never falls back to the publication date.
    """
    in_sent = _sentence_timexes(doc, token_index)
    return _governing(doc, token_index, in_sent) if in_sent else None


def _governing(doc: Doc, token_index: int, cands: list[records.Timex]) -> records.Timex | None:
    tok = doc[token_index]
    if annotated(doc, "DEP"):
        hit = _by_dependency(doc, tok, cands)
        if hit is not None:
            return hit
    sent = segment_at(doc, token_index)
    return _by_clause(records.doc_text(doc), tok.idx, sent.start_char, sent.end_char, cands)


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


@functools.lru_cache(maxsize=1)
def _clause_separator() -> re.Pattern:
    conjunctions = get_tagger().lex.function_words.get("event_clause_conjunction", ())
    return re.compile(r"[,;:–—]|\b(?:" + "|".join(sorted(conjunctions, key=len, reverse=True)) + r")\b")


def _by_clause(text: str, pos: int, s0: int, s1: int, cands: list[records.Timex]) -> records.Timex:
    """Nearest expression in the clause around pos (between commas/conjunctions), else in the sentence."""
    left = s0
    sep = _clause_separator()
    for m in sep.finditer(text, s0, pos):
        left = m.end()
    m = sep.search(text, pos, s1)
    right = m.start() if m else s1
    same = [t for t in cands if t.start >= left and t.end <= right]
    pool = same or cands
    return min(pool, key=lambda t: min(abs(t.start - pos), abs(t.end - pos)))
