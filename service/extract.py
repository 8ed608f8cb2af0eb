"""Pure extraction: (text, reference date) -> response dict. No Flask here, so it can be tested and fuzzed."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .nlp import pipeline, records, wordlists
from .nlp.component import incomplete_parts

log = logging.getLogger(__name__)

# The seed format: a leading " date YYYY-MM[-DD]" line that carries the publication date.
_HEADER = re.compile(r"^\s{0,3}date\s+(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)")
# Lone UTF-16 surrogates cannot be encoded, and spaCy's string store encodes every token: the API rejects
# them, but callers of this function (batch jobs, Spark) may not, so they become U+FFFD (same length).
_SURROGATE = re.compile("[\ud800-\udfff]")


class OutOfTime(Exception):
    """The time budget ran out before the pipeline finished this article; its work is discarded."""


class Deadline:
    """A point in time a request's work must be done by (time.monotonic); None-safe helpers for callers."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (negative once passed), to bound waits such as the pipeline lock."""
        return self.at - time.monotonic()

    def check(self) -> None:
        """Raise OutOfTime once the deadline has passed: called between pipeline components."""
        if time.monotonic() >= self.at:
            raise OutOfTime(f"the time budget of {self.seconds:g} s ran out")


@dataclass(frozen=True)
class Article:
    text: str
    published_at: dt.date | None = None
    language: str = "de"
    id: str | None = None


@dataclass(frozen=True)
class Prepared:
    """What the pipeline sees: the text with any date header blanked (same length, so offsets hold)."""

    analysed: str
    reference: dt.date | None
    source: str | None


def prepare(article: Article) -> Prepared:
    """Find the reference date (request first, then a date header) and hide the header from analysis."""
    analysed, header_date = article.text, None
    match = _HEADER.match(article.text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        try:
            header_date = dt.date(year, month, day)
        except ValueError:
            log.info("the date header %r names no day of the calendar; it is analysed as text", match[0].strip())
            header_date = None
        if header_date:
            analysed = " " * match.end() + article.text[match.end() :]
    analysed = _SURROGATE.sub("\ufffd", analysed)
    if article.published_at:
        return Prepared(analysed, article.published_at, "request")
    if header_date:
        return Prepared(analysed, header_date, "text")
    return Prepared(analysed, None, None)


def extract(nlp: Language, article: Article, deadline: Deadline | None = None) -> dict:
    """The response for one article; with a deadline, OutOfTime between two components once it has passed."""
    prepared = prepare(article)
    # The memory zone frees the vocabulary entries this text added once the response is built, so a
    # long-running worker does not grow with every new word it sees.
    with nlp.memory_zone():
        if deadline is None:
            doc = pipeline.analyze(nlp, prepared.analysed, prepared.reference)
        else:
            doc = _analyze_by(nlp, prepared, deadline)
        return build_response(doc, article, prepared, nlp)


def _analyze_by(nlp: Language, prepared: Prepared, deadline: Deadline) -> Doc:
    """What nlp(doc) does, one component at a time, looking at the deadline before each (a component cannot be
    stopped half-way, so a request overruns its budget by at most one component's time)."""
    deadline.check()
    doc = pipeline.make_doc(nlp, prepared.analysed, prepared.reference)
    for _name, component in nlp.pipeline:
        deadline.check()
        doc = component(doc)
    return doc


def extract_many(nlp: Language, articles: list[Article], batch_size: int = 8) -> list[dict]:
    """Responses for several articles in one nlp.pipe pass, in order."""
    prepared = [prepare(a) for a in articles]
    with nlp.memory_zone():
        docs = pipeline.analyze_many(nlp, [(p.analysed, p.reference) for p in prepared], batch_size)
        return [build_response(d, a, p, nlp) for d, a, p in zip(docs, articles, prepared, strict=True)]


def _span(doc_text: str, start: int, end: int) -> dict:
    return {"text": doc_text[start:end], "start": start, "end": end}


def _trimmed_span(text: str, analysed: str, start: int, end: int) -> dict:
    """A span of `text` without the white space around it in `analysed` (where the date header is blank)."""
    piece = analysed[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return _span(text, start, max(start, end))


def build_response(doc: Doc, article: Article, prepared: Prepared, nlp: Language) -> dict:
    """Turn the components' records into the API's JSON shape (offsets into the submitted text)."""
    text = article.text
    actors = {a.id: a for a in records.get(doc, "actors")}
    places = {p.id: p for p in records.get(doc, "places")}
    stances = records.get(doc, "stances")
    # Doc.text joins every token anew on each access: read it once, not once per event.
    analysed = records.doc_text(doc)
    stances_of: dict[str, list[records.Stance]] = {}
    for s in stances:
        if s.target_event:
            stances_of.setdefault(s.target_event, []).append(s)

    def mention(m: records.Mention) -> dict:
        return _span(text, m.start, m.end)

    def actor_ref(actor_id: str, m: records.Mention | None, role: str | None, fallback_name: str) -> dict:
        actor = actors.get(actor_id)
        return {
            "actor": actor_id,
            "name": actor.name if actor else fallback_name,
            "type": actor.type if actor else None,
            "country": actor.country if actor else None,
            "role": role or (actor.roles[0] if actor and actor.roles else None),
            "mention": mention(m) if m else None,
        }

    def arg_ref(arg: records.ActorArg) -> dict:
        return actor_ref(arg.actor, arg.mention, arg.role, arg.mention.text)

    def holder_ref(actor_id: str | None) -> dict | None:
        actor = actors.get(actor_id) if actor_id else None
        if not actor:
            return None
        return actor_ref(actor.id, actor.mentions[0] if actor.mentions else None, None, actor.name)

    def stance_dict(s: records.Stance) -> dict:
        target = {}
        if s.target_event:
            target["event"] = s.target_event
        if s.target_actor:
            target["actor"] = s.target_actor
        return {
            "holder": holder_ref(s.holder),
            "polarity": s.polarity,
            "score": round(s.score, 3),
            "cue": mention(s.cue),
            "target": target,
        }

    def place_ref(arg: records.PlaceArg) -> dict:
        place = places.get(arg.place)
        return {
            "place": arg.place,
            "name": place.name if place else arg.mention.text,
            "country": place.country if place else None,
            "mention": mention(arg.mention),
        }

    events = []
    for ev in records.get(doc, "events"):
        events.append(
            {
                "id": ev.id,
                "type": ev.type,
                "negated": ev.negated,
                "modality": ev.modality,
                "mode": ev.mode,
                "cameo": ev.cameo,
                "trigger": mention(ev.trigger),
                "sentence": _trimmed_span(text, analysed, *ev.sentence),
                "who": [arg_ref(a) for a in ev.who],
                "whom": [arg_ref(a) for a in ev.whom],
                "where": [place_ref(p) for p in ev.where],
                "when": _timex(text, ev.when),
                "stance": [stance_dict(s) for s in stances_of.get(ev.id, ())],
                "confidence": round(ev.confidence, 3),
            }
        )
    meta = nlp.meta
    return {
        "id": article.id,
        "language": article.language,
        "reference_date": (
            {"value": prepared.reference.isoformat(), "source": prepared.source} if prepared.reference else None
        ),
        "events": events,
        # mention texts quoted from the submitted text like every other span (the analysed copy has U+FFFD where
        # the submission had a lone surrogate)
        "actors": [{**a.as_dict(), "mentions": [mention(m) for m in a.mentions]} for a in actors.values()],
        "places": [{**p.as_dict(), "mentions": [mention(m) for m in p.mentions]} for p in places.values()],
        "times": [_timex(text, t) for t in records.get(doc, "timexes")],
        "stances": [stance_dict(s) for s in stances],
        "incomplete": incomplete_parts(doc),
        "model": {
            "name": f"{meta.get('lang', 'de')}_{meta.get('name', 'unknown')}",
            # the lexicons decide answers as much as the weights: their fingerprint is part of the version
            "version": f"{meta.get('version', '')}+data.{wordlists.fingerprint()}",
        },
    }


def _timex(text: str, t: records.Timex | None) -> dict | None:
    if t is None:
        return None
    return {**_span(text, t.start, t.end), "value": t.value, "type": t.type}
