"""The one failure policy of the pipeline's components, and the store-a-list shape the list components share.

A component that raises on a document must neither take the request down nor pass for a complete answer: it calls
`guarded` (or `record_failure` from its own `except`), which logs the error with its traceback under the logger
`service.nlp.component`, records the component on the Doc and carries on with a fallback. The response then lists
in `incomplete` every part of the answer that the failed component feeds (`incomplete_parts`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.tokens import Doc

from . import records

log = logging.getLogger(__name__)
T = TypeVar("T")

FAILED_KEY = "news.failed_components"
# The parts of a response (its top-level lists) in the order the response has them.
PARTS = ("events", "actors", "places", "times", "stances")
# Which parts a component's failure leaves short: its own output and every part built from it.
AFFECTS: dict[str, tuple[str, ...]] = {
    "news_entity_ruler": ("events", "actors", "places", "stances"),
    "news_entity_filter": ("events", "actors", "places", "stances"),
    "news_temporal": ("events", "times"),
    "news_actors": ("events", "actors", "stances"),
    "news_places": ("events", "places"),
    "news_quotes": ("events", "stances"),
    "news_events": ("events", "stances"),
    "news_stance": ("events", "stances"),
}


def record_failure(doc: Doc, component: str) -> None:
    """Log the error being handled with its traceback and mark `component` as failed on this Doc; call it from
    inside an `except` block, so the answer can say which parts are missing instead of looking complete."""
    log.exception("component %s failed on a document of %d characters", component, len(doc.text))
    failed = doc.user_data.setdefault(FAILED_KEY, [])
    if component not in failed:
        failed.append(component)


def guarded(doc: Doc, component: str, step: Callable[[], T], fallback: T) -> T:
    """`step()`, or `fallback` after `record_failure` when it raises: the policy every component applies."""
    try:
        return step()
    except Exception:  # noqa: BLE001 - recorded on the Doc and logged; the response says what is missing
        record_failure(doc, component)
        return fallback


def failed_components(doc: Doc) -> list[str]:
    """The components that failed on this Doc, in the order they failed."""
    return list(doc.user_data.get(FAILED_KEY, ()))


def incomplete_parts(doc: Doc) -> list[str]:
    """The response parts that may lack items because a component failed on this Doc (in response order)."""
    affected = {part for name in failed_components(doc) for part in AFFECTS.get(name, PARTS)}
    return [part for part in PARTS if part in affected]


class ListComponent:
    """Sets `doc._.<extension>` to `find(doc, lexicon, use_ents)`; when that raises, [] under the failure policy."""

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
        """Each Doc gets its list; a failure costs that Doc this list only, recorded under the failure policy."""
        for doc in docs:
            found = guarded(doc, self.name, lambda doc=doc: self.find(doc, self.lex, self.use_ents), [])
            setattr(doc._, self.extension, found)
            yield doc
