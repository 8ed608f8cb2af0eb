"""The temporal lexicons of data/temporal/ (one TSV per word class) and the regex helpers built on them."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "temporal"


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


def alt(words: Iterable[str], ci: bool = True) -> str:
    """Alternation, longest first so that 'Pfingstmontag' wins over 'Pfingsten'-like prefixes."""
    ws = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(_ci(w) if ci else re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


def lookup_key(text: str) -> str:
    """Lookup key of a matched word: whitespace collapsed, first letter lower case."""
    text = " ".join(text.split())
    return text[:1].lower() + text[1:]


def _by_role(rows: list[dict[str, str]]) -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for r in rows:
        roles.setdefault(r["role"], set()).add(r["word"])
    return {k: frozenset(v) for k, v in roles.items()}


@dataclass
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    pods: dict[str, str]
    pod_hours: dict[str, tuple[int, int]]
    pod_words: list[str]
    seasons: dict[str, str]
    holidays: dict[str, tuple[str, str]]
    units: dict[str, tuple[str, bool]]
    numbers: dict[str, str]
    ordinals: dict[str, int]
    modifiers: dict[str, tuple[int, bool]]
    positions: dict[str, str]
    deictic: dict[str, int]
    vague: dict[str, tuple[str, str, str, str]]
    sets: list[tuple[str, str, bool]]
    tense: dict[str, str]
    not_preterite: set[str]
    not_dates: list[str]
    function_words: dict[str, frozenset[str]]
    narrative_links: dict[str, frozenset[str]]

    @classmethod
    def load(cls) -> Lexicon:
        return cls(
            months={lookup_key(r["name"]): int(r["month"]) for r in _rows("months.tsv")},
            weekdays={r["name"]: int(r["weekday"]) for r in _rows("weekdays.tsv")},
            pods={lookup_key(r["word"]): r["code"] for r in _rows("parts_of_day.tsv")},
            pod_hours={r["code"]: (int(r["from"]), int(r["to"])) for r in _rows("parts_of_day.tsv")},
            pod_words=[r["word"] for r in _rows("parts_of_day.tsv")],
            seasons={lookup_key(r["word"]): r["code"] for r in _rows("seasons.tsv")},
            holidays={lookup_key(r["name"]): (r["kind"], r["spec"]) for r in _rows("holidays.tsv")},
            units={r["word"]: (r["unit"], r["plural"] == "1") for r in _rows("units.tsv")},
            numbers={r["word"]: r["number"] for r in _rows("number_words.tsv")},
            ordinals={r["stem"]: int(r["number"]) for r in _rows("ordinals.tsv")},
            modifiers={r["word"]: (int(r["shift"]), r["strict"] == "1") for r in _rows("modifiers.tsv")},
            positions={r["word"]: r["mod"] for r in _rows("positions.tsv")},
            deictic={r["word"]: int(r["offset"]) for r in _rows("deictic.tsv")},
            vague={
                lookup_key(r["phrase"]): (r["type"], r["value"], r.get("fallback", ""), r.get("modes", ""))
                for r in _rows("vague.tsv")
            },
            sets=[(r["word"], r["value"], r["prefix"] == "1") for r in _rows("sets.tsv")],
            tense={r["word"]: r["mark"] for r in _rows("tense.tsv")},
            not_preterite={r["word"] for r in _rows("not_preterite.tsv")},
            not_dates=[r["phrase"] for r in _rows("not_dates.tsv")],
            function_words=_by_role(_rows("function_words.tsv")),
            narrative_links=_by_role([{"word": r["phrase"], "role": r["kind"]} for r in _rows("narrative_links.tsv")]),
        )
