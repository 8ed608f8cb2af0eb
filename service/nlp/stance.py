"""news_stance: attributes quotes to speakers and finds who evaluates which event or actor how."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import records


class StanceAnnotator:
    """Sets doc._.quotes (list[records.Quote]) and doc._.stances (list[records.Stance])."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 32):
        for doc in docs:
            doc._.quotes = []
            doc._.stances = []
            yield doc


@Language.factory("news_stance", default_config={})
def make_stance(nlp: Language, name: str) -> StanceAnnotator:
    return StanceAnnotator(nlp, name)
