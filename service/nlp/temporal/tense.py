"""The tense of the clause around an expression: from verb forms and cue words, or token morphology."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from .calendar import FUTURE, PAST, PRESENT
from .lexicon import Lexicon

_WORD = re.compile(r"[\wÄÖÜäöüß]+")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]„“”\"«»–—]|\s-\s|\b(?:und|aber|oder|sondern|weil|während|bevor|nachdem)\b")
_PARTICIPLE = re.compile(r"^(?:\w*ge\w{2,}(?:t|en)|\w*(?:iert))$")
_DETERMINERS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "kein", "keine",
    "keinen", "seine", "seinen", "ihre", "ihren", "unsere", "im", "am", "zum", "zur", "vom", "beim", "diese",
    "dieser", "diesen", "jene", "alle", "viele", "sehr", "so", "zu",
}  # fmt: skip


class TenseOracle:
    """The tense of the clause around a span: morphology when present, else lexicon lookups."""

    def __init__(self, doc: Doc, lex: Lexicon, bounds: Callable[[int], tuple[int, int]], text: str) -> None:
        self.doc, self.text, self.lex, self.bounds = doc, text, lex, bounds
        self.use_morph = _annotated(doc, "MORPH")

    def clause(self, start: int, end: int) -> tuple[int, int]:
        s0, s1 = self.bounds(start)
        s0, s1 = max(s0, start - 400), min(s1, end + 400)
        left = s0
        for m in _CLAUSE_BREAK.finditer(self.text, s0, start):
            left = m.end()
        m = _CLAUSE_BREAK.search(self.text, end, s1)
        right = m.start() if m else s1
        return left, right

    def __call__(self, start: int, end: int) -> int | None:
        c0, c1 = self.clause(start, end)
        tense = self._tense(c0, c1, start, end)
        if tense is None:
            s0, s1 = self.bounds(start)
            tense = self._tense(max(s0, start - 400), min(s1, end + 400), start, end)
        return tense

    def _tense(self, a: int, b: int, start: int, end: int) -> int | None:
        marks = self._marks_morph(a, b) if self.use_morph else self._marks_lex(a, b)
        # inside the expression only cue words count ("vergangene"), handled by the resolver itself
        marks = [(pos, t) for pos, t in marks if not start <= pos < end]
        if not marks:
            return None
        # the marker nearest to the expression decides; strong verb marks beat cue words at equal distance
        pos, tense = min(marks, key=lambda pt: abs(pt[0] - start))
        return tense

    def _marks_lex(self, a: int, b: int) -> list[tuple[int, int]]:
        marks: list[tuple[int, int]] = []
        words = [(m.start(), m.group()) for m in _WORD.finditer(self.text, a, b)]
        perfect_at = [p for p, w in words if self.lex.tense.get(w) == "perfect_aux"]
        participles = [p for p, w in words if _PARTICIPLE.match(w) and w[0].islower()]
        has_inf = any(w.endswith("en") and w[0].islower() for _, w in words)
        sein_parts = [p for p, w in words if self.lex.tense.get(w) == "sein_participle"]
        for i, (pos, w) in enumerate(words):
            mark = self.lex.tense.get(w) or self.lex.tense.get(w.lower())
            if mark in ("past", "past_cue"):
                marks.append((pos, PAST))
            elif mark == "future" and (has_inf or w in ("plant", "planen", "beabsichtigt")) or mark == "future_cue":
                marks.append((pos, FUTURE))
            elif mark == "perfect_aux":
                # "hat ... beschlossen" is past; "ist ... geplant" is a state unless the participle takes "sein"
                if w.lower().startswith(("ha", "hä")):
                    marks.append((pos, PAST) if participles else (pos, PRESENT))
                else:
                    marks.append((pos, PAST) if sein_parts else (pos, PRESENT))
            elif w[0].islower() and len(w) >= 5 and w not in self.lex.not_preterite:
                prev = words[i - 1][1].lower() if i else ""
                if prev in _DETERMINERS or w.endswith(("ste", "sten")):
                    continue
                if w.endswith("te") or w.endswith(("eten", "ierten")):
                    marks.append((pos, PAST))
        if not marks and perfect_at:
            marks.append((perfect_at[0], PRESENT))
        if not marks:
            # a present-tense finite verb ("empfängt", "findet"); infinitives in -en count too, weakly
            verbs = [p for p, w in words if w[0].islower() and w.endswith(("t", "en")) and w not in _DETERMINERS]
            if verbs:
                marks.append((verbs[0], PRESENT))
        return marks

    def _marks_morph(self, a: int, b: int) -> list[tuple[int, int]]:
        span = self.doc.char_span(a, b, alignment_mode="expand")
        marks: list[tuple[int, int]] = []
        if span is None:
            return self._marks_lex(a, b)
        has_part = any("Part" in t.morph.get("VerbForm") for t in span)
        has_inf = any("Inf" in t.morph.get("VerbForm") for t in span)
        sein_part = any(self.lex.tense.get(t.text) == "sein_participle" for t in span)
        for t in span:
            cue = self.lex.tense.get(t.text.lower())
            if cue == "past_cue":
                marks.append((t.idx, PAST))
            elif cue == "future_cue":
                marks.append((t.idx, FUTURE))
            if "Fin" not in t.morph.get("VerbForm"):
                continue
            lemma = t.lemma_.lower()
            if "Past" in t.morph.get("Tense"):
                marks.append((t.idx, FUTURE if lemma == "werden" and "Sub" in t.morph.get("Mood") else PAST))
            elif lemma in ("werden", "sollen", "wollen", "planen") and has_inf:
                marks.append((t.idx, FUTURE))
            elif lemma == "haben" and has_part or lemma == "sein" and sein_part:
                marks.append((t.idx, PAST))
            else:
                marks.append((t.idx, PRESENT))
        return marks or self._marks_lex(a, b)


def _annotated(doc: Doc, attr: str) -> bool:
    """doc.has_annotation without a Python loop over every token (it dominates long texts otherwise)."""
    if not len(doc):
        return False
    arr = doc.to_array(attr)
    return bool((arr[1:] != 0).any()) if attr == "SENT_START" else bool(arr.any())
