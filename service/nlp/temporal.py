"""news_temporal: finds German temporal expressions and normalizes them against the publication date."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import records


class TemporalTagger:
    """Sets doc._.timexes (list[records.Timex], sorted by start, non-overlapping)."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 32):
        for doc in docs:
            doc._.timexes = []
            yield doc


@Language.factory("news_temporal", default_config={})
def make_temporal(nlp: Language, name: str) -> TemporalTagger:
    return TemporalTagger(nlp, name)


def governing_timex(doc: Doc, token_index: int) -> records.Timex | None:
    """The expression that governs the clause of the token at token_index, else None."""
    return None
