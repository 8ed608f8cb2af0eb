"""news_events: finds PLOVER-typed events with their arguments, negation and modality."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import records


class EventExtractor:
    """Sets doc._.events (list[records.Event])."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 32):
        for doc in docs:
            doc._.events = []
            yield doc


@Language.factory("news_events", default_config={})
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)


def event_types() -> list[dict]:
    """The PLOVER event types served at GET /v1/event-types."""
    return []
