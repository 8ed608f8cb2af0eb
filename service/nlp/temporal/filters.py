"""Filters on candidates: bare four-digit numbers that count rather than date, and section headings."""

from __future__ import annotations

import re

from .grammar import YEAR, Candidate

_NUM_CUES = {"rund", "etwa", "über", "mehr", "als", "fast", "knapp", "gut", "ca", "circa", "insgesamt", "nur", "nummer",
             "nr", "weitere", "weiteren", "zusätzlich", "zusätzliche"}  # fmt: skip


_HEADING_YEAR = re.compile(rf"(?<!\d)({YEAR})(?!\d)")


def heading_years(text: str) -> list[tuple[int, int | None]]:
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


def heading_line(text: str, start: int, end: int) -> bool:
    """The expression ends a short line without final punctuation: a section heading ("Westfront 1939")."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    tail = text[end:le].strip(" )")
    return le - ls <= 90 and not tail and not text[ls:le].rstrip().endswith((".", "!", "?", ":"))


def plausible_year(text: str, c: Candidate) -> bool:
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
