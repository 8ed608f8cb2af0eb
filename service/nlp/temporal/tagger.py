"""The tagger: candidates selected, resolved in text order, and the narrative anchor kept up to date."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from spacy.tokens import Doc

from .. import records
from ..sentences import sentence_chars
from .calendar import safe_date
from .filters import heading_line, heading_years, plausible_year
from .grammar import Candidate, Grammar
from .lexicon import Lexicon
from .resolver import NARRATIVE, NEWS, Context, Resolver
from .tense import TenseOracle, TenseRules


class Tagger:
    """Finds and resolves the temporal expressions of one text."""

    def __init__(self, mode: str = NEWS) -> None:
        self.lex = Lexicon.load()
        self.grammar = Grammar(self.lex)
        self.resolver = Resolver(self.lex)
        self.tense_rules = TenseRules(self.lex)
        self.mode = mode

    def tag(
        self, doc: Doc, ref: dt.date | None, mode: str | None = None, clock: dt.time | None = None
    ) -> list[records.Timex]:
        text = doc.text
        if not text.strip():
            return []
        bounds = _SentenceIndex(doc, text)
        tense = TenseOracle(doc, self.tense_rules, bounds, text)
        ctx = Context(text, ref, mode or self.mode, tense, bounds, clock=clock)
        chosen = self._select(text, self.grammar.candidates(text))
        out: list[records.Timex] = []
        headings = heading_years(text) if ctx.mode == NARRATIVE else []
        hi, section_year = 0, None
        for c in chosen:
            # a narrative's section headings reset the story's year ("1862", "Östlicher Kriegsschauplatz")
            while hi < len(headings) and headings[hi][0] <= c.start:
                year = headings[hi][1]
                section_year = year or section_year
                if section_year:
                    ctx.anchor = dt.date(section_year, 1, 1)
                hi += 1
            kind = "year_pattern" if c.kind == "year" else c.kind
            try:
                res = getattr(self.resolver, "_" + kind)(c, c.groups, ctx)
            except (ValueError, KeyError, OverflowError, TypeError):
                res = None
            if res is None:
                continue
            typ, value = res
            start, end = self._trim(text, c)
            t = records.Timex(start, end, text[start:end], typ, value)
            out.append(t)
            ctx.previous.append(t)
            signal = (c.groups.get("pre") or c.groups.get("prep") or "").lower().split()[:1]
            if signal in (["seit"], ["bis"], ["ab"]) or c.kind == "offset" and signal in (["in"], ["binnen"]):
                ctx.not_story_days.add(t.start)
            self._update_anchor(ctx, c, t)
        return out

    @staticmethod
    def _trim(text: str, c: Candidate) -> tuple[int, int]:
        """Drop prepositions that are not part of a TIMEX ("seit", "bis", "ab", "von") from the span."""
        pre = c.groups.get("pre") or c.groups.get("prep")
        start = c.start
        if pre and c.kind in ("year", "month", "daymonth", "numdate", "weekday", "season", "holiday", "yearpart"):
            key = pre.split()[0].lower()
            if " der nacht " in " ".join(pre.lower().split()):
                key = ""  # "in der Nacht zum Freitag" is the expression; "seit" before it is not
                if pre[:4].lower() == "seit":
                    start = c.spans["pre"][0] + 4
                    while start < c.end and text[start].isspace():
                        start += 1
            if key in (
                "seit",
                "bis",
                "ab",
                "von",
                "vom",
                "zum",
                "den",
                "dem",
                "der",
                "in",
                "um",
                "vor",
                "nach",
                "zu",
                "des",
                "über",
            ):
                start = c.spans["pre"][1]
                while start < c.end and text[start].isspace():
                    start += 1
        end = c.end
        if c.groups.get("rel"):  # "einen Tag" of "einen Tag nach dem Besuch": the signal stays out
            end = c.spans["rel"][0]
            while end > start and text[end - 1].isspace():
                end -= 1
        return start, end

    @staticmethod
    def _update_anchor(ctx: Context, c: Candidate, t: records.Timex) -> None:
        v = t.value or ""
        explicit_year = bool(c.groups.get("y") or c.groups.get("y1")) and re.match(r"^\d{4}", v) is not None
        pre = (c.groups.get("pre") or "").split()[:1]
        heading = heading_line(ctx.text, c.start, c.end)
        if not heading and (
            c.kind in ("yearrange", "decade", "century") or ctx.text[max(0, c.start - 1) : c.start] == "("
        ):
            return  # "(1912/13)", "Krieg 1870/71": background, not the time the story has reached
        if c.kind == "year" and pre and pre[0].lower() in ("bis", "seit", "ab", "vor", "nach", "von", "um"):
            return  # "bis 1881", "seit 1990": side remarks that do not move the story's time
        day_level = c.kind in ("daymonth", "numdate", "dayrange", "podof", "month", "season")
        if explicit_year or (ctx.mode == NARRATIVE and day_level and re.match(r"^\d{4}(?:-\d\d)?(?:-\d\d)?$", v)):
            m = re.match(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?", v)
            if m:
                y = int(m.group(1))
                mo = int(m.group(2) or 1)
                d = int(m.group(3) or 1)
                day = safe_date(y, mo, d)
                if day:
                    ctx.anchor = day
                    if explicit_year:
                        ctx.anchor_year_pos = t.start

    def _select(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Longest match wins, then the higher priority; the kept spans never overlap."""
        keep: list[Candidate] = []
        cands = [c for c in cands if c.kind != "year" or plausible_year(text, c)]
        cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
        taken: list[tuple[int, int]] = []
        for c in cands:
            i = bisect.bisect_left(taken, (c.start, c.start))
            if i > 0 and taken[i - 1][1] > c.start:
                continue
            if i < len(taken) and taken[i][0] < c.end:
                continue
            taken.insert(i, (c.start, c.end))
            keep.append(c)
        keep.sort(key=lambda c: c.start)
        return keep


class _SentenceIndex:
    """Sentence bounds by character offset, from the shared sentences (service.nlp.sentences)."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.spans = sentence_chars(doc)
        self.starts = [a for a, _b in self.spans]
        self.n = len(doc.text if text is None else text)

    def __call__(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return 0, self.starts[0] if self.starts else self.n
        # a sentence reaches to the next one's start: the white space between belongs to the one before
        end = self.starts[i + 1] if i + 1 < len(self.starts) else self.n
        return self.starts[i], end


# --------------------------------------------------------------------------------------------- component

_TAGGERS: dict[str, Tagger] = {}


def get_tagger(mode: str = NEWS) -> Tagger:
    """One tagger per process and mode: the lexicons are read once."""
    if mode not in _TAGGERS:
        _TAGGERS[mode] = Tagger(mode)
    return _TAGGERS[mode]


def trigger_tense(doc: Doc, start: int, end: int) -> tuple[int | None, bool]:
    """The tense (PAST, PRESENT, FUTURE or None) of the clause around characters start:end of a tagged Doc, and
    whether it is a pluperfect: for the events component, which dates events by the tense of their clause."""

    def build() -> TenseOracle:
        text = records.doc_text(doc)
        return TenseOracle(doc, get_tagger(NEWS).tense_rules, _SentenceIndex(doc, text), text)

    timexes = records.get(doc, "timexes")
    return records.derived(doc, "news_temporal.tense", timexes, build).of_trigger(start, end)
