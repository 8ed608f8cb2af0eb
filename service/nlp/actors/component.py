"""The news_actors spaCy component: the factory spaCy builds it from, storing find_actors' list on doc._.actors."""

from __future__ import annotations

from spacy.language import Language

from ..actor_lexicon import lexicon
from ..component import ListComponent
from .grouping import find_actors


class ActorTagger(ListComponent):
    """Sets doc._.actors (list[records.Actor]), ids a1, a2 ... in order of first mention."""

    extension = "actors"


@Language.factory("news_actors", default_config={"use_ents": True})
def make_actors(nlp: Language, name: str, use_ents: bool) -> ActorTagger:
    """The news_actors factory: spaCy builds the component from the config, with the lexicon loaded once."""
    return ActorTagger(name, find_actors, lexicon(), use_ents)
