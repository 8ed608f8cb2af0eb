"""Plain records that the pipeline components leave on a Doc, so extraction never depends on Flask.

Every span is a pair of character offsets into the analysed text (Python string indices, end
exclusive). The analysed text always has the length of the submitted text, so the offsets are
valid for the client's text too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.tokens import Doc, Span

T = TypeVar("T")

# Doc extensions, one per component output. Defaults are None so that no list is shared
# between documents; read them through `get()` below.
EXTENSIONS = (
    "reference_date",  # datetime.date | None, set by the caller before the pipeline runs
    "timexes",  # list[Timex]        news_temporal
    "actors",  # list[Actor]         news_actors
    "places",  # list[Place]         news_places
    "events",  # list[Event]         news_events
    "stances",  # list[Stance]       news_stance (stances not tied to one event)
    "quotes",  # list[Quote]         news_stance (direct and reported speech)
)


def register_extensions() -> None:
    """Register the Doc extensions once per process; safe to call again."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def get(doc: Doc, name: str) -> list:
    """A component's output list, empty when the component has not run."""
    return getattr(doc._, name) or []


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once: Doc.text joins every token anew on each access."""
    text = doc.user_data.get("news.text")
    if text is None:
        text = doc.user_data["news.text"] = doc.text
    return text


def tokens_of(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters start..end (widened to whole tokens), None when no token does: the one
    way every component turns a mention's offsets back into tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def derived(doc: Doc, key: str, source: list, build: Callable[[], T], size: Callable[[list], int] = len) -> T:
    """A per-Doc index built from a component's output list, kept in doc.user_data under `key` and built again
    only when that list is replaced or changes size: components ask for it per sentence or trigger."""
    cached = doc.user_data.get(key)
    if cached is not None and cached[0] is source and cached[1] == size(source):
        return cached[2]
    value = build()
    doc.user_data[key] = (source, size(source), value)
    return value


def reference_date(doc: Doc) -> dt.date | None:
    return doc._.reference_date


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc: Doc, start: int, end: int) -> Mention:
        return cls(start, end, doc_text(doc)[start:end])

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Timex:
    """A temporal expression: TIMEX3 type and ISO 8601 value (None when it cannot be resolved)."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "type": self.type}


@dataclass
class Actor:
    """One participant of the article: all its mentions grouped, with what the text says of it."""

    id: str
    name: str
    type: str  # PERSON | ORG | GPE
    country: str | None = None  # ISO 3166-1 alpha-3
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    count: int | None = None  # "2000 Soldaten": a group of 2000

    def as_dict(self) -> dict:
        out = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "roles": list(self.roles),
            "mentions": [m.as_dict() for m in self.mentions],
        }
        if self.count is not None:
            out["count"] = self.count
        return out


@dataclass
class Place:
    id: str
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    mentions: list[Mention] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "mentions": [m.as_dict() for m in self.mentions],
        }


@dataclass
class ActorArg:
    """An actor filling an event role, through one of its mentions."""

    actor: str  # Actor.id
    mention: Mention
    role: str | None = None  # the role the mention states ("Außenminister"), else None


@dataclass
class PlaceArg:
    place: str  # Place.id
    mention: Mention


@dataclass
class Quote:
    """Direct or reported speech and who said it (speaker None when the text does not say)."""

    start: int
    end: int
    speaker: str | None  # Actor.id
    cue: Mention | None  # the speech verb or "laut X" phrase
    direct: bool


@dataclass
class Stance:
    holder: str | None  # Actor.id
    polarity: str  # positive | negative | neutral
    score: float  # [-1, 1]
    cue: Mention
    target_event: str | None = None  # Event.id
    target_actor: str | None = None  # Actor.id


@dataclass
class Event:
    id: str
    type: str  # one of the 16 PLOVER types
    trigger: Mention
    sentence: tuple[int, int]
    negated: bool = False
    modality: str = "asserted"  # asserted | planned | possible | demanded
    mode: str | None = None  # PLOVER mode, where clear
    cameo: str | None = None  # CAMEO root code, e.g. "04"
    who: list[ActorArg] = field(default_factory=list)
    whom: list[ActorArg] = field(default_factory=list)
    where: list[PlaceArg] = field(default_factory=list)
    when: Timex | None = None
    confidence: float = 0.5
