"""Calendar arithmetic: Easter, ISO weeks, units, and the year/weekday/season a tense points to."""

from __future__ import annotations

import datetime as dt

PAST, PRESENT, FUTURE, UNKNOWN = -1, 0, 1, None


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


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def fmt_unit(ref: dt.date, unit: str, shift: int) -> str | None:
    """The period `shift` units from the one containing ref, at the unit's granularity."""
    try:
        if unit == "D":
            return (ref + dt.timedelta(days=shift)).isoformat()
        if unit == "W":
            return _iso_week(ref + dt.timedelta(weeks=shift))
        if unit == "WE":
            return _iso_week(ref + dt.timedelta(weeks=shift)) + "-WE"
        if unit == "M":
            y, m = add_months(ref.year, ref.month, shift)
            return f"{y:04d}-{m:02d}"
        if unit == "Q":
            y, m = add_months(ref.year, ref.month, 3 * shift)
            return f"{y:04d}-Q{(m - 1) // 3 + 1}"
        if unit == "HY":
            y, m = add_months(ref.year, ref.month, 6 * shift)
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


def duration(n: str, unit: str) -> str:
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    if unit == "WE":
        return f"P{n}WE"
    if unit == "Q":
        return f"P{int(n) * 3}M" if n.isdigit() else f"P{n}M"
    if unit == "HY":
        return f"P{int(n) * 6}M" if n.isdigit() else f"P{n}M"
    return f"P{n}{unit}"


def year_for(month: int, day: int | None, ref: dt.date, tense: int | None) -> int:
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


def season_year(ref: dt.date, code: str, tense: int | None, shift: int | None) -> int:
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


def weekday_date(wd: int, ref: dt.date, tense: int | None, shift: int | None, this_week: bool) -> dt.date:
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
