"""Actor, place and time mentions of a Doc mapped to token positions: what argument linking works on."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .. import records
from ..actor_lexicon import lexicon
from ..actors import mention_tokens
from ..wordlists import ordered
from .lexicon import group_adjectives

ADJ_ENDINGS = ordered("adjective_endings")


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
    np_start: int = -1  # first token of the noun phrase the mention heads (its determiner, title, adjectives)


def actor_mentions(doc: Doc) -> list[MentionRef]:
    """Every actor mention as a MentionRef, longest first among those starting at one token; built once per Doc
    (callers only read the refs)."""
    tokens = mention_tokens(doc)

    def build() -> list[MentionRef]:
        out = [MentionRef(aid, m, i, j, kind) for i, j, aid, m, kind in tokens]
        out.sort(key=lambda r: (r.i, -r.j))
        # "die Grünen-Politikerin", "Nato-Generalsekretär Rutte": an organisation inside a person's mention only
        # qualifies the person, it fills no role of its own
        people = [r for r in out if r.kind == "PERSON"]
        return [r for r in out if r.kind == "PERSON" or not any(_inside(r, p) for p in people)]

    return records.derived(doc, "news_events.actor_mentions", tokens, build)


def country_actor_for(doc: Doc, iso: str, mention: records.Mention) -> records.Actor:
    """The document's actor for a country, added to doc._.actors (with this mention) when the text has none: a
    visit to Kiew is a visit to the Ukraine even where the article never names the country as an actor."""
    actor = country_actor(doc, iso)
    if actor is not None:
        return actor
    actors = records.get(doc, "actors")
    country = lexicon().countries.get(iso)
    actor = records.Actor(f"a{len(actors) + 1}", country.name if country else iso, "GPE", iso, mentions=[mention])
    doc._.actors = [*actors, actor]
    return actor


def _inside(inner: MentionRef, outer: MentionRef) -> bool:
    """The mention lies within the other one's tokens and is shorter."""
    return outer.i <= inner.i and inner.j <= outer.j and (outer.j - outer.i) > (inner.j - inner.i)


def timex_tokens(doc: Doc) -> tuple[list[int], list[tuple[int, int]], list[int], list[int]]:
    """Per Doc, built once: each timex's first token (sorted), its (start, list index) sorted by start, and for
    the timexes sorted by start the running maximum of their ends (to test whether a character is in one)."""
    timexes = records.get(doc, "timexes")

    def build() -> tuple[list[int], list[tuple[int, int]], list[int], list[int]]:
        toks = sorted(token_at(doc, t.start) for t in timexes)
        by_start = sorted((t.start, n) for n, t in enumerate(timexes))
        ends, top = [], -1
        for _start, n in by_start:
            top = max(top, timexes[n].end)
            ends.append(top)
        return toks, by_start, [a for a, _n in by_start], ends

    return records.derived(doc, "news_events.timex_index", timexes, build)


def in_timex(doc: Doc, char: int) -> bool:
    """Whether a character offset lies inside a timex (start <= char < end)."""
    _toks, _by_start, starts, ends = timex_tokens(doc)
    k = bisect.bisect_right(starts, char)
    return k > 0 and ends[k - 1] > char


def actor_by_id(doc: Doc) -> dict:
    """Actor id -> the first actor with that id, built once per Doc."""
    actors = records.get(doc, "actors")

    def build() -> dict:
        by_id: dict = {}
        for a in actors:
            by_id.setdefault(a.id, a)
        return by_id

    return records.derived(doc, "news_events.actor_by_id", actors, build)


def kind_of(doc: Doc, actor_id: str) -> str | None:
    actor = actor_by_id(doc).get(actor_id)
    return actor.type if actor is not None else None


def place_mentions(doc: Doc) -> list[MentionRef]:
    out = []
    for place in records.get(doc, "places"):
        for m in place.mentions:
            span = records.tokens_of(doc, m.start, m.end)
            if span is not None:
                out.append(MentionRef(place.id, m, span.start, span.end, "PLACE"))
    out.sort(key=lambda r: (r.i, -r.j))
    return out


def window(refs: list[MentionRef], lo: int, hi: int) -> list[MentionRef]:
    """The refs (sorted by first token) whose first token lies in lo..hi-1: a bisection, not a scan of the Doc."""
    return refs[bisect.bisect_left(refs, lo, key=_first) : bisect.bisect_left(refs, hi, key=_first)]


def _first(ref: MentionRef) -> int:
    return ref.i


def token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, min(len(records.doc_text(doc)), char + 1), alignment_mode="expand")
    return span.start if span is not None and len(span) else -1


def annotated(doc: Doc, attr: str) -> bool:
    """doc.has_annotation, read once per run of extract(): it loops over every token, and was asked per sentence."""
    known = doc.user_data.get("news_events.annotated")
    if known is None:
        return doc.has_annotation(attr)
    if attr not in known:
        known[attr] = doc.has_annotation(attr)
    return known[attr]


def country_actor(doc: Doc, iso: str):
    """The document's actor for a country, by ISO code or by the country's German name."""
    lex = lexicon()
    name = lex.countries[iso].name if iso in lex.countries else None
    actors = [a for a in records.get(doc, "actors") if a.type == "GPE"]
    return next((a for a in actors if a.country == iso or a.country is None and a.name == name), None)


def adjective_actor(doc: Doc, word: str):
    """The document's actor an adjective names: a country ('russischen') or a group ('europäischen')."""
    iso = lexicon().adjective_country(word)
    if iso:
        return country_actor(doc, iso)
    low = word.lower()
    for end in ADJ_ENDINGS:
        name = group_adjectives().get(low[: -len(end)]) if low.endswith(end) else None
        if name:
            return next((a for a in records.get(doc, "actors") if a.name == name), None)
    return None


def actor_arg(doc: Doc, ref: MentionRef) -> records.ActorArg:
    role = None
    actor = actor_by_id(doc).get(ref.ref)
    if actor is not None:
        before = records.doc_text(doc)[max(0, ref.mention.start - 40) : ref.mention.start]
        role = next((r for r in actor.roles if r and r in before), None)
    return records.ActorArg(ref.ref, ref.mention, role)


@dataclass
class Args:
    who: list[MentionRef] = field(default_factory=list)
    whom: list[MentionRef] = field(default_factory=list)
    parsed: bool = False
    unnamed_subject: bool = False  # the clause's subject is a phrase that names no actor ("Die Regierung ...")
