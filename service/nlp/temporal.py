"""news_temporal: finds German temporal expressions and normalizes them against the publication date.

Expressions are found by regular expressions assembled from the lexicons in data/temporal/ (so linguists can
extend them without Python) and resolved to TIMEX3 / ISO 8601 values. Relative expressions ("am Mittwoch",
"Im Dezember") are resolved against doc._.reference_date with the tense of their clause: from token.morph when a
model provides it, else from verb forms and cue words listed in data/temporal/tense.tsv.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import records
from .component import guarded
from .sentences import sentence_chars

DATA = Path(__file__).resolve().parent / "data" / "temporal"
log = logging.getLogger(__name__)

PAST, PRESENT, FUTURE, UNKNOWN = -1, 0, 1, None
NEWS, NARRATIVE = "news", "narrative"


# --------------------------------------------------------------------------------------------- lexicons


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a TSV lexicon; '#' lines are comments so the files can document themselves."""
    with open(DATA / name, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def _ci(word: str) -> str:
    """Regex for a word whose first letter may be upper or lower case (sentence starts, headlines)."""
    first = word[0]
    head = f"[{first.upper()}{first.lower()}]" if first.upper() != first.lower() else re.escape(first)
    return head + re.escape(word[1:]).replace(r"\ ", r"\s+").replace(" ", r"\s+")


def _alt(words: Iterable[str], ci: bool = True) -> str:
    """Alternation, longest first so that 'Pfingstmontag' wins over 'Pfingsten'-like prefixes."""
    ws = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(_ci(w) if ci else re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


def _key(text: str) -> str:
    """Lookup key of a matched word: whitespace collapsed, first letter lower case."""
    text = " ".join(text.split())
    return text[:1].lower() + text[1:]


@dataclass
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    pods: dict[str, str]
    pod_words: list[str]
    seasons: dict[str, str]
    holidays: dict[str, tuple[str, str]]
    units: dict[str, tuple[str, bool]]
    numbers: dict[str, str]
    ordinals: dict[str, int]
    modifiers: dict[str, tuple[int, bool]]
    positions: dict[str, str]
    deictic: dict[str, int]
    vague: dict[str, tuple[str, str, str]]
    sets: list[tuple[str, str, bool]]
    tense: dict[str, str]
    not_preterite: set[str]
    not_dates: list[str]

    @classmethod
    def load(cls) -> Lexicon:
        return cls(
            months={_key(r["name"]): int(r["month"]) for r in _rows("months.tsv")},
            weekdays={r["name"]: int(r["weekday"]) for r in _rows("weekdays.tsv")},
            pods={_key(r["word"]): r["code"] for r in _rows("parts_of_day.tsv")},
            pod_words=[r["word"] for r in _rows("parts_of_day.tsv")],
            seasons={_key(r["word"]): r["code"] for r in _rows("seasons.tsv")},
            holidays={_key(r["name"]): (r["kind"], r["spec"]) for r in _rows("holidays.tsv")},
            units={r["word"]: (r["unit"], r["plural"] == "1") for r in _rows("units.tsv")},
            numbers={r["word"]: r["number"] for r in _rows("number_words.tsv")},
            ordinals={r["stem"]: int(r["number"]) for r in _rows("ordinals.tsv")},
            modifiers={r["word"]: (int(r["shift"]), r["strict"] == "1") for r in _rows("modifiers.tsv")},
            positions={r["word"]: r["mod"] for r in _rows("positions.tsv")},
            deictic={r["word"]: int(r["offset"]) for r in _rows("deictic.tsv")},
            vague={_key(r["phrase"]): (r["type"], r["value"], r.get("fallback", "")) for r in _rows("vague.tsv")},
            sets=[(r["word"], r["value"], r["prefix"] == "1") for r in _rows("sets.tsv")],
            tense={r["word"]: r["mark"] for r in _rows("tense.tsv")},
            not_preterite={r["word"] for r in _rows("not_preterite.tsv")},
            not_dates=[r["phrase"] for r in _rows("not_dates.tsv")],
        )


# --------------------------------------------------------------------------------------------- calendar


def easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm), for movable holidays."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _fmt_unit(ref: dt.date, unit: str, shift: int) -> str | None:
    """The period `shift` units from the one containing ref, at the unit's granularity."""
    try:
        if unit == "D":
            return (ref + dt.timedelta(days=shift)).isoformat()
        if unit == "W":
            return _iso_week(ref + dt.timedelta(weeks=shift))
        if unit == "WE":
            return _iso_week(ref + dt.timedelta(weeks=shift)) + "-WE"
        if unit == "M":
            y, m = _add_months(ref.year, ref.month, shift)
            return f"{y:04d}-{m:02d}"
        if unit == "Q":
            y, m = _add_months(ref.year, ref.month, 3 * shift)
            return f"{y:04d}-Q{(m - 1) // 3 + 1}"
        if unit == "HY":
            y, m = _add_months(ref.year, ref.month, 6 * shift)
            return f"{y:04d}-H{(m - 1) // 6 + 1}"
        if unit == "Y":
            return f"{ref.year + shift:04d}"
        if unit == "DE":
            return f"{ref.year // 10 + shift:03d}"
        if unit == "CE":
            return f"{ref.year // 100 + shift:02d}"
        if unit in ("H", "MIN", "S"):
            return ref.isoformat()
    except (OverflowError, ValueError):
        return None
    return None


def _duration(n: str, unit: str) -> str:
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    if unit == "WE":
        return f"P{n}WE"
    if unit == "Q":
        return f"P{int(n) * 3}M" if n.isdigit() else f"P{n}M"
    if unit == "HY":
        return f"P{int(n) * 6}M" if n.isdigit() else f"P{n}M"
    return f"P{n}{unit}"


def _year_for(month: int, day: int | None, ref: dt.date, tense: int | None) -> int:
    """The year that puts month/day on the side of the reference date that the tense asks for."""
    target = (month, day or 0)
    now = (ref.month, ref.day if day else 0)
    if target == now or tense is None and abs(month - ref.month) <= 0:
        return ref.year
    if tense == PAST:
        return ref.year if target <= now else ref.year - 1
    if tense in (FUTURE, PRESENT):
        return ref.year if target >= now else ref.year + 1
    # no tense: the nearest occurrence
    best = min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs(_month_distance(y, month, ref)))
    return best


def _month_distance(y: int, m: int, ref: dt.date) -> int:
    return (y * 12 + m) - (ref.year * 12 + ref.month)


_SEASON_INDEX = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
_SEASON_OF_MONTH = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3}


def _season_year(ref: dt.date, code: str, tense: int | None, shift: int | None) -> int:
    """The year of a season relative to ref; a winter counts to the year of its January (TIMEX2/3 usage)."""
    cur = (ref.year + 1) * 4 if ref.month == 12 else ref.year * 4 + _SEASON_OF_MONTH[ref.month]
    t = _SEASON_INDEX[code]
    prev, nxt = cur - ((cur - t) % 4), cur + ((t - cur) % 4)
    if shift and shift > 0:
        seq = (nxt if nxt > cur else nxt + 4) + 4 * (shift - 1)
    elif shift and shift < 0:
        seq = (prev if prev < cur else prev - 4) - 4 * (-shift - 1)
    elif tense == PAST:
        seq = prev
    elif tense in (FUTURE, PRESENT) or shift == 0:
        seq = nxt
    else:
        seq = nxt if nxt - cur <= cur - prev else prev
    return seq // 4


def _weekday_date(wd: int, ref: dt.date, tense: int | None, shift: int | None, this_week: bool) -> dt.date:
    """A weekday relative to ref: explicit shift (next/last) first, then 'this week', then the clause tense."""
    delta = wd - ref.isoweekday()
    if shift is not None and shift != 0:
        if shift > 0:
            ahead = delta if delta > 0 else delta + 7
            return ref + dt.timedelta(days=ahead + 7 * (shift - 1))
        back = -delta if delta < 0 else 7 - delta
        return ref - dt.timedelta(days=back + 7 * (-shift - 1))
    if delta == 0:
        return ref
    same_week = ref + dt.timedelta(days=delta)
    if this_week and (tense is None or tense == PRESENT or (tense == PAST) == (delta < 0)):
        return same_week
    if tense == PAST:
        return ref + dt.timedelta(days=delta if delta < 0 else delta - 7)
    if tense in (FUTURE, PRESENT):
        return ref + dt.timedelta(days=delta if delta > 0 else delta + 7)
    # no tense: the nearest of the two
    fwd, back = delta % 7, (-delta) % 7
    return ref + dt.timedelta(days=fwd) if fwd <= back else ref - dt.timedelta(days=back)


# --------------------------------------------------------------------------------------------- matching


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    groups: dict[str, str | None]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    priority: int = 0


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


B = r"(?<![\w.-])"  # left word boundary that also refuses "5.2." continuations
E = r"(?![\w])"
YEAR = r"(?:1[0-9]\d\d|20\d\d)"


class Grammar:
    """The compiled patterns, built once from the lexicons."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        month = _alt(lex.months)
        wd = _alt(lex.weekdays, ci=False)
        nouns = [w for w in lex.pod_words if w[0].isupper()]
        pod_suffix = "(?:" + "|".join(sorted({w.lower() for w in nouns}, key=len, reverse=True)) + ")"
        pod_word = _alt(nouns, ci=False)
        season = _alt(lex.seasons)
        mods = _alt(lex.modifiers)
        pos = _alt(lex.positions)
        unit_sing = _alt([u for u, (_, pl) in lex.units.items() if not pl], ci=False)
        unit_any = _alt(lex.units, ci=False)
        unit_pl = _alt([u for u, (_, pl) in lex.units.items() if pl], ci=False)
        num = r"(?:\d{1,4}(?:,\d+)?|" + _alt(lex.numbers)[3:-1] + ")"
        approx = r"(?:(?:gut|knapp|fast|etwa|rund|ungefähr|über|mehr\s+als|weniger\s+als|mindestens|bis\s+zu)\s+)"
        ordw = "(?:" + "|".join(sorted(lex.ordinals, key=len, reverse=True)) + ")(?:e|en|er|em|es)"
        holiday = _alt(lex.holidays)
        deictic = "(?:" + "|".join(sorted(lex.deictic, key=len, reverse=True)) + ")"
        day = r"(?:[12]\d|3[01]|0?[1-9])"
        yr_opt = rf"(?:\s+(?P<y>{YEAR}|'\d\d))?"
        self.patterns: list[tuple[str, re.Pattern, int, str]] = []

        # Every pattern needs a "core": a digit, a month, a unit word ... Cores are case-sensitive literal
        # alternations (each word in both first-letter cases), which re searches an order of magnitude faster than
        # the full patterns; the full pattern then runs only in windows around core hits.
        def lit(ws: Iterable[str]) -> str:
            forms = {v for w in ws if w for v in (w[0].upper() + w[1:], w[0].lower() + w[1:])}
            return "(?:" + "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True)) + ")"

        unit_words = list(lex.units) + ["Woche", "Monats", "Jahres", "Quartals"]
        cores = {
            "digit": None,  # digits are everywhere in dated texts: those patterns scan the whole text
            "month": lit(lex.months),
            "season": lit(lex.seasons),
            "holiday": lit(h.split()[-1] for h in lex.holidays),
            "weekday": lit(lex.weekdays),
            "deictic": lit(lex.deictic),
            "pod": lit(w for w in lex.pod_words if w[0].isupper()),
            "unit": lit(unit_words),
            "yearpart": lit(["Jahres"]),
            "adjdur": "(?:tägig|wöchig|monatig|jährig|stündig)",
            "compound": lit(["Vorjahr", "Vorwoche", "Vormonat", "Folge"]),
            "vague": lit(v.split()[-1] for v in lex.vague),
            "set": lit(w.split()[-1] for w, _, _ in lex.sets),
        }
        core_of = {
            "numdate": "digit", "isodate": "digit", "dayrange": "month", "daymonth": "month", "podof": "month",
            "nightof": "month", "month": "month", "season": "season", "holiday": "holiday", "weekday": "weekday",
            "deictic": "deictic", "pod": "pod", "time": "digit", "unitrel": "unit", "weekend": "unit",
            "yearpart": "yearpart", "adjdur": "adjdur", "compound": "compound", "plural": "unit", "offset": "unit",
            "yearrange": "digit", "year": "digit", "bc": "digit", "decade": "digit", "century": "digit",
            "vague": "vague", "set": "set", "dayonly": "digit",
        }  # fmt: skip
        self.cores = {name: re.compile(rx) if rx else None for name, rx in cores.items()}
        self.not_dates = re.compile(_alt(lex.not_dates, ci=False)) if lex.not_dates else None

        def add(kind: str, pattern: str, priority: int = 0) -> None:
            self.patterns.append((kind, re.compile(pattern), priority, core_of[kind]))

        # 5.2.2026, 05.02.26, 2026-02-05
        add("numdate", rf"{B}(?P<d>{day})\.\s?(?P<m>0?[1-9]|1[0-2])\.\s?(?P<y>{YEAR}|\d\d){E}", 3)
        add("isodate", rf"{B}(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>{day}){E}", 3)
        # am 5.2. (only after a preposition: too ambiguous otherwise)
        add(
            "numdate",
            rf"{B}(?P<pre>(?:[Aa]m|[Vv]om|[Bb]is\s+zum|[Zz]um|[Ss]eit\s+dem|[Aa]b\s+dem)\s+)(?P<d>{day})\.\s?"
            rf"(?P<m>0?[1-9]|1[0-2])\.(?!\d)",
            2,
        )
        # vom 3. bis 5. März 2026, 3.-5. März
        add(
            "dayrange",
            rf"{B}(?:(?P<pre>[Vv]om|[Zz]wischen\s+dem)\s+)?(?P<d1>{day})\.\s*(?:bis(?:\s+zum)?|und(?:\s+dem)?|[-–])\s*"
            rf"(?P<d>{day})\.\s*(?P<m>{month}){yr_opt}{E}",
            4,
        )
        # (am) 5. März (2026), (am) dritten März; optional weekday before: "Donnerstag, 5. Februar"
        add(
            "daymonth",
            rf"{B}(?:(?P<pre>[Aa]m|[Vv]om|[Zz]um|[Bb]is\s+zum|[Dd]en|[Dd]em|[Ss]eit\s+dem|[Aa]b\s+dem)\s+)?"
            rf"(?:(?P<wd>{wd}),?\s+(?:(?:den|dem)\s+)?)?(?:(?P<d>{day})\.|(?P<ordw>{ordw}))\s*(?P<m>{month}){yr_opt}{E}",
            3,
        )
        # am (frühen) Morgen des 22. Juni 1941, gegen Abend des 5. Mai
        add(
            "podof",
            rf"{B}(?:(?P<pre>[Aa]m|[Gg]egen|[Ii]n\s+der|[Ii]m\s+Laufe\s+des)\s+)?(?:(?:frühen|späten)\s+)?"
            rf"(?P<p>{pod_word})\s+(?:des|vom)\s+(?P<d>{day})\.\s*(?P<m>{month}){yr_opt}{E}",
            4,
        )
        # in der Nacht vom 16. auf den 17. Juni (1775): the night that starts on the first day
        add(
            "nightof",
            rf"{B}(?:(?P<pre>[Ii]n)\s+der\s+)?Nacht\s+(?:vom|zum)\s+(?P<d>{day})\.\s*(?:auf|zum)\s+(?:den\s+)?"
            rf"(?P<d2>{day})\.\s*(?P<m>{month}){yr_opt}{E}",
            4,
        )
        # (im) (Anfang|Ende) (kommenden) März (2026); bare month only with year, "im" or a position
        add(
            "month",
            rf"{B}(?:(?P<pos>{pos})\s+(?:des\s+)?)?(?:(?P<pre>[Ii]m|[Ss]eit|[Bb]is|[Aa]b|[Vv]om|[Ii]n\s+diesem|"
            rf"[Dd]iesen)\s+)?(?:(?P<mod>{mods})\s+)?(?P<m>{month})(?:\s+des\s+Jahres(?=\s+\d))?{yr_opt}{E}"
            # "von Mai bis November 1915", "Mai/Juni 1940": the first month takes the year written after the second
            rf"(?:(?<=[^\d\s])(?P<pair>(?=\s*(?:und|bis|/|–|-)\s*(?:zum\s+)?{month}(?:\s+(?P<ly>{YEAR}))?{E})))?",
            2,
        )
        # am 24. (the month of the day under discussion): only before a lower-case word, so "am 1. FC" stays out
        add("dayonly", rf"{B}(?P<pre>[Aa]m|[Vv]om|[Bb]is\s+zum|[Ss]eit\s+dem)\s+(?P<d>{day})\.(?=\s+[a-zäöü])", 1)
        # (im) Frühjahr (2026), (im) kommenden Sommer, Anfang des Sommers
        add(
            "season",
            rf"{B}(?:(?P<pos>{pos})\s+(?:des\s+)?)?(?:(?P<pre>[Ii]m|[Dd]iesen|[Ss]eit\s+dem|[Bb]is\s+zum|[Üü]ber\s+den|"
            rf"[Vv]or\s+dem|[Nn]ach\s+dem|[Dd]en|[Dd]em|[Dd]er|[Dd]es)\s+)?"
            rf"(?:(?P<mod>{mods})\s+)?(?P<s>{season})s?(?:\s+(?:des\s+Jahres\s+)?(?P<y>{YEAR}))?{E}",
            1,
        )
        # holidays: (an|zu) Weihnachten (2025), am Ostermontag
        add(
            "holiday",
            rf"{B}(?:(?P<pre>[Aa]m|[Aa]n|[Zz]u)\s+)?(?:(?P<mod>{mods})\s+)?(?P<h>{holiday})(?:\s+(?P<y>{YEAR}))?{E}",
            2,
        )
        # weekdays: (am|an diesem) (kommenden) Mittwoch(abend) (und Freitag) (, 5. Februar)
        add(
            "weekday",
            rf"{B}(?:(?P<pre>[Aa]m|[Aa]n\s+diesem|[Aa]n\s+jenem|[Vv]on|[Vv]om|[Ii]n\s+der\s+Nacht\s+(?:zum|zu|auf\s+den)|"
            rf"[Dd]iesen|[Ss]eit|[Bb]is|[Aa]b)\s+)?(?:(?P<mod>{mods})\s+)?(?:(?:frühen|späten)\s+)?(?P<wd>{wd})"
            rf"(?P<pod>{pod_suffix})?"
            rf"(?:\s+(?P<pod2>{pod_word}|früh)(?![\w-]))?"
            rf"(?:\s+(?:und|oder|bis|&)\s+(?:(?:am|zum)\s+)?(?P<wd2>{wd})(?P<pod3>{pod_suffix})?)?{E}",
            2,
        )
        # heute, gestern Abend, morgen früh
        add(
            "deictic",
            rf"{B}(?P<dx>{deictic}|Heute|Gestern|Vorgestern|Übermorgen)(?:\s+(?P<pod>{pod_word}|früh|"
            rf"{pod_suffix})(?![\w-]))?{E}",
            2,
        )
        # am Abend, in der Nacht (anchored to the day under discussion)
        add(
            "pod",
            rf"{B}(?P<pre>[Aa]m|[Ii]n\s+der|[Ii]m\s+Laufe\s+des)\s+(?:(?P<mod>{mods})\s+)?(?:(?:frühen|späten)\s+)?"
            rf"(?P<p>{pod_word}){E}",
            1,
        )
        # clock times: 10 Uhr, 10:30 Uhr, 4 Uhr 45
        add("time", rf"{B}(?P<h>[01]?\d|2[0-4])(?:[:.](?P<mi>[0-5]\d))?\s*Uhr(?:\s+(?P<mi2>[0-5]?\d)(?![\d.,]))?{E}", 3)
        # unit relative to now: nächste Woche, im vergangenen Jahr, dieses Jahr, Ende des Monats
        add(
            "unitrel",
            rf"{B}(?:(?P<pos>{pos})\s+)?(?:(?P<pre>[Ii]m|[Ii]n\s+der|[Ii]n|[Aa]m|[Zz]um|"
            rf"[Dd]es|[Dd]er|[Bb]is\s+zum|[Ss]eit\s+dem|[Ss]eit\s+der)\s+)?(?P<mod>{mods})\s+(?P<u>{unit_sing}){E}",
            2,
        )
        # am Wochenende (the one the tense points to)
        add("weekend", rf"{B}(?P<pre>[Aa]m|[Üü]bers|[Ü]ber\s+das|[Dd]as)\s+(?P<u>Wochenende){E}", 1)
        # Anfang der Woche, Ende des Jahres (the current one)
        add("unitrel", rf"{B}(?P<pos>{pos})\s+(?:der|des)\s+(?P<u>Woche|Monats|Jahres|Quartals){E}", 1)
        # zum Jahresende, im Laufe des Jahres: a part of the current year
        add(
            "yearpart",
            rf"{B}(?:(?P<pre>[Zz]um|[Zz]u|[Bb]is\s+zum|[Aa]m|[Ss]eit|[Aa]b)\s+)(?P<w>Jahresende|Jahresbeginn|"
            rf"Jahresanfang|Jahresmitte|Jahreswechsel){E}|{B}[Ii]m\s+Laufe\s+des\s+Jahres{E}",
            1,
        )
        # zweiwöchige, siebentägigen, 18-monatige: durations as adjectives
        add(
            "adjdur",
            rf"{B}(?P<n>\d{{1,3}}-|" + _alt(lex.numbers)[3:-1] + r")(?P<u>tägig|wöchig|monatig|jährig|stündig)"
            rf"(?:e|en|er|es|em)?{E}",
            1,
        )
        # Vorjahr, Vorwoche, Vormonat, Folgejahr
        add(
            "compound",
            rf"{B}(?:(?P<pre>[Ii]m|[Ii]n\s+der|[Dd]es|[Dd]er|[Ss]eit\s+dem)\s+)?(?P<c>Vorjahr|Vorjahres|Vorwoche|"
            rf"Vormonat|Vormonats|Folgejahr|Folgejahres|Folgewoche|Folgemonat|Folgemonats){E}",
            2,
        )
        # in den vergangenen (drei) Tagen, in den kommenden Stunden
        add(
            "plural",
            rf"{B}(?:(?P<pre>[Ii]n|[Ww]ährend|[Ii]nnerhalb|[Ss]eit|[Üü]ber)\s+)?(?:den|der)\s+(?P<mod>{mods})\s+"
            rf"(?:(?P<n>{num})\s+)?(?P<u>{unit_pl}){E}",
            3,
        )
        # vor zwei Wochen / in drei Tagen / seit fast einem Monat / zwei Wochen später / 48 Stunden
        add(
            "offset",
            rf"{B}(?:(?P<prep>[Vv]or|[Ii]n|[Ss]eit|[Nn]ach|[Bb]innen|[Ii]nnerhalb(?:\s+von)?|[Ff]ür|[Üü]ber)\s+)?"
            rf"{approx}?(?P<n>{num})\s+(?P<u>{unit_any})(?:\s+(?P<post>später|danach|zuvor|davor|früher|lang|zurück))?{E}",
            1,
        )
        # im Jahr 2014, 2014, Anfang 2014, Mitte der 1990er Jahre, 2010-2023, von 2010 bis 2023
        add(
            "yearrange",
            rf"{B}(?:(?P<pre>[Vv]on|[Zz]wischen)\s+)?(?P<y1>{YEAR})\s*(?:[-–/]|bis|und)\s*(?P<y2>{YEAR}|\d\d){E}",
            3,
        )
        add(
            "year",
            rf"{B}(?:(?P<pos>{pos})\s+(?:(?:des|der)\s+)?)?(?:(?P<pre>[Ii]m\s+Jahr(?:e)?|[Dd]es\s+Jahres|[Ss]eit|[Bb]is|[Aa]b|"
            rf"[Vv]on|[Ii]n|[Uu]m|[Vv]or|[Nn]ach|[Ss]ommer|[Ww]inter|[Hh]erbst|[Ff]rühjahr)\s+)?(?P<y>{YEAR}){E}(?!\s*[-–]\s*\d)",
            1,
        )
        add(
            "bc",
            rf"{B}(?:(?P<pre>[Ii]m\s+Jahr(?:e)?)\s+)?(?P<y>\d{{1,4}})\s+(?P<era>v\.\s?Chr\.|n\.\s?Chr\.|vor\s+Christus|"
            rf"nach\s+Christus)",
            3,
        )
        add(
            "decade",
            rf"{B}(?:(?P<pos>{pos})\s+)?(?:(?P<pre>[Ii]n\s+den|[Dd]er|[Dd]ie|[Ss]eit\s+den)\s+)?"
            rf"(?:(?:frühen|späten)\s+)?(?P<dec>(?:1[0-9]|20)?\d0)er(?:\s+Jahren?|-Jahren?)?{E}",
            2,
        )
        add(
            "century",
            rf"{B}(?:(?P<pre>[Ii]m|[Dd]es|[Dd]as)\s+)?(?P<c>\d{{1,2}})\.\s+Jahrhunderts?(?P<bc>\s+v\.\s?Chr\.)?{E}",
            3,
        )
        # vague phrases and frequencies
        add("vague", rf"{B}(?P<v>{_alt(lex.vague)}){E}", 1)
        sets_fixed = [w for w, _, p in lex.sets if not p]
        sets_prefix = [w for w, _, p in lex.sets if p]
        add("set", rf"{B}(?P<v>{_alt(sets_fixed)}){E}", 2)
        add("set", rf"{B}(?P<v>{_alt(sets_prefix)})(?:e|en|er|em|es)?{E}", 2)
        self.set_values = {_key(w): v for w, v, _ in lex.sets}

    _GENERIC = re.compile(r"(?:ein|einen|einem|jeden|jedem|eines|jedes)\s+$", re.IGNORECASE)

    def windows(self, core: str, text: str, left: int = 80, right: int = 100) -> list[tuple[int, int]]:
        """Merged stretches around the hits of one core; every match of its patterns lies inside one of them."""
        rx = self.cores[core]
        if rx is None:
            return [(0, len(text))]
        spans: list[tuple[int, int]] = []
        for m in rx.finditer(text):
            a, b = max(0, m.start() - left), min(len(text), m.end() + right)
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], b))
            else:
                spans.append((a, b))
        return spans

    def candidates(self, text: str) -> list[Candidate]:
        out = []
        blocked = [m.span() for m in self.not_dates.finditer(text)] if self.not_dates else []
        wins: dict[str, list[tuple[int, int]]] = {}
        for kind, rx, prio, core in self.patterns:
            if core not in wins:
                wins[core] = self.windows(core, text)
            for m in (m for a, b in wins[core] for m in rx.finditer(text, a, b)):
                if (
                    kind in ("weekday", "holiday")
                    and not m.group("pre")
                    and self._GENERIC.search(text, max(0, m.start() - 8), m.start())
                ):
                    continue  # "auf einen Donnerstag": a generic weekday, not a date
                if blocked and any(a < m.end() and m.start() < b for a, b in blocked):
                    continue  # "Welt am Sonntag" is a newspaper
                if m.end() > m.start():
                    groups = m.groupdict()
                    spans = {k: m.span(k) for k, v in groups.items() if v is not None}
                    out.append(Candidate(m.start(), m.end(), kind, groups, spans, prio))
        return out


# --------------------------------------------------------------------------------------------- tense

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


# --------------------------------------------------------------------------------------------- resolution


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
        shift, strict = self.lex.modifiers.get(_key(mod), (0, False))
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
            tense = self._tense(c, ctx)
        return _year_for(month, day, ctx.ref, tense)

    def _dayref(self, ctx: Context) -> dt.date | None:
        return ctx.anchor if ctx.mode == NARRATIVE and ctx.anchor else ctx.ref

    # -- absolute dates
    def _numdate(self, c, g, ctx):
        d, m = int(g["d"]), int(g["m"])
        y = self._parse_year(g.get("y"), ctx) if g.get("y") else self._implicit_year(c, ctx, m, d, None)
        if y is None:
            return "DATE", None
        day = _safe_date(y, m, d)
        return ("DATE", day.isoformat()) if day else None

    _isodate = _numdate

    def _daymonth(self, c, g, ctx):
        m = self.lex.months[_key(g["m"])]
        if g.get("d"):
            d = int(g["d"])
        else:
            stem = re.sub(r"(?:e|en|er|em|es)$", "", g["ordw"])
            d = self.lex.ordinals.get(stem)
            if d is None:
                return None
        y = self._parse_year(g.get("y"), ctx) if g.get("y") else self._implicit_year(c, ctx, m, d, None)
        if y is None:
            return "DATE", None
        day = _safe_date(y, m, d)
        return ("DATE", day.isoformat()) if day else None

    def _podof(self, c, g, ctx):
        res = self._daymonth(c, g, ctx)
        pod = self.lex.pods.get(_key(g["p"]))
        if res is None or res[1] is None or pod is None:
            return res
        return "TIME", f"{res[1]}T{pod}"

    def _nightof(self, c, g, ctx):
        res = self._daymonth(c, g, ctx)
        if res is None or res[1] is None:
            return res
        return "TIME", f"{res[1]}TNI"

    def _dayrange(self, c, g, ctx):
        m = self.lex.months[_key(g["m"])]
        d1, d2 = int(g["d1"]), int(g["d"])
        y = self._parse_year(g.get("y"), ctx) if g.get("y") else self._implicit_year(c, ctx, m, d1, None)
        if y is None:
            return "DATE", None
        a, b = _safe_date(y, m, d1), _safe_date(y, m, d2)
        if not a or not b or b < a:
            return None
        return "DATE", f"{a.isoformat()}/{b.isoformat()}"

    def _month(self, c, g, ctx):
        m = self.lex.months[_key(g["m"])]
        if not (g.get("y") or g.get("pre") or g.get("pos") or g.get("mod") or g.get("pair") is not None):
            return None  # a bare "August" is as likely a name
        if g.get("y") or g.get("ly"):
            y = self._parse_year(g.get("y") or g["ly"], ctx)
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
        y, m = (day.year, day.month) if d >= day.day else _add_months(day.year, day.month, 1)
        found = _safe_date(y, m, d)
        return ("DATE", found.isoformat()) if found else None

    def _season(self, c, g, ctx):
        code = self.lex.seasons[_key(g["s"])]
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
        y = _season_year(ref, code, tense, shift)
        return "DATE", f"{y:04d}-{code}"

    def _holiday(self, c, g, ctx):
        kind, spec = self.lex.holidays[_key(g["h"])]

        def on(y: int) -> dt.date | None:
            if kind == "easter":
                return easter(y) + dt.timedelta(days=int(spec))
            mm, dd = spec.split("-")
            return _safe_date(y, int(mm), int(dd))

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
        pod = self.lex.pods.get(_key(pod_word)) if pod_word else None
        if pod_word and pod is None:
            pod = self.lex.pods.get(pod_word.capitalize())
        ref = self._dayref(ctx)
        if ref is None:
            return "DATE", None
        shift, _ = self._mod(g)
        pre = " ".join((g.get("pre") or "").lower().split())
        this_week = pre in ("an diesem", "diesen") or shift == 0
        tense = self._tense(c, ctx)
        if pre == "seit":
            tense = PAST  # "seit Montag streiken ...": present tense, past day
        elif pre in ("ab", "bis") and tense != PAST:
            tense = FUTURE
        if shift is not None and shift != 0:
            day = _weekday_date(wd, ref, tense, shift, False)
        else:
            day = _weekday_date(wd, ref, tense, None, this_week)
        if pre.startswith("in der nacht"):
            return "TIME", (day - dt.timedelta(days=1)).isoformat() + "TNI"
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
            pod = self.lex.pods.get(_key(pod_word)) or self.lex.pods.get(pod_word.capitalize())
            if pod:
                return "TIME", f"{day.isoformat()}T{pod}"
        return "DATE", day.isoformat()

    def _last_day(self, c: Candidate, ctx: Context) -> dt.date | None:
        """The day under discussion: the last day-precise expression in this or the previous sentence."""
        s0, _ = ctx.sentence_of(c.start)
        p0, _ = ctx.sentence_of(max(0, s0 - 1))
        for t in reversed(ctx.previous):
            if t.start < p0:
                break
            if t.value and re.match(r"^\d{4}-\d\d-\d\d(?:T|$)", t.value) and "/" not in t.value:
                return dt.date.fromisoformat(t.value[:10])
        return None

    def _pod(self, c, g, ctx):
        pod = self.lex.pods.get(_key(g["p"]))
        if not pod:
            return None
        shift, _ = self._mod(g)
        day = self._last_day(c, ctx)
        if day is None:
            day = ctx.ref if ctx.mode == NEWS else ctx.anchor
            if day is None:
                return "TIME", None
        if shift:
            day += dt.timedelta(days=shift)
        return "TIME", f"{day.isoformat()}T{pod}"

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
        if g.get("mod") and _key(g["mod"]) in ("selben", "gleichen", "demselben"):
            # "am selben Tag": the day under discussion, not the publication date
            ref = self._last_day(c, ctx) or ctx.anchor if unit == "D" else ctx.anchor or self._last_day(c, ctx)
        if ref is None:
            return "DATE", None
        value = _fmt_unit(ref, unit, shift or 0)
        return ("DATE", value) if value else None

    def _weekend(self, c, g, ctx):
        ref = self._dayref(ctx)
        if ref is None:
            return "DATE", None
        tense = self._tense(c, ctx)
        shift = -1 if tense == PAST and ref.isoweekday() < 6 else 0
        return "DATE", _fmt_unit(ref, "WE", shift)

    def _yearpart(self, c, g, ctx):
        ref = self._dayref(ctx)
        return ("DATE", f"{ref.year:04d}") if ref else ("DATE", None)

    def _adjdur(self, c, g, ctx):
        n = _num(self.lex, g["n"].rstrip("-"))
        unit = {"tägig": "D", "wöchig": "W", "monatig": "M", "jährig": "Y", "stündig": "H"}[g["u"]]
        if not n or n == "X":
            return None
        return "DURATION", _duration(n, unit)

    def _compound(self, c, g, ctx):
        word = g["c"]
        unit = "Y" if "jahr" in word.lower() else "W" if "woche" in word.lower() else "M"
        shift = -1 if word.startswith("Vor") else 1
        ref = self._dayref(ctx)
        if ref is None:
            return "DATE", None
        return "DATE", _fmt_unit(ref, unit, shift)

    def _plural(self, c, g, ctx):
        unit, _ = self.lex.units.get(g["u"], (None, False))
        shift, _ = self._mod(g)
        if unit is None or shift is None:
            return None
        n = _num(self.lex, g.get("n"))
        if n:
            return "DURATION", _duration(n, unit)
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
        if prep == "vor" and post == "" or prep == "in" and post == "":
            if not numeric or "." in n:
                return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
            ref = self._dayref(ctx)
            if ref is None:
                return "DATE", None
            return "DATE", _fmt_unit(ref, unit, direction * int(n))
        if post in ("später", "danach", "zuvor", "davor", "früher") and n == "X":
            return "DATE", "FUTURE_REF" if direction > 0 else "PAST_REF"  # "wenige Tage später"
        if prep == "nach" and not post and numeric and unit == "D":
            # "nach zwei Tagen" counted from the day under discussion; a duration when there is none
            anchor = self._last_day(c, ctx)
            if anchor is not None:
                return "DATE", _fmt_unit(anchor, unit, int(n))
        if post in ("später", "danach", "zuvor", "davor", "früher") and numeric is True:
            anchor = self._last_day(c, ctx) if unit in ("D", "W") else None
            base = anchor or (ctx.anchor if ctx.mode == NARRATIVE else None)
            if base is None or "." in n:
                return "DATE", None
            return "DATE", _fmt_unit(base, unit, direction * int(n))
        if unit in ("H", "MIN", "S") and prep == "nach":
            return None
        return "DURATION", _duration(n, unit)

    def _vague(self, c, g, ctx):
        typ, value, fallback = self.lex.vague[_key(g["v"])]
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
        k = _key(word)
        for w, v, prefix in self.lex.sets:
            if _key(w) == k or prefix and k.startswith(_key(w)):
                return v
        return None


# --------------------------------------------------------------------------------------------- filters

_YEAR_CUES = {"im", "jahr", "jahre", "seit", "bis", "ab", "von", "in", "um", "vor", "nach", "anfang", "mitte", "ende",
              "beginn", "sommer", "winter", "herbst", "frühjahr", "des", "jahres"}  # fmt: skip
_NUM_CUES = {"rund", "etwa", "über", "mehr", "als", "fast", "knapp", "gut", "ca", "circa", "insgesamt", "nur", "nummer",
             "nr", "weitere", "weiteren", "zusätzlich", "zusätzliche"}  # fmt: skip


_HEADING_YEAR = re.compile(rf"(?<!\d)({YEAR})(?!\d)")


def _headings(text: str) -> list[tuple[int, int | None]]:
    """Short lines without final punctuation (section headings) with the first year they name, if any."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if 0 < len(stripped) <= 90 and not stripped.endswith((".", "!", "?", ":", ",", ";", "“", '"')):
            m = _HEADING_YEAR.search(stripped)
            out.append((pos, int(m.group(1)) if m else None))
        pos += len(line) + 1
    return out


def _heading(text: str, start: int, end: int) -> bool:
    """The expression ends a short line without final punctuation: a section heading ("Westfront 1939")."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    tail = text[end:le].strip(" )")
    return le - ls <= 90 and not tail and not text[ls:le].rstrip().endswith((".", "!", "?", ":"))


def _plausible_year(text: str, c: Candidate) -> bool:
    """A bare four-digit number is a year unless it counts something ("2000 Soldaten", "über 1500")."""
    if c.groups.get("pre") or c.groups.get("pos"):
        return True
    if int(c.groups["y"]) % 100 == 0:
        return False  # "1000 Soldaten", "2000 Euro": round bare numbers are counts far more often than years
    before = text[max(0, c.start - 20) : c.start].split()
    prev = before[-1].lower().strip(".,;:(") if before else ""
    after = text[c.end : c.end + 30]
    nxt = after.split()[0] if after.split() else ""
    if re.match(r"^[.,]\d", after):
        return False
    if prev in _NUM_CUES:
        return False
    if prev in ("*", "-", "•", "–") or not before:
        return True  # list items and headings start with the year
    same_line = "\n" not in after[: after.find(nxt) + 1] if nxt else False
    # "2500 Soldaten": a number directly before a noun counts it; headings ("Westfront 1939\n") pass above
    return not (nxt[:1].isupper() and same_line and not nxt.startswith(("Jahr", "Uhr")))


# --------------------------------------------------------------------------------------------- tagger


class Tagger:
    """Finds and resolves the temporal expressions of one text."""

    def __init__(self, mode: str = NEWS) -> None:
        self.lex = Lexicon.load()
        self.grammar = Grammar(self.lex)
        self.resolver = Resolver(self.lex)
        self.mode = mode

    def tag(self, doc: Doc, ref: dt.date | None, mode: str | None = None) -> list[records.Timex]:
        text = doc.text
        if not text.strip():
            return []
        bounds = _SentenceIndex(doc, text)
        tense = TenseOracle(doc, self.lex, bounds, text)
        ctx = Context(text, ref, mode or self.mode, tense, bounds)
        chosen = self._select(text, self.grammar.candidates(text))
        out: list[records.Timex] = []
        headings = _headings(text) if ctx.mode == NARRATIVE else []
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
            self._update_anchor(ctx, c, t)
        return out

    @staticmethod
    def _trim(text: str, c: Candidate) -> tuple[int, int]:
        """Drop prepositions that are not part of a TIMEX ("seit", "bis", "ab", "von") from the span."""
        pre = c.groups.get("pre") or c.groups.get("prep")
        start = c.start
        if pre and c.kind in ("year", "month", "daymonth", "numdate", "weekday", "season", "holiday", "yearpart"):
            key = pre.split()[0].lower()
            if " ".join(pre.lower().split()).startswith("in der nacht"):
                key = ""
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
        return start, c.end

    @staticmethod
    def _update_anchor(ctx: Context, c: Candidate, t: records.Timex) -> None:
        v = t.value or ""
        explicit_year = bool(c.groups.get("y") or c.groups.get("y1")) and re.match(r"^\d{4}", v) is not None
        pre = (c.groups.get("pre") or "").split()[:1]
        heading = _heading(ctx.text, c.start, c.end)
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
                day = _safe_date(y, mo, d)
                if day:
                    ctx.anchor = day
                    if explicit_year:
                        ctx.anchor_year_pos = t.start

    def _select(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Longest match wins, then the higher priority; the kept spans never overlap."""
        keep: list[Candidate] = []
        cands = [c for c in cands if c.kind != "year" or _plausible_year(text, c)]
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


def _annotated(doc: Doc, attr: str) -> bool:
    """doc.has_annotation without a Python loop over every token (it dominates long texts otherwise)."""
    if not len(doc):
        return False
    arr = doc.to_array(attr)
    return bool((arr[1:] != 0).any()) if attr == "SENT_START" else bool(arr.any())


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


class TemporalTagger:
    """Sets doc._.timexes (list[records.Timex], sorted by start, non-overlapping)."""

    def __init__(self, nlp: Language, name: str, document_type: str = NEWS) -> None:
        records.register_extensions()
        self.name = name
        self.tagger = get_tagger(document_type if document_type in (NEWS, NARRATIVE) else NEWS)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            ref = doc._.reference_date
            if isinstance(ref, dt.datetime):
                ref = ref.date()
            if not isinstance(ref, dt.date):
                ref = None
            doc._.timexes = guarded(doc, self.name, lambda doc=doc, ref=ref: self.tagger.tag(doc, ref), [])
            yield doc


@Language.factory("news_temporal", default_config={"document_type": NEWS})
def make_temporal(nlp: Language, name: str, document_type: str) -> TemporalTagger:
    return TemporalTagger(nlp, name, document_type)
