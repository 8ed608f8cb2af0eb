"""news_temporal: finds German temporal expressions and normalizes them against the publication date.

Expressions are found by regular expressions assembled from the lexicons in data/temporal/ (so linguists can
extend them without Python) and resolved to TIMEX3 / ISO 8601 values. Relative expressions ("am Mittwoch",
"Im Dezember") are resolved against doc._.reference_date with the tense of their clause: from verb forms and cue
words listed in data/temporal/tense.tsv, and token.morph when a model provides it.

Modules, each importing only from those listed before it: lexicon (the TSV lexicons), calendar (date arithmetic),
grammar (patterns and their candidates), filters (bare years, headings), tense (the tense of a clause), resolver
(types and values), tagger (one text), component (the spaCy factory).
"""

from __future__ import annotations

from .calendar import FUTURE, PAST, PRESENT, UNKNOWN, easter
from .component import TemporalTagger, make_temporal
from .lexicon import DATA, Lexicon
from .resolver import NARRATIVE, NEWS
from .tagger import Tagger, get_tagger, trigger_tense
from .tense import TenseOracle

__all__ = [
    "DATA", "FUTURE", "NARRATIVE", "NEWS", "PAST", "PRESENT", "UNKNOWN", "Lexicon", "Tagger", "TemporalTagger",
    "TenseOracle", "easter", "get_tagger", "make_temporal", "trigger_tense",
]  # fmt: skip
