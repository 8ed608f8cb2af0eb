"""news_places: finds place mentions and geocodes them with the offline gazetteer."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import records


class PlaceTagger:
    """Sets doc._.places (list[records.Place])."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 32):
        for doc in docs:
            doc._.places = []
            yield doc


@Language.factory("news_places", default_config={})
def make_places(nlp: Language, name: str) -> PlaceTagger:
    return PlaceTagger(nlp, name)


def place_at(doc: Doc, start: int, end: int) -> tuple[str, records.Mention] | None:
    """The place id and mention overlapping the char span, so events can link their locations."""
    for place in records.get(doc, "places"):
        for m in place.mentions:
            if m.start < end and start < m.end:
                return place.id, m
    return None
