"""Organisations and governments: a name after its descriptor ("der Nachrichtenagentur Interfax"), institutions
with their country ("die Regierung in Kiew", "US-Außenministerium"), and how German news name a country's
institutions and government."""

from __future__ import annotations

from ..actor_lexicon import DEFINITE, DETERMINERS, Lexicon, Org
from ..wordlists import table
from .context import context_country, following_country
from .tokens import Cand, Tokens, phrase_at, span_text

GENDER_ENDINGS = table("noun_gender_endings")


def described_org(tk: Tokens, lex: Lexicon, i: int) -> tuple[Cand, int] | None:
    """An organisation named after a descriptor noun, or a one-word name ending in one ('…-Universität')."""
    w = tk.text[i]
    n = len(tk)
    if "-" in w:
        head = w.rsplit("-", 1)[1]
        if lex.org_descriptors.get(head):
            b = i + 1
            if b < n and tk.text[b] in lex.city_adjectives:
                b += 1  # "Ludwig-Maximilians-Universität München"
            return Cand(tk.start[i], tk.end[b - 1], "org", span_text(tk, i, b), None), b
        return None
    if not w[:1].isupper() or not lex.org_descriptor(w) or i + 1 >= n:
        return None
    j = i + 1
    if tk.text[j] in ("„", '"', "“", "»", "«"):
        close = next((k for k in range(j + 1, min(n, j + 8)) if tk.text[k] in ("“", '"', "”", "«", "»")), None)
        if close and close > j + 1:
            return Cand(tk.start[j + 1], tk.end[close - 1], "org", span_text(tk, j + 1, close), None), close + 1
        return None
    m = 0
    while j + m < n and m < 3:
        t = tk.text[j + m]
        ok = (tk.is_name_token(j + m) and not lex.is_word(t)) or (len(t) == 1 and t.isupper())
        if not ok or tk.used[j + m] or t in lex.city_adjectives or lex.role_of(t):
            break
        m += 1
    if m:
        return Cand(tk.start[j], tk.end[j + m - 1], "org", span_text(tk, j, j + m), None), j + m
    return None


def gov_cand(lex: Lexicon, s: int, e: int, iso: str) -> Cand:
    """The government of a country as an ORG: Bundesregierung, US-Regierung, russische Regierung."""
    return Cand(s, e, "org", gov_name(lex, iso), iso, extra={"institution": "Regierung"})


def institution_name(lex: Lexicon, institution: str, iso: str) -> str:
    """A country's institution named as German news name it: "US-Außenministerium" by the country's prefix, else
    "russisches Außenministerium", "ungarische Polizei" by its adjective, else "Polizei (Land)"."""
    c = lex.countries.get(iso)
    if c and c.prefixes:
        return f"{c.prefixes[0]}-{institution}"
    if c and c.adjectives:
        low = institution.lower()
        ending = max((e for e in GENDER_ENDINGS if low.endswith(e)), key=len, default="")
        inflection = {"f": "e", "n": "es"}.get(GENDER_ENDINGS.get(ending, "m"), "er")
        return f"{c.adjectives[0]}{inflection} {institution}"
    return f"{institution} ({c.name if c else iso})"


def gov_name(lex: Lexicon, iso: str) -> str:
    """A country's government named as German news name it: "Bundesregierung", "US-Regierung"."""
    if iso == "DEU":
        return "Bundesregierung"
    c = lex.countries.get(iso)
    if c and c.prefixes:
        return f"{c.prefixes[0]}-Regierung"
    if c and c.adjectives:
        return f"{c.adjectives[0]}e Regierung"
    return f"Regierung ({c.name if c else iso})"


def institution_mention(tk: Tokens, lex: Lexicon, a: int, b: int, org: Org) -> Cand | None:
    """An institution noun becomes an actor with a country ('die russische Regierung', 'Regierung in Kiew',
    'Regierung Russlands'), or alone when it names one by itself ('das Außenministerium')."""
    s, e = tk.start[a], tk.end[b - 1]
    country = context_country(tk, lex, a)
    start = s
    if country and a > 0 and lex.adjective_country(tk.text[a - 1]):
        start = tk.start[a - 1]
    if not country and a > 0:
        hit = phrase_at(tk, lex, a - 1)
        if hit and tk.text[a - 1].endswith("s") and any(k in ("country", "capital") for k, _ in hit[1]):
            country = next(p for k, p in hit[1] if k in ("country", "capital"))  # type: ignore[assignment]
            start = tk.start[a - 1]
    if not country and b + 1 < len(tk) and tk.text[b] == "in":
        j = b + 2 if tk.text[b + 1] in DETERMINERS and b + 2 < len(tk) else b + 1
        hit = phrase_at(tk, lex, j)
        if hit and any(k in ("country", "capital") for k, _ in hit[1]):
            country = next(p for k, p in hit[1] if k in ("country", "capital"))  # type: ignore[assignment]
    if not country:
        fol = following_country(tk, lex, b - 1)
        if fol:
            country = fol[0]
    if country:
        if org.canonical == "Regierung":
            return gov_cand(lex, start, e, country)  # type: ignore[arg-type]
        name = institution_name(lex, org.canonical, country)  # type: ignore[arg-type]
        known = next((p for k, p in lex.phrases.get((name,), []) if k == "org"), None)
        if known:
            return Cand(start, e, "org", known.canonical, known.country or country, org=known)  # type: ignore[arg-type]
        return Cand(start, e, "org", name, country, extra={"institution": org.canonical})  # type: ignore[arg-type]
    prev = tk.text[a - 1].lower() if a else ""
    if prev in DEFINITE:
        # "die Polizei" after "die Stuttgarter Polizei" takes it up; a bare-naming institution stands alone else
        return Cand(s, e, "anaphor_org", org.canonical, None, extra={"institution": org.canonical, "bare": org.bare})
    if org.bare and not (a and lex.city_of_adjective(tk.text[a - 1])):  # "Stuttgarter Polizei": the city's
        return Cand(s, e, "org", org.canonical, None, extra={"institution": org.canonical})
    return None
