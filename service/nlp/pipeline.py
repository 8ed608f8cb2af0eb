"""Builds the Language once per process: a German base pipeline plus the project's components, in order."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import records

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MODEL = ROOT / "models" / "de_news_events"
BLANK = "blank"

# The project's own components, in the order a Doc travels through them. Importing a module
# registers its factory; each reads only what the components before it left on the Doc.
COMPONENTS = (
    ("news_entity_ruler", "service.nlp.ruler"),
    ("news_entity_filter", "service.nlp.ruler"),
    ("news_temporal", "service.nlp.temporal"),
    ("news_actors", "service.nlp.actors"),
    ("news_places", "service.nlp.places"),
    ("news_quotes", "service.nlp.quotes"),
    ("news_events", "service.nlp.events"),
    ("news_stance", "service.nlp.stance"),
)


class ModelError(RuntimeError):
    """The configured base pipeline cannot be loaded: a start-up error, never a request error."""


def load_base(model: str) -> Language:
    """The base pipeline: the shipped model, an installed package or path, or a blank German one."""
    if model == BLANK:
        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
        return nlp
    try:
        # The shipped model has no parser (one trained on ~1,200 sentences helped no event figure and cost a
        # third of the run time), so sentences come from punctuation; an official model keeps its parser.
        nlp = spacy.load(model)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot load the spaCy pipeline {model!r}: {exc}") from exc
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def load_pipeline(model: str | None = None) -> Language:
    """The full pipeline; `model` names the base (default: the shipped model)."""
    import importlib

    records.register_extensions()
    name = model or str(SHIPPED_MODEL)
    nlp = load_base(name)
    if nlp.lang != "de":
        raise ModelError(f"the pipeline {name!r} is for language {nlp.lang!r}, not German")
    has_ner = "ner" in nlp.pipe_names
    # The ruler goes before the statistical NER (which keeps its spans), the filter right after it.
    placement = {"news_entity_ruler": {"before": "ner"}, "news_entity_filter": {"after": "ner"}} if has_ner else {}
    for component, module in COMPONENTS:
        importlib.import_module(module)
        if component in nlp.pipe_names or (component == "news_entity_filter" and not has_ner):
            continue  # the filter only cleans up statistical entities
        nlp.add_pipe(component, **placement.get(component, {}))
    meta = nlp.meta
    log.info(
        "pipeline %s %s loaded from %s: %s", meta.get("name"), meta.get("version"), name, ", ".join(nlp.pipe_names)
    )
    # The model and the gazetteers are some million objects that live as long as the process. Frozen, the cyclic
    # garbage collector stops rescanning them on every full collection (which made long texts superlinear), and
    # workers forked after a preload keep sharing their pages.
    gc.collect()
    gc.freeze()
    return nlp


# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free run one at a time, rescanning the rest each
# time: 20,000 emoji in a row take 43 s, 100,000 about 18 minutes. No word is this long, so such runs are cut
# into pieces of LONG_RUN_PIECE characters before the tokenizer sees them.
LONG_RUN = re.compile(r"\S{200,}")
LONG_RUN_PIECE = 100


def tokenize(nlp: Language, text: str) -> Doc:
    """nlp.make_doc, in time linear in the text even for very long runs without white space."""
    if LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for run in LONG_RUN.finditer(text):
        if run.start() > pos:
            for tok in nlp.make_doc(text[pos : run.start()]):
                words.append(tok.text)
                spaces.append(bool(tok.whitespace_))
        piece_starts = range(run.start(), run.end(), LONG_RUN_PIECE)
        words.extend(text[i : min(i + LONG_RUN_PIECE, run.end())] for i in piece_starts)
        spaces.extend(False for _ in piece_starts)
        pos = run.end()
    if pos < len(text):
        for tok in nlp.make_doc(text[pos:]):
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
    return Doc(nlp.vocab, words=words, spaces=spaces)


def make_doc(nlp: Language, text: str, reference_date: dt.date | None) -> Doc:
    """A tokenized Doc that carries its reference date, ready for the components."""
    doc = tokenize(nlp, text)
    doc._.reference_date = reference_date
    return doc


def analyze(nlp: Language, text: str, reference_date: dt.date | None = None) -> Doc:
    """Run the whole pipeline over one text."""
    return nlp(make_doc(nlp, text, reference_date))


def analyze_many(nlp: Language, items: list[tuple[str, dt.date | None]], batch_size: int = 8) -> list[Doc]:
    """Run the whole pipeline over several texts with nlp.pipe, in order."""
    docs = (make_doc(nlp, text, ref) for text, ref in items)
    return list(nlp.pipe(docs, batch_size=batch_size))
