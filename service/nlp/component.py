"""The shape shared by the components that store one list on the Doc: find it, store it, never fail a request."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from . import records

log = logging.getLogger(__name__)


class ListComponent:
    """Sets `doc._.<extension>` to `find(doc, lexicon, use_ents)`; on an error logs it and stores []."""

    extension = ""

    def __init__(self, name: str, find: Callable, lexicon: object, use_ents: bool = True) -> None:
        records.register_extensions()
        self.name = name
        self.find = find
        self.lex = lexicon
        self.use_ents = use_ents

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            try:
                found = self.find(doc, self.lex, self.use_ents)
            except Exception:  # noqa: BLE001 - an empty list is an honest answer; a 500 is not
                log.exception("%s failed; no %s for this document", self.name, self.extension)
                found = []
            setattr(doc._, self.extension, found)
            yield doc
