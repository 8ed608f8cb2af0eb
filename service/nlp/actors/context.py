"""What stands around a token: the country a hyphen prefix, an adjective or a genitive states ("US-", "russische",
"Großbritanniens", "der Vereinigten Staaten"), a number or an indefinite article before it. Persons, groups and
organisations all read their country and count from here."""

from __future__ import annotations

from ..actor_lexicon import DETERMINERS, Lexicon, parse_number
from ..wordlists import words
from .tokens import Tokens, phrase_at

INDEFINITE = words("indefinite_articles")


def country_at(tk: Tokens, lex: Lexicon, i: int) -> str | None:
    """The country a country or capital name at token i stands for ("Doha" -> QAT)."""
    hit = phrase_at(tk, lex, i)
    return next((p for k, p in hit[1] if k in ("country", "capital")), None) if hit else None  # type: ignore[return-value]


def context_country(tk: Tokens, lex: Lexicon, i: int) -> str | None:
    """Country stated before token i: an adjective ('russische'), a genitive ('Großbritanniens')."""
    j = i - 1
    while j >= 0 and j >= i - 3:
        w = tk.text[j]
        c = lex.adjective_country(w)
        if c:
            return c
        entry = phrase_at(tk, lex, j)
        if entry and entry[0] == 1 and w.endswith("s"):
            for kind, payload in entry[1]:
                if kind in ("country", "capital"):
                    return payload  # type: ignore[return-value]
        if w.islower() and w not in DETERMINERS:
            j -= 1
            continue
        if w.lower() in DETERMINERS:
            j -= 1
            continue
        break
    return None


def following_country(tk: Tokens, lex: Lexicon, i: int) -> tuple[str, int] | None:
    """A genitive country after token i: 'Botschafter der Vereinigten Staaten', 'Präsident Russlands', 'der Emir
    von Katar'."""
    j = i + 1
    if j < len(tk) and tk.text[j] in ("der", "des"):
        j += 1
    elif j + 1 < len(tk) and tk.text[j] == "von" and tk.text[j + 1][:1].isupper():
        j += 1
        hit = phrase_at(tk, lex, j)
        country = next((p for k, p in hit[1] if k == "country"), None) if hit else None
        return (country, j + hit[0]) if country else None  # type: ignore[return-value]
    if j < len(tk):
        hit = phrase_at(tk, lex, j)
        if hit:
            for kind, payload in hit[1]:
                if kind == "country" and (tk.text[j - 1] in ("der", "des") or tk.text[j].endswith("s")):
                    return payload, j + hit[0]  # type: ignore[return-value]
    return None


def genitive_country(tk: Tokens, lex: Lexicon, k: int) -> bool:
    """The word at k names a country in the genitive ("Frankreichs", "Russlands")."""
    hit = phrase_at(tk, lex, k)
    return bool(hit) and any(kind == "country" for kind, _ in hit[1])  # type: ignore[index]


def hyphen_prefix(lex: Lexicon, word: str) -> tuple[str, str, object] | None:
    """('US', 'country', 'USA') for 'US-Präsident'; ('Nato', 'org', Org) for 'Nato-Sprecherin'."""
    if "-" not in word:
        return None
    head, _, rest = word.partition("-")
    if not rest or not rest[:1].isalpha():
        return None
    if head in lex.prefix:
        kind, payload = lex.prefix[head]
        return head, kind, payload
    for kind, payload in lex.phrases.get((head,), []):
        if kind in ("country", "capital"):
            return head, "country", payload
    return None


def indefinite_before(tk: Tokens, i: int) -> int | None:
    """The position of an indefinite article before token i over up to three adjectives, else None."""
    j = i - 1
    while j >= 0 and j >= i - 4:
        if tk.text[j].lower() in INDEFINITE:
            return j
        if not tk.text[j].islower():
            return None
        j -= 1
    return None


def number_before(tk: Tokens, i: int) -> tuple[int, bool, int | None] | None:
    """The start token, found flag and value of a number right before token i ('Etwa 50', '20 000')."""
    j = i - 1
    # one adjective may stand between: "2000 weitere Soldaten"
    if (
        j >= 0
        and tk.text[j].islower()
        and tk.text[j].lower().endswith(("e", "en"))
        and not parse_number([tk.text[j]])[0]
    ):
        j -= 1
    if j < 0:
        return None
    words = [tk.text[j]]
    ok, value = parse_number(words)
    if not ok:
        return None
    k = j
    if j - 1 >= 0 and tk.text[j].isdigit() and len(tk.text[j]) == 3 and tk.text[j - 1].isdigit():
        ok2, v2 = parse_number([tk.text[j - 1], tk.text[j]])
        if ok2:
            k, value = j - 1, v2
    if tk.text[k].lower() in ("ein", "eine"):
        return None
    return k, True, value
