"""Resolution of matched expressions to TIMEX3 types and values, against the reference date and tense."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import records
from .calendar import (
    FUTURE,
    PAST,
    PRESENT,
    add_months,
    duration,
    easter,
    fmt_unit,
    safe_date,
    season_year,
    weekday_date,
    year_for,
)
from .grammar import Candidate
from .lexicon import Lexicon, lookup_key

NEWS, NARRATIVE = "news", "narrative"


@dataclass
class Context:
    """What resolution needs besides the match: the text, reference date, tense oracle and earlier values."""

    text: str
    ref: dt.date | None
    mode: str
    tense_at: Callable[[int, int], int | None]
    sentence_of: Callable[[int], tuple[int, int]]
    previous: list[records.Timex] = field(default_factory=list)
    anchor: dt.date | None = None  # last fully specified date (narratives resolve against it)
    anchor_year_pos: int = -1  # where the last explicit year was written
    clock: dt.time | None = None  # the clock time of the reference (news items stamped with one, as BR's)
    # expressions that bound a stretch ("seit Freitag", "bis Montag") or look ahead ("in sieben Tagen"): not the
    # day a story is telling about
    not_story_days: set[int] = field(default_factory=set)


def _num(lex: Lexicon, s: str | None) -> str | None:
    if s is None:
        return None
    s = s.strip()
    if s[:1].isdigit():
        return s.replace(",", ".") if "," in s else str(int(s))
    return lex.numbers.get(s.lower())


class Resolver:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, c: Candidate, ctx: Context) -> tuple[str, str | None] | None:
        fn = getattr(self, "_" + c.kind)
        return fn(c, c.groups, ctx)

    # -- helpers
    def _mod(self, g: dict) -> tuple[int | None, bool]:
        mod = g.get("mod")
        if not mod:
            return None, False
        shift, strict = self.lex.modifiers.get(lookup_key(mod), (0, False))
        return shift, strict

    def _tense(self, c: Candidate, ctx: Context) -> int | None:
        return ctx.tense_at(c.start, c.end)

    def _implicit_year(self, c: Candidate, ctx: Context, month: int, day: int | None, shift: int | None):
        """Year of a date written without one: narrative anchor, year in the same sentence, or the tense."""
        s0, _ = ctx.sentence_of(c.start)
        if ctx.anchor is not None and (ctx.mode == NARRATIVE or ctx.anchor_year_pos >= s0):
            return ctx.anchor.year
        if ctx.ref is None:
            return None
        if shift:
            tense = PAST if shift < 0 else FUTURE
            if (month, day or 0) == (ctx.ref.month, ctx.ref.day if day else 0):
                return ctx.ref.year + shift
        else:
            tense = self._preposition_tense(c, self._tense(c, ctx))
        return year_for(month, day, ctx.ref, tense)

    @staticmethod
    def _preposition_tense(c: Candidate, tense: int | None) -> int | None:
        """ "seit März" looks back whatever the verb's tense; "ab/bis März" forward unless the clause is past."""
        pre = " ".join((c.groups.get("pre") or "").lower().split())
        if pre.startswith("seit"):
            return PAST
        if pre.split()[:1] in (["ab"], ["bis"]) and tense != PAST:
            return FUTURE
        return tense

    def _written_year(self, g: dict, ctx: Context) -> int | None:
        """The year the expression writes: a number, or one relative to the reference ("vergangenen Jahres")."""
        if g.get("y"):
            return self._parse_year(g["y"], ctx)
        rel = g.get("ymod") or g.get("yvor")
        base = self._dayref(ctx)  # a narrative's "des folgenden Jahres" follows the story's year
        if not rel or base is None:
            return None
        if g.get("yvor"):
            return base.year + (-1 if rel.startswith("Vor") else 1)
        shift, _ = self.lex.modifiers.get(lookup_key(rel), (None, False))
        return None if shift is None else base.year + shift

    def _dayref(self, ctx: Context) -> dt.date | None:
        return ctx.anchor if ctx.mode == NARRATIVE and ctx.anchor else ctx.ref

    # -- absolute dates
    def _numdate(self, c, g, ctx):
        d, m = int(g["d"]), int(g["m"])
        y = self._written_year(g, ctx) or self._implicit_year(c, ctx, m, d, None)
        if y is None:
            return "DATE", None
        day = safe_date(y, m, d)
        return ("DATE", day.isoformat()) if day else None

    _isodate = _numdate

    def _daymonth(self, c, g, ctx):
        m = self.lex.months[lookup_key(g["m"])]
        if g.get("d"):
            d = int(g["d"])
        else:
            stem = re.sub(r"(?:e|en|er|em|es)$", "", g["ordw"])
            d = self.lex.ordinals.get(stem)
            if d is None:
                return None
        y = self._written_year(g, ctx) or self._implicit_year(c, ctx, m, d, None)
        if y is None:
            return "DATE", None
        day = safe_date(y, m, d)
        return ("DATE", day.isoformat()) if day else None

    def _podof(self, c, g, ctx):
        res = self._daymonth(c, g, ctx)
        pod = self.lex.pods.get(lookup_key(g["p"]))
        if res is None or res[1] is None or pod is None:
            return res
        return "TIME", f"{res[1]}T{pod}"

    def _nightof(self, c, g, ctx):
        res = self._daymonth(c, g, ctx)
        if res is None or res[1] is None:
            return res
        return "TIME", f"{res[1]}TNI"

    def _dayrange(self, c, g, ctx):
        m = self.lex.months[lookup_key(g["m"])]
        d1, d2 = int(g["d1"]), int(g["d"])
        y = self._written_year(g, ctx) or self._implicit_year(c, ctx, m, d1, None)
        if y is None:
            return "DATE", None
        a, b = safe_date(y, m, d1), safe_date(y, m, d2)
        if not a or not b or b < a:
            return None
        return "DATE", f"{a.isoformat()}/{b.isoformat()}"

    def _month(self, c, g, ctx):
        m = self.lex.months[lookup_key(g["m"])]
        said = g.get("y") or g.get("pre") or g.get("pos") or g.get("mod") or g.get("ymod") or g.get("yvor")
        if not said and g.get("pair") is None:
            return None  # a bare "August" is as likely a name
        if g.get("y") or g.get("ly"):
            y = self._parse_year(g.get("y") or g["ly"], ctx)
        elif g.get("ymod") or g.get("yvor"):
            y = self._written_year(g, ctx)
        else:
            shift, _ = self._mod(g)
            if shift and ctx.ref:
                # "im kommenden März": the next March strictly after this month
                y = ctx.ref.year
                if shift > 0 and m <= ctx.ref.month:
                    y += 1
                if shift < 0 and m >= ctx.ref.month:
                    y -= 1
                y += shift - (1 if shift > 0 else -1)
            else:
                y = self._implicit_year(c, ctx, m, None, None)
        if y is None:
            return "DATE", None
        return "DATE", f"{y:04d}-{m:02d}"

    def _dayonly(self, c, g, ctx):
        day = self._last_day(c, ctx)
        d = int(g["d"])
        if day is None:
            return None  # without a day under discussion "am 24." is not worth a guess
        y, m = (day.year, day.month) if d >= day.day else add_months(day.year, day.month, 1)
        found = safe_date(y, m, d)
        return ("DATE", found.isoformat()) if found else None

    def _season(self, c, g, ctx):
        code = self.lex.seasons[lookup_key(g["s"])]
        if not (g.get("y") or g.get("pre") or g.get("pos") or g.get("mod")):
            return None
        if g.get("y"):
            return "DATE", f"{int(g['y']):04d}-{code}"
        ref = ctx.anchor if ctx.mode == NARRATIVE and ctx.anchor else ctx.ref
        if ref is None:
            return "DATE", None
        shift, _ = self._mod(g)
        if ctx.mode == NARRATIVE and ctx.anchor and not shift:
            return "DATE", f"{ctx.anchor.year:04d}-{code}"  # a story's "im Herbst" is the autumn of its current year
        tense = None if shift else self._tense(c, ctx)
        y = season_year(ref, code, tense, shift)
        return "DATE", f"{y:04d}-{code}"

    def _holiday(self, c, g, ctx):
        kind, spec = self.lex.holidays[lookup_key(g["h"])]

        def on(y: int) -> dt.date | None:
            if kind == "easter":
                return easter(y) + dt.timedelta(days=int(spec))
            mm, dd = spec.split("-")
            return safe_date(y, int(mm), int(dd))

        if g.get("y"):
            day = on(int(g["y"]))
            return ("DATE", day.isoformat()) if day else None
        ref = self._dayref(ctx)
        if ref is None:
            return "DATE", None
        shift, _ = self._mod(g)
        tense = (PAST if shift < 0 else FUTURE) if shift else self._tense(c, ctx)
        this = on(ref.year)
        if this is None:
            return None
        if tense == PAST and this > ref:
            this = on(ref.year - 1)
        elif tense in (FUTURE, PRESENT) and this < ref:
            this = on(ref.year + 1)
        elif tense is None and abs((this - ref).days) > 183:
            this = on(ref.year + (1 if this < ref else -1))
        return ("DATE", this.isoformat()) if this else None

    _pivot = dt.date.today().year

    def _parse_year(self, raw: str | None, ctx: Context | None = None) -> int | None:
        """A written year; two digits take the century that puts the year closest to the context's year."""
        if not raw:
            return None
        raw = raw.lstrip("'")
        y = int(raw)
        if len(raw) == 2:
            base = (ctx.anchor or ctx.ref) if ctx else None
            pivot = base.year if base else self._pivot
            y = min(
                (c * 100 + y for c in (pivot // 100 - 1, pivot // 100, pivot // 100 + 1)), key=lambda v: abs(v - pivot)
            )
        return y

    def _year_pattern(self, c, g, ctx):
        return "DATE", f"{int(g['y']):04d}"

    def _yearrange(self, c, g, ctx):
        y1, y2 = g["y1"], g["y2"]
        if len(y2) == 2:
            y2 = y1[:2] + y2
        if int(y2) <= int(y1):
            return None
        return "DATE", f"{y1}/{y2}"

    def _bc(self, c, g, ctx):
        y = int(g["y"])
        if g["era"].startswith(("v", "V")):
            return "DATE", f"BC{y:04d}"
        return "DATE", f"{y:04d}"

    def _decade(self, c, g, ctx):
        dec = g["dec"]
        if len(dec) == 2:
            n = int(dec)
            dec = ("20" if n <= 10 else "19") + dec
        if len(dec) != 4:
            return None
        return "DATE", dec[:3]

    def _century(self, c, g, ctx):
        n = int(g["c"])
        if not 1 <= n <= 21:
            return None
        if g.get("bc"):
            return "DATE", f"BC{n - 1:02d}"
        return "DATE", f"{n - 1:02d}"

    # -- relative dates
    def _weekday(self, c, g, ctx):
        wd = self.lex.weekdays[g["wd"]]
        pod_word = g.get("pod") or g.get("pod2")
        pod = self.lex.pods.get(lookup_key(pod_word)) if pod_word else None
        if pod_word and pod is None:
            pod = self.lex.pods.get(pod_word.capitalize())
        ref = self._dayref(ctx)
        if ref is None:
            return "DATE", None
        shift, _ = self._mod(g)
        pre = " ".join((g.get("pre") or "").lower().split())
        this_week = pre in ("an diesem", "diesen") or shift == 0
        tense = self._preposition_tense(c, self._tense(c, ctx))  # "seit Montag streiken ...": a past Monday
        if shift is not None and shift != 0:
            day = weekday_date(wd, ref, tense, shift, False)
        else:
            day = weekday_date(wd, ref, tense, None, this_week)
        if " der nacht " in f" {pre} ":
            return "TIME", day.isoformat() + "TNI"  # "in der Nacht zum Freitag": the night ending on that Friday
        if g.get("wd2"):
            wd2 = self.lex.weekdays[g["wd2"]]
            day2 = day + dt.timedelta(days=(wd2 - wd) % 7 or 7)
            return "DATE", f"{day.isoformat()}/{day2.isoformat()}"
        if pod:
            return "TIME", f"{day.isoformat()}T{pod}"
        return "DATE", day.isoformat()

    def _deictic(self, c, g, ctx):
        off = self.lex.deictic.get(g["dx"].lower())
        if off is None:
            return None
        if ctx.mode == NARRATIVE and off == 0:
            return "DATE", "PRESENT_REF"  # a history text's "heute" is the writer's present, not a day
        if ctx.ref is None:
            return "DATE", None
        day = ctx.ref + dt.timedelta(days=off)
        pod_word = g.get("pod")
        if pod_word:
            pod = self.lex.pods.get(lookup_key(pod_word)) or self.lex.pods.get(pod_word.capitalize())
            if pod:
                return "TIME", f"{day.isoformat()}T{pod}"
        return "DATE", day.isoformat()

    def _last_day(self, c: Candidate, ctx: Context, anywhere: bool = False) -> dt.date | None:
        """The day under discussion: the last day-precise expression in this or the previous sentence (anywhere
        before, for "am selben Tag"); "seit Freitag" only bounds a stretch and is no such day."""
        s0, _ = ctx.sentence_of(c.start)
        p0, _ = ctx.sentence_of(max(0, s0 - 1))
        for t in reversed(ctx.previous):
            if t.start < p0 and not anywhere:
                break
            if t.start in ctx.not_story_days:
                continue
            if t.value and re.match(r"^\d{4}-\d\d-\d\d(?:T|$)", t.value) and "/" not in t.value:
                return dt.date.fromisoformat(t.value[:10])
        return None

    def _pod(self, c, g, ctx):
        pod = self.lex.pods.get(lookup_key(g["p"]))
        if not pod:
            return None
        shift, _ = self._mod(g)
        day = self._last_day(c, ctx)
        if day is None:
            day = ctx.ref if ctx.mode == NEWS else ctx.anchor
            if day is None:
                return "TIME", None
            if ctx.mode == NEWS and ctx.clock is not None and not shift:
                day += dt.timedelta(days=self._clock_shift(c, ctx, pod))
        if shift:
            day += dt.timedelta(days=shift)
        elif pod == "00:00" and ctx.previous and (ctx.previous[-1].value or "").endswith(("TEV", "TNI")):
            day += dt.timedelta(days=1)  # "am Dienstagabend ... seit Mitternacht": the midnight that ends that day
        return "TIME", f"{day.isoformat()}T{pod}"

    def _eve(self, c, g, ctx):
        day = self._last_day(c, ctx) or (ctx.ref if ctx.mode == NEWS else ctx.anchor)
        return "TIME", (day - dt.timedelta(days=1)).isoformat() + "TEV" if day else None

    def _clock_shift(self, c: Candidate, ctx: Context, pod: str) -> int:
        """A news item stamped 01:00 tells of a past "am Nachmittag" of the day before; one stamped 20:00 of a
        future "am Morgen" of the day after."""
        hours = self.lex.pod_hours.get(pod)
        if hours is None or hours[0] > hours[1]:
            return 0  # the night straddles midnight: the "Nacht zum" convention decides
        tense = self._tense(c, ctx)
        if tense == PAST and hours[0] > ctx.clock.hour:
            return -1
        if tense in (FUTURE, PRESENT) and hours[1] <= ctx.clock.hour:
            return 1
        return 0

    def _time(self, c, g, ctx):
        h = int(g["h"])
        mi = int(g.get("mi") or g.get("mi2") or 0)
        if h > 24:
            return None
        day = self._last_day(c, ctx) or (ctx.ref if ctx.mode == NEWS else ctx.anchor)
        clock = f"T{h:02d}:{mi:02d}"
        return "TIME", (day.isoformat() + clock) if day else None

    def _unitrel(self, c, g, ctx):
        unit, _ = self.lex.units.get(g["u"], (None, False))
        if unit is None:
            return None
        shift, _ = self._mod(g) if g.get("mod") else (0, False)
        ref = self._dayref(ctx)
        if g.get("mod") and lookup_key(g["mod"]) in ("selben", "gleichen", "demselben"):
            # "am selben Tag": the day under discussion, not the publication date
            if ctx.mode == NEWS:  # the news's day under discussion, however far back it was named
                ref = self._last_day(c, ctx, anywhere=True)
            else:
                ref = self._last_day(c, ctx) or ctx.anchor if unit == "D" else ctx.anchor or self._last_day(c, ctx)
        if ref is None:
            return "DATE", None
        value = fmt_unit(ref, unit, shift or 0)
        return ("DATE", value) if value else None

    def _weekend(self, c, g, ctx):
        ref = self._dayref(ctx)
        if ref is None:
            return "DATE", None
        tense = self._tense(c, ctx)
        shift = -1 if tense == PAST and ref.isoweekday() < 6 else 0
        return "DATE", fmt_unit(ref, "WE", shift)

    def _yearpart(self, c, g, ctx):
        ref = self._dayref(ctx)
        return ("DATE", f"{ref.year:04d}") if ref else ("DATE", None)

    def _adjdur(self, c, g, ctx):
        n = _num(self.lex, g["n"].rstrip("-"))
        unit = {"tägig": "D", "wöchig": "W", "monatig": "M", "jährig": "Y", "stündig": "H"}[g["u"]]
        if not n or n == "X":
            return None
        return "DURATION", duration(n, unit)

    def _compound(self, c, g, ctx):
        word = g["c"]
        unit = "Y" if "jahr" in word.lower() else "W" if "woche" in word.lower() else "M"
        shift = -1 if word.startswith("Vor") else 1
        ref = self._dayref(ctx)
        if ref is None:
            return "DATE", None
        return "DATE", fmt_unit(ref, unit, shift)

    def _plural(self, c, g, ctx):
        unit, _ = self.lex.units.get(g["u"], (None, False))
        shift, _ = self._mod(g)
        if unit is None or shift is None:
            return None
        n = _num(self.lex, g.get("n"))
        if n:
            return "DURATION", duration(n, unit)
        if shift < 0:
            return "DATE", "PAST_REF"
        if shift > 0:
            return "DATE", "FUTURE_REF"
        return "DATE", "PRESENT_REF"

    def _offset(self, c, g, ctx):
        unit, plural = self.lex.units.get(g["u"], (None, False))
        n = _num(self.lex, g.get("n"))
        if unit is None or n is None:
            return None
        prep = (g.get("prep") or "").lower()
        post = (g.get("post") or "").lower()
        numeric = n.isdigit()
        if numeric and int(n) > 1 and not plural and unit not in ("Y",):
            return None  # "zwei Tag" is not German; avoids "2 Jahr..." noise
        if numeric and int(n) == 1 and plural:
            return None
        if unit == "WE":
            return None
        direction = 0
        if prep == "vor" or post in ("zuvor", "davor", "früher", "zurück"):
            direction = -1
        elif prep == "in" or post in ("später", "danach"):
            direction = 1
        rel = (g.get("rel") or "").lower()
        if rel and not prep and ctx.mode == NEWS:
            # counted from a happening the tagger cannot date: from the day under discussion, else a duration
            # anchored to that happening (TimeML)
            day = self._last_day(c, ctx)
            if unit in ("H", "MIN") and (day or ctx.ref):  # hours before a happening: on the news's day
                return "DATE", (day or ctx.ref).isoformat()
            if day is not None and unit in ("D", "W") and numeric:
                days = int(n) * (7 if unit == "W" else 1)
                return "DATE", (day + dt.timedelta(days=days if rel == "nach" else -days)).isoformat()
            return "DURATION", duration(n, unit)
        if prep == "vor" and post == "" or prep == "in" and post == "":
            if not numeric or "." in n:
                return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
            ref = self._dayref(ctx)
            if ref is None:
                return "DATE", None
            if unit == "W":  # "vor zwei Wochen": the day two weeks back, as a day (the gold's reading)
                return "DATE", (ref + dt.timedelta(weeks=direction * int(n))).isoformat()
            return "DATE", fmt_unit(ref, unit, direction * int(n))
        if post in ("später", "danach", "zuvor", "davor", "früher") and unit in ("H", "MIN"):
            # "wenige Stunden zuvor": still the day under discussion (the publication day when there is none)
            day = self._last_day(c, ctx) or (ctx.ref if ctx.mode == NEWS else None)
            return "DATE", day.isoformat() if day else None
        if post in ("später", "danach", "zuvor", "davor", "früher") and n == "X":
            return "DATE", "FUTURE_REF" if direction > 0 else "PAST_REF"  # "wenige Tage später"
        if prep == "nach" and not post and numeric and unit == "D":
            # "nach zwei Tagen" counted from the day under discussion; a duration when there is none
            anchor = self._last_day(c, ctx)
            if anchor is not None:
                return "DATE", fmt_unit(anchor, unit, int(n))
        if post in ("später", "danach", "zuvor", "davor", "früher") and numeric is True:
            anchor = self._last_day(c, ctx) if unit in ("D", "W") else None
            base = anchor or (ctx.anchor if ctx.mode == NARRATIVE else None)
            if base is None or "." in n:
                return "DATE", None
            return "DATE", fmt_unit(base, unit, direction * int(n))
        return "DURATION", duration(n, unit)

    def _vague(self, c, g, ctx):
        typ, value, fallback, modes = self.lex.vague[lookup_key(g["v"])]
        if modes and ctx.mode not in modes.split(","):
            return None
        if value == "ANCHOR":
            for t in reversed(ctx.previous):
                if t.type == "DATE" and t.value and re.match(r"^\d{4}(?:-\d\d)?(?:-\d\d)?$", t.value):
                    return typ, t.value
            return typ, fallback or None
        return typ, value

    def _set(self, c, g, ctx):
        v = self.set_value(g["v"])
        return ("SET", v) if v else None

    def set_value(self, word: str) -> str | None:
        k = lookup_key(word)
        for w, v, prefix in self.lex.sets:
            if lookup_key(w) == k or prefix and k.startswith(lookup_key(w)):
                return v
        return None
