"""Language check for requests without `language`: German only on positive evidence, never by default.

py3langid (a maintained fork of langid.py; its model ships inside the package) scores the text against all of its
languages, not a chosen few: a text in a language left out of a short list would come out as the nearest one on
the list, German for Luxembourgish or Dutch. A text counts as German when

- most of its letters are Latin (Cyrillic, Arabic, Greek, CJK ... are never taken for German), and
- German ranks first among all languages with a probability of at least MIN_PROBABILITY.

Anything else, including a text too short to tell, is not German: the caller answers 422 and names the supported
languages, and a client that knows better sends `"language": "de"`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

GERMAN = "de"
SAMPLE_CHARS = 5000
# Calibrated on short headlines and sentences: "Der Kanzler reiste nach Paris." scores 0.81, "Putin droht der
# Ukraine." 0.42, two German words such as "Hallo Welt." 0.11 (not enough); English, Dutch or Danish sentences
# never rank German first.
MIN_PROBABILITY = 0.3
MIN_LATIN_SHARE = 0.5
MIN_LETTERS = 4


@dataclass(frozen=True)
class Guess:
    """The verdict on one text: whether it is German, and the most likely language (None when unclear)."""

    german: bool
    language: str | None
    probability: float


@cache
def identifier() -> LanguageIdentifier:
    """The model, loaded once per process (about 1.5 s; the app loads it before gunicorn forks its workers)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _latin_share(letters: list[str]) -> float:
    latin = sum(1 for c in letters if c.isascii() or unicodedata.name(c, "").startswith("LATIN"))
    return latin / len(letters)


def guess(text: str) -> Guess:
    """Whether `text` shows positive German evidence, and the language it most likely is."""
    sample = text[:SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    ranked = identifier().rank(sample)
    best, probability = ranked[0] if ranked else (None, 0.0)
    if len(letters) < MIN_LETTERS:
        return Guess(False, None, 0.0)
    if _latin_share(letters) < MIN_LATIN_SHARE:
        return Guess(False, best if best != GERMAN else None, probability)
    if best == GERMAN and probability >= MIN_PROBABILITY:
        return Guess(True, GERMAN, probability)
    return Guess(False, best if best != GERMAN and probability >= MIN_PROBABILITY else None, probability)


def detect(text: str) -> str | None:
    """ "de" when the text is German by the rule above, else the most likely other language or None."""
    verdict = guess(text)
    return GERMAN if verdict.german else verdict.language
