"""The patterns of German temporal expressions, compiled once from the lexicons, and their candidates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .lexicon import Lexicon, alt, lookup_key


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    groups: dict[str, str | None]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    priority: int = 0


B = r"(?<![\w.-])"  # left word boundary that also refuses "5.2." continuations
E = r"(?![\w])"
YEAR = r"(?:1[0-9]\d\d|20\d\d)"


class Grammar:
    """The compiled patterns, built once from the lexicons."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        month = alt(lex.months)
        wd = alt(lex.weekdays, ci=False)
        nouns = [w for w in lex.pod_words if w[0].isupper()]
        pod_suffix = "(?:" + "|".join(sorted({w.lower() for w in nouns}, key=len, reverse=True)) + ")"
        pod_word = alt(nouns, ci=False)
        season = alt(lex.seasons)
        mods = alt(lex.modifiers)
        pos = alt(lex.positions)
        unit_sing = alt([u for u, (_, pl) in lex.units.items() if not pl], ci=False)
        unit_any = alt(lex.units, ci=False)
        unit_pl = alt([u for u, (_, pl) in lex.units.items() if pl], ci=False)
        num = r"(?:\d{1,4}(?:,\d+)?|" + alt(lex.numbers)[3:-1] + ")"
        approx = r"(?:(?:gut|knapp|fast|etwa|rund|ungefähr|über|mehr\s+als|weniger\s+als|mindestens|bis\s+zu)\s+)"
        ordw = "(?:" + "|".join(sorted(lex.ordinals, key=len, reverse=True)) + ")(?:e|en|er|em|es)"
        holiday = alt(lex.holidays)
        deictic = "(?:" + "|".join(sorted(lex.deictic, key=len, reverse=True)) + ")"
        day = r"(?:[12]\d|3[01]|0?[1-9])"
        # a written year, or one relative to the reference: "im Dezember vergangenen Jahres", "des Vorjahres"
        yr_opt = (
            rf"(?:\s+(?P<y>{YEAR}|'\d\d)|\s+(?:des\s+)?(?P<ymod>{mods})\s+Jahres|"
            rf"\s+des\s+(?P<yvor>Vorjahres|Folgejahres))?"
        )
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
            "vague": "vague", "set": "set", "dayonly": "digit", "eve": "pod",
        }  # fmt: skip
        self.cores = {name: re.compile(rx) if rx else None for name, rx in cores.items()}
        self.not_dates = re.compile(alt(lex.not_dates, ci=False)) if lex.not_dates else None

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
            rf"{B}(?:(?P<pre>[Aa]m|[Aa]n\s+diesem|[Aa]n\s+jenem|[Vv]on|[Vv]om|(?:[Ii]n|[Ss]eit)\s+der\s+Nacht\s+(?:zum|zu|auf(?:\s+den)?)|"
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
            rf"{B}(?P<pre>[Aa]m|[Ii]n\s+de[rn]|[Ii]m\s+Laufe\s+des|[Gg]egen|[Uu]m|[Ss]eit|(?:[Kk]urz\s+)?(?:[Nn]ach|[Vv]or))\s+"
            rf"(?:(?P<mod>{mods})\s+)?(?:(?:frühen|späten)\s+)?"
            rf"(?P<p>{pod_word}){E}",
            1,
        )
        # am Vorabend: the evening before the day under discussion
        add("eve", rf"{B}(?P<pre>[Aa]m)\s+Vorabend{E}", 1)
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
            rf"{B}(?P<n>\d{{1,3}}-|" + alt(lex.numbers)[3:-1] + r")(?P<u>tägig|wöchig|monatig|jährig|stündig)"
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
            rf"{approx}?(?P<n>{num})\s+(?P<u>{unit_any})(?:\s+(?P<post>später|danach|zuvor|davor|früher|lang|zurück)|"
            # "einen Tag nach dem Besuch", "wenige Stunden vor der Abstimmung": counted from a happening
            rf"\s+(?P<rel>vor|nach)(?=\s+(?:dem|der|den|des|einem|einer|seinem|seiner|ihrem|ihrer)\s))?{E}",
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
        # "ein halbes Jahr später" counts from the story's time, not the fixed duration of "ein halbes Jahr"; in
        # "inzwischen seit einem Monat" the adverb belongs to the duration after it
        add("vague", rf"{B}(?P<v>{alt(lex.vague)}){E}(?!\s+(?:später|danach|zuvor|davor|früher|seit)(?!\w))", 1)
        sets_fixed = [w for w, _, p in lex.sets if not p]
        sets_prefix = [w for w, _, p in lex.sets if p]
        add("set", rf"{B}(?P<v>{alt(sets_fixed)}){E}", 2)
        add("set", rf"{B}(?P<v>{alt(sets_prefix)})(?:e|en|er|em|es)?{E}", 2)
        self.set_values = {lookup_key(w): v for w, v, _ in lex.sets}

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
