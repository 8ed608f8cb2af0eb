"""A small function-word language guesser: enough to keep non-German articles away from a German model."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "langid" / "stopwords.tsv"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Fewer hits than this and the text says too little to overrule the default language.
MIN_EVIDENCE = 3


@cache
def _lexicon() -> dict[str, frozenset[str]]:
    out = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, words = line.split("\t", 1)
            out[lang] = frozenset(words.split())
    return out


def detect(text: str, default: str = "de", sample_chars: int = 5000) -> str:
    """The most likely language code of `text`, or `default` when the evidence is thin or ambiguous."""
    words = [w.casefold() for w in _WORD.findall(text[:sample_chars])]
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in _lexicon().items()}
    best = max(hits, key=hits.get)
    if hits[best] < MIN_EVIDENCE or hits[best] <= hits.get(default, 0) * 1.5:
        return default
    return best
