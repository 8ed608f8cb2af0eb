"""The tense of the clause around an expression: from verb forms and cue words, or token morphology."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from .calendar import FUTURE, PAST, PRESENT
from .lexicon import Lexicon

_WORD = re.compile(r"[\wÄÖÜäöüß]+")
_PARTICIPLE = re.compile(r"^(?:\w*ge\w{2,}(?:t|en)|\w*(?:iert))$")
_PRESENT_PARTICIPLE = re.compile(r"^\w{3,}end(?:e|en|em|er|es)$")
_STRONG, _MORPH, _CUE, _WEAK = 0, 1, 2, 3


class TenseRules:
    """The word classes and patterns of the tense rules, built once per tagger from data/temporal."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        fw = lex.function_words
        self.adjective_cues = fw.get("adjective_cue", frozenset())
        self.articles = fw.get("article", frozenset())
        self.past_auxiliaries = fw.get("past_auxiliary", frozenset())
        conj = "|".join(sorted(fw.get("clause_conjunction", ()), key=len, reverse=True))
        # quotation marks do not break a clause: they mostly quote a name ("seinen „Masterplan“ vorgestellt")
        self.hard_break = re.compile(r"[,;:()\[\]–—]|\s-\s")
        self.clause_break = re.compile(r"[,;:()\[\]–—]|\s-\s" + (rf"|\b(?:{conj})\b" if conj else ""))
        prefixes = "|".join(sorted(fw.get("inseparable_prefix", ()), key=len, reverse=True)) or "(?!)"
        # "vereinbart", "übermittelt", "beschlossen": participles without ge- (only at the clause's end)
        self.prefixed = re.compile(rf"^(?:{prefixes})\w{{3,}}(?:t|en)$")
        # "veröffentlichten", "getötete", "vereinbarte": inflected participles before their noun
        self.attribute = re.compile(
            rf"^(?:\w*ge\w{{2,}}(?:t|en)|\w*iert|(?:{prefixes})\w{{2,}}(?:t|en))(?:e|en|em|er|es)$"
        )


class TenseOracle:
    """The tense of the clause around a span.

    Evidence in order of strength: verb forms the lexicon knows (past forms, auxiliaries with their participles,
    modals with an infinitive), token morphology when a model provides it, cue words ("bereits", "künftig"), and
    last any present-looking verb. The nearest mark of the strongest kind decides. An expression inside a
    participial attribute ("die am Freitag veröffentlichten Aufnahmen") takes the participle's tense.
    """

    def __init__(self, doc: Doc, rules: TenseRules, bounds: Callable[[int], tuple[int, int]], text: str) -> None:
        self.doc, self.text, self.rules, self.lex, self.bounds = doc, text, rules, rules.lex, bounds
        self.use_morph = _annotated(doc, "MORPH")
        self._triggers: dict[tuple[int, int], tuple[int | None, bool]] = {}

    def clause(self, start: int, end: int, breaks: re.Pattern | None = None) -> tuple[int, int]:
        breaks = breaks or self.rules.clause_break
        s0, s1 = self.bounds(start)
        s0, s1 = max(s0, start - 400), min(s1, end + 400)
        left = s0
        for m in breaks.finditer(self.text, s0, start):
            left = m.end()
        m = breaks.search(self.text, end, s1)
        right = m.start() if m else s1
        return left, right

    def __call__(self, start: int, end: int) -> int | None:
        attr = self._attribute(start, end)
        if attr is not None:
            return attr
        c0, c1 = self.clause(start, end)
        tense = self._tense(c0, c1, start, end)
        if tense is None:
            s0, s1 = self.bounds(start)
            tense = self._tense(max(s0, start - 400), min(s1, end + 400), start, end)
        return tense

    def of_trigger(self, start: int, end: int) -> tuple[int | None, bool]:
        """The tense of an event trigger's clause (the trigger's own form counts) and whether that clause is a
        pluperfect ("hatte ... abgesagt", "war ... erschossen worden"): the background of a story."""
        known = self._triggers.get((start, end))
        if known is None:
            known = self._triggers[(start, end)] = self._of_trigger(start, end)
        return known

    def _of_trigger(self, start: int, end: int) -> tuple[int | None, bool]:
        c0, c1 = self.clause(start, end)
        best = self._strongest(c0, c1, start)
        if best is None or best[0] != _STRONG:
            # "hatten sich Trump und Kim ... gedroht": the finite verb stands before a conjunction; the stretch
            # between commas has it
            w0, w1 = self.clause(start, end, self.rules.hard_break)
            wide = self._strongest(w0, w1, start)
            if wide is not None and (best is None or wide[0] < best[0]):
                best, c0, c1 = wide, w0, w1
        if best is None:
            s0, s1 = self.bounds(start)
            best = self._strongest(max(s0, start - 400), min(s1, end + 400), start)
        tense = best[1] if best else None
        return tense, tense == PAST and self._pluperfect(c0, c1)

    def _strongest(self, a: int, b: int, near: int) -> tuple[int, int] | None:
        """(kind, tense) of the strongest mark nearest to a position, the marks of a..b all counting."""
        marks = self._marks_lex(a, b)
        if self.use_morph:
            marks += self._marks_morph(a, b)
        if not marks:
            return None
        strongest = min(kind for _, kind, _ in marks)
        _pos, kind, tense = min((m for m in marks if m[1] == strongest), key=lambda m: abs(m[0] - near))
        return kind, tense

    def _pluperfect(self, a: int, b: int) -> bool:
        s1 = self.bounds(a)[1]
        stop = self.rules.hard_break.search(self.text, b, s1)
        frame = [m.group() for m in _WORD.finditer(self.text, a, stop.start() if stop else s1)]
        if not any(w.lower() in self.rules.past_auxiliaries for w in frame):
            return False
        ends = frame[-2:]
        return any(
            w[:1].islower() and (_PARTICIPLE.match(w) or w in ends and self.rules.prefixed.match(w)) for w in frame
        )

    def _attribute(self, start: int, end: int) -> int | None:
        """'die am Freitag veröffentlichten Aufnahmen', 'der am Montag beginnende Gipfel': the participle between the
        determiner and its noun says when, not the clause's verb."""
        before = _WORD.findall(self.text, max(0, start - 12), start)
        if not before or before[-1].lower() not in self.rules.articles:
            return None
        after = list(_WORD.finditer(self.text, end, min(len(self.text), end + 80)))
        for k, m in enumerate(after[:5]):
            w = m.group()
            if w[0].isupper() or w.lower() in self.lex.not_preterite:
                return None
            nxt = after[k + 1].group() if k + 1 < len(after) else ""
            if not nxt[:1].isupper():
                continue
            if self.rules.attribute.match(w):
                return PAST
            if _PRESENT_PARTICIPLE.match(w):
                return FUTURE if k and after[k - 1].group() == "zu" else PRESENT
        return None

    def _tense(self, a: int, b: int, start: int, end: int) -> int | None:
        marks = self._marks_lex(a, b)
        if self.use_morph:
            marks += self._marks_morph(a, b)
        # inside the expression only cue words count ("vergangene"), handled by the resolver itself
        marks = [(pos, kind, t) for pos, kind, t in marks if not start <= pos < end]
        if not marks:
            return None
        strongest = min(kind for _, kind, _ in marks)
        pos, _, tense = min((m for m in marks if m[1] == strongest), key=lambda m: abs(m[0] - start))
        return tense

    def _marks_lex(self, a: int, b: int) -> list[tuple[int, int, int]]:
        marks: list[tuple[int, int, int]] = []
        words = [(m.start(), m.group()) for m in _WORD.finditer(self.text, a, b)]
        # the verbs closing the clause may stand behind a conjunction ("habe ... und sich ... hinweggesetzt"): the
        # auxiliary's participle or infinitive is looked for up to the next comma
        s1 = self.bounds(a)[1]
        stop = self.rules.hard_break.search(self.text, b, s1)
        frame = words + [(m.start(), m.group()) for m in _WORD.finditer(self.text, b, stop.start() if stop else s1)]
        verbs_at_end = [w for _, w in frame[-2:] if w[:1].islower()]
        prefixed = self.rules.prefixed
        participles = [
            p for p, w in frame if w[0].islower() and (_PARTICIPLE.match(w) or w in verbs_at_end and prefixed.match(w))
        ]
        has_inf = any(w.endswith("en") and w[0].islower() for _, w in frame)
        last = [w for _, w in frame[-3:]]
        perfect_infinitive = len(last) >= 2 and last[-1] in ("haben", "sein") and bool(participles)
        sein_parts = [p for p, w in frame if self.lex.tense.get(w) == "sein_participle"]
        for i, (pos, w) in enumerate(words):
            mark = self.lex.tense.get(w) or self.lex.tense.get(w.lower())
            if mark == "past":
                marks.append((pos, _STRONG, PAST))
            elif mark == "past_cue":
                marks.append((pos, _CUE, PAST))
            elif mark == "future_cue":
                marks.append((pos, _CUE, FUTURE))
            elif mark == "future" and perfect_infinitive:
                # "sollen die Gruppe unterstützt haben", "soll ... getötet worden sein": a claim about the past
                marks.append((pos, _STRONG, PAST))
            elif mark == "future":
                marks.append((pos, _STRONG, FUTURE if has_inf or w in ("plant", "planen", "beabsichtigt") else PRESENT))
            elif mark == "modal_subjunctive":
                # "könnte am Dienstag abstimmen", "dürfte am Freitag ... haben": a possibility ahead
                marks.append((pos, _STRONG, FUTURE))
            elif mark == "perfect_aux":
                # "hat/habe ... vereinbart" is past; "ist ... geplant" is a state unless the participle takes "sein"
                if w.lower().startswith(("ha", "hä")):
                    marks.append((pos, _STRONG, PAST) if participles else (pos, _WEAK, PRESENT))
                else:
                    marks.append((pos, _STRONG, PAST) if sein_parts else (pos, _WEAK, PRESENT))
            elif w[0].islower() and len(w) >= 5 and w not in self.lex.not_preterite:
                prev = words[i - 1][1].lower() if i else ""
                if prev in self.rules.adjective_cues or w.endswith(("ste", "sten")):
                    continue
                if w.endswith("te") or w.endswith(("eten", "ierten")):
                    marks.append((pos, _STRONG, PAST))
        if not any(kind == _STRONG for _, kind, _ in marks):
            # a present-tense finite verb ("empfängt", "findet"); infinitives in -en count too, weakly
            verbs = [
                p for p, w in words if w[0].islower() and w.endswith(("t", "en")) and w not in self.rules.adjective_cues
            ]
            if verbs:
                marks.append((verbs[0], _WEAK, PRESENT))
        return marks

    def _marks_morph(self, a: int, b: int) -> list[tuple[int, int, int]]:
        span = self.doc.char_span(a, b, alignment_mode="expand")
        marks: list[tuple[int, int, int]] = []
        if span is None:
            return marks
        has_part = any("Part" in t.morph.get("VerbForm") for t in span)
        has_inf = any("Inf" in t.morph.get("VerbForm") for t in span)
        sein_part = any(self.lex.tense.get(t.text) == "sein_participle" for t in span)
        for t in span:
            if "Fin" not in t.morph.get("VerbForm") or t.text[:1].isupper() and t.i > span.start:
                continue
            lemma = t.lemma_.lower()
            if "Past" in t.morph.get("Tense"):
                marks.append((t.idx, _MORPH, FUTURE if lemma == "werden" and "Sub" in t.morph.get("Mood") else PAST))
            elif lemma in ("werden", "sollen", "wollen", "planen") and has_inf:
                marks.append((t.idx, _MORPH, FUTURE))
            elif lemma == "haben" and has_part or lemma == "sein" and sein_part:
                marks.append((t.idx, _MORPH, PAST))
            else:
                marks.append((t.idx, _MORPH, PRESENT))
        return marks


def _annotated(doc: Doc, attr: str) -> bool:
    """doc.has_annotation without a Python loop over every token (it dominates long texts otherwise)."""
    if not len(doc):
        return False
    arr = doc.to_array(attr)
    return bool((arr[1:] != 0).any()) if attr == "SENT_START" else bool(arr.any())
