"""Factuality of an event: negated or not, and its modality (asserted, planned, possible, demanded)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from ..sentences import SentenceView
from ..wordlists import read_tsv
from .lexicon import DATA
from .triggers import ATTRIBUTIVE_DETERMINERS, Candidate


@dataclass
class Cues:
    negation: set[str] = field(default_factory=set)
    negation_prefix: list[str] = field(default_factory=list)
    nonneg: set[str] = field(default_factory=set)
    modality: dict[str, str] = field(default_factory=dict)
    modality_prefix: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = DATA / "cues.tsv") -> Cues:
        cues = cls()
        for row in read_tsv(path):
            word, kind, value = (
                (row.get("word") or "").strip().lower(),
                row.get("kind"),
                (row.get("value") or "").strip(),
            )
            if not word:
                continue
            if kind == "negation":
                if word.endswith("*"):
                    cues.negation_prefix.append(word[:-1])
                else:
                    cues.negation.add(word)
            elif kind == "nonneg":
                cues.nonneg.add(word)
            elif kind == "modality" and value:
                if word.endswith("*"):
                    cues.modality_prefix.append((word[:-1], value))
                else:
                    cues.modality[word] = value
        return cues

    def is_negation(self, low: str) -> bool:
        return low in self.negation or any(low.startswith(p) for p in self.negation_prefix)

    def modality_of(self, low: str) -> str | None:
        if low in self.modality:
            return self.modality[low]
        for prefix, value in self.modality_prefix:
            if low.startswith(prefix):
                return value
        return None


def negated(doc: Doc, view: SentenceView, cand: Candidate, cues: Cues) -> bool:
    if cand.kind == "NOUN":
        for k in range(max(view.sent.start, cand.i - 3), cand.i):
            low = doc[k].lower_
            if low in ("ohne",) or (cues.is_negation(low) and low.startswith("kein")):
                return True
        return False
    lo, hi = view.sub_range(cand.i)
    if cand.trigger.type == "EVAL":
        # "nannte den Plan 'nicht akzeptabel'": a negation in the evaluation is its content, not the act's
        hi = next((k for k in range(cand.i, hi) if doc[k].lower_ == "als" or doc[k].text in '„“»«"'), hi)
    trigger_tokens = set(range(cand.i, cand.j))
    for k in range(lo, hi):
        if k in trigger_tokens:
            continue
        low = doc[k].lower_
        if not cues.is_negation(low):
            continue
        if cand.kind == "PHRASE" and low in cand.trigger.words:
            continue
        nxt = doc[k + 1].lower_ if k + 1 < len(doc) else ""
        if nxt in cues.nonneg:
            continue
        return True
    return False


def _attributive_cue(doc: Doc, k: int, lo: int) -> bool:
    """A cue word between a determiner and its noun qualifies the noun, not the clause ("lehnt den verlangten Abzug
    ab", "die geplante Reform")."""
    return (
        lo < k < len(doc) - 1
        and doc[k - 1].lower_ in ATTRIBUTIVE_DETERMINERS
        and doc[k + 1].text[:1].isupper()
        and doc[k].lower_.endswith(("e", "en", "er", "es", "em"))
    )


def modality(doc: Doc, view: SentenceView, cand: Candidate, cues: Cues) -> str:
    lo, hi = view.clause_range(cand.i) if cand.kind == "NOUN" else view.sub_range(cand.i)
    best = None
    for k in range(lo, hi):
        if cand.i <= k < cand.j or _attributive_cue(doc, k, lo):
            continue
        value = cues.modality_of(doc[k].lower_)
        if value:
            best = value
            break
    low = doc[cand.i].lower_
    if best is None and cand.kind in ("VERB", "SPLIT"):
        first = view.clause_range(cand.i)[0]
        clo = first + 1 if doc[first].is_punct and first + 1 < len(doc) else first
        if first > view.sent.start and doc[clo].lower_ in ("dass", "damit"):
            plo = view.clause_range(first - 1)[0]
            for k in range(plo, clo):
                value = cues.modality_of(doc[k].lower_)
                if value:
                    best = value
                    break
    if best is None and cand.kind in ("VERB", "SPLIT") and not cand.participle:
        # future tense: "er werde ... telefonieren", "wird ... teilnehmen"
        if low.endswith("en") and any(
            view.lows[k - view.sent.start] in ("wird", "werden", "werde") for k in range(lo, hi)
        ):
            best = "planned"
        elif "zu" in low[2:-2] or (cand.i > 0 and doc[cand.i - 1].lower_ == "zu"):
            for k in range(view.sent.start, cand.i):
                value = cues.modality_of(doc[k].lower_)
                if value:
                    best = value
    return best or "asserted"
