"""news_stance: who evaluates which event or actor how.

Evaluative verbs (begrüßen, kritisieren, ...) give their subject's stance; polar words and phrases inside
attributed speech (news_quotes' attributions; polarity from service.nlp.polarity, with negation flipping) give
the speaker's stance, one per speaker and sentence, scored as the mean cue polarity in [-1, 1]. The target is the
event the evaluation is about (the evaluated noun's event, else an event of the same or the previous sentences),
else an actor named in the evaluated words.
"""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from . import records
from .actors import mention_tokens
from .component import ListComponent
from .polarity import Lexicon, cues_in, score
from .quotes import attributions, doc_quotes, inside, refs_in
from .sentences import segment_at
from .wordlists import table

NEUTRAL_BAND = 0.25


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
    preps = table("prepositions")
    start = cue_i
    while start > lo and doc[start - 1].text not in (",", ";", ":"):
        start -= 1
    for i, _j, aid, _m, _t in refs_in(refs, start, cue_i):
        if start <= i < cue_i:
            prev = doc[i - 1].lower_ if i > 0 else ""
            prev2 = doc[i - 2].lower_ if i > 1 else ""
            if prev in preps or prev2 in preps or prev == "(":
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


def find_stances(doc: Doc, lex: Lexicon, use_ents: bool = True) -> list[records.Stance]:
    """Every stance of the document, in text order."""
    atts = attributions(doc)
    events = records.get(doc, "events")
    absorbed = doc.user_data.get("news_events.absorbed", {})
    stances: list[records.Stance] = []
    seen: set[tuple[str | None, int]] = set()
    quote_spans = doc_quotes(doc)
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
        cue_m = records.Mention.of(doc, ev.trigger.start, ev.trigger.end)
        if cues:
            c = max(cues, key=lambda c: abs(c.score))
            cue_m = records.Mention.of(doc, doc[c.i].idx, doc[c.j - 1].idx + len(doc[c.j - 1]))
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
        cue_m = records.Mention.of(doc, ev.trigger.start, ev.trigger.end)
        if cues:
            c = max(cues, key=lambda c: (c.phrase, abs(c.score)))
            cue_m = records.Mention.of(doc, doc[c.i].idx, doc[c.j - 1].idx + len(doc[c.j - 1]))
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
            cue_m = records.Mention.of(doc, doc[c.i].idx, doc[c.j - 1].idx + len(doc[c.j - 1]))
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
        polar = score(cues)
        if abs(polar) < NEUTRAL_BAND:
            continue
        # one polar word alone is weak evidence unless it stands in the speaker's own words (a direct quote)
        agreeing = [c for c in cues if (c.score > 0) == (polar > 0)]
        quoted = any(inside(quote_spans, doc[c.i].idx) for c in agreeing)
        if not any(c.phrase for c in agreeing) and len(agreeing) < 2 and not quoted:
            continue
        best = max(cues, key=lambda c: (c.phrase, abs(c.score)))
        cue_m = records.Mention.of(doc, doc[best.i].idx, doc[best.j - 1].idx + len(doc[best.j - 1]))
        s_char = doc[lo].idx
        target = _target_event(doc, events, s_char, cue_m, set())
        target_actor = None
        if target is None:
            others = [r for r in refs_in(mention_tokens(doc), lo, hi) if r[2] != att.speaker]
            target_actor = others[0][2] if others else None
        seen.add((att.speaker, lo))
        stances.append(
            records.Stance(
                att.speaker, _polarity(polar), round(max(-1.0, min(1.0, polar)), 2), cue_m, target, target_actor
            )
        )
    stances.sort(key=lambda s: s.cue.start)
    return stances


class StanceAnnotator(ListComponent):
    """Sets doc._.stances (list[records.Stance])."""

    extension = "stances"


@Language.factory("news_stance", default_config={})
def make_stance(nlp: Language, name: str) -> StanceAnnotator:
    return StanceAnnotator(name, find_stances, Lexicon.get())
