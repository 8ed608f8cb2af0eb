"""news_temporal: the spaCy component that sets doc._.timexes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .. import records
from .resolver import NARRATIVE, NEWS
from .tagger import get_tagger

log = logging.getLogger(__name__)


class TemporalTagger:
    """Sets doc._.timexes (list[records.Timex], sorted by start, non-overlapping)."""

    def __init__(self, nlp: Language, name: str, document_type: str = NEWS) -> None:
        records.register_extensions()
        self.name = name
        self.tagger = get_tagger(document_type if document_type in (NEWS, NARRATIVE) else NEWS)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Each Doc gets its expressions; a failure costs that Doc its expressions only, under the failure policy."""
        from functools import partial

        from ..component import guarded  # imported here: this method is the policy's only use in the module

        for doc in docs:
            ref, clock = doc._.reference_date, None
            if isinstance(ref, dt.datetime):
                # a stamp with a clock time (BR's news items): parts of day are read against that moment
                ref, clock = ref.date(), (ref.time() if ref.time() != dt.time(0, 0) else None)
            if not isinstance(ref, dt.date):
                ref = None
            doc._.timexes = guarded(doc, self.name, partial(self.tagger.tag, doc, ref, clock=clock), [])
            yield doc


@Language.factory("news_temporal", default_config={"document_type": NEWS})
def make_temporal(nlp: Language, name: str, document_type: str) -> TemporalTagger:
    return TemporalTagger(nlp, name, document_type)
