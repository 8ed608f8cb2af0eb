"""Persons, roles and groups: the name after a role noun ("US-Präsident Donald Trump"), age descriptions
("der 56-Jährige"), plural group nouns with their count and country ("Etwa 50 US-Botschafter"), and the
organisation a role word's prefix names ("Nato-Generalsekretär")."""

from __future__ import annotations

import re

from ..actor_lexicon import DEFINITE, PARTICLES, Lexicon, Org
from .context import context_country, following_country, hyphen_prefix, number_before
from .tokens import Cand, Tokens, phrase_at

MAX_NAME = 4
AGE = re.compile(r"^\d{1,3}-[Jj]ährige[nr]?$")


def age_description(tk: Tokens, i: int) -> Cand | None:
    """ "der 56-Jährige", "die 44-Jährige": a definite age description takes up a person named before."""
    if not AGE.match(tk.text[i]) or not i or tk.text[i - 1].lower() not in DEFINITE:
        return None
    word, det = tk.text[i], tk.text[i - 1].lower()
    gender = "f" if det == "die" and word.endswith("e") else "m" if det == "der" and not word.endswith("n") else None
    return Cand(tk.start[i - 1], tk.end[i], "anaphor_role", word, None, "Jähriger", extra={"gender": gender})


def group_mention(tk: Tokens, lex: Lexicon, i: int, rest: str, pre: tuple | None) -> Cand | None:
    """A plural group noun as an actor: "Separatisten", "300 Demonstranten"; forces and officials with their country
    ("russische Truppen", "US-Soldaten", "Soldaten der Ukraine") are a mention of that country."""
    if not rest[:1].isupper() or i + 1 < len(tk) and tk.text[i + 1][:1].isupper() and tk.is_name_token(i + 1):
        return None  # "Soldaten Müller": a title before a name
    if pre and pre[1] != "country":
        return None  # "Hamas-Kämpfer": the organisation's people, read below as its affiliation
    group = lex.group_of(rest)
    if group is None:
        return None
    label, kind = group
    country = pre[2] if pre and pre[1] == "country" else None
    country = country or context_country(tk, lex, i)
    if kind == "forces":
        # "russische Truppen griffen an": unnamed forces and officials act for their country (the country's actor)
        fol = following_country(tk, lex, i)
        country = country or (fol[0] if fol else None)
        return Cand(tk.start[i], tk.end[i], "gpe", "", country) if country else None
    num = number_before(tk, i)
    start = tk.start[num[0]] if num else tk.start[i]
    return Cand(start, tk.end[i], "group", label, country, label, num[2] if num else None)


def affiliation(tk: Tokens, i: int, word: str, org: Org) -> Cand:
    """The organisation named by the prefix of a role word ("Nato-" in "Nato-Generalsekretär")."""
    start = tk.start[i]
    return Cand(start, start + len(word.split("-")[0]), "org", org.canonical, org.country, org=org)


def name_after(tk: Tokens, lex: Lexicon, i: int) -> int:
    """Number of name tokens starting at i (0 when none): 'Donald Trump', 'Recep Tayyip Erdoğan'."""
    if i in tk.person_len:
        return tk.person_len[i]
    n = 0
    while i + n < len(tk) and n < MAX_NAME:
        w = tk.text[i + n]
        if n > 0 and w in PARTICLES and i + n + 1 < len(tk) and tk.is_name_token(i + n + 1):
            nxt = tk.text[i + n + 1]
            if (w != "der" or tk.text[i + n - 1] == "von") and not lex.is_word(nxt):
                n += 1
                continue
            break
        # "O’Brien", "D'Alema": the tokenizer splits at the apostrophe
        if (
            len(w) <= 2
            and w[:1].isupper()
            and i + n + 2 < len(tk)
            and tk.text[i + n + 1] in ("’", "'")
            and tk.end[i + n] == tk.start[i + n + 1]
            and tk.end[i + n + 1] == tk.start[i + n + 2]
            and tk.is_name_token(i + n + 2)
        ):
            n += 3
            continue
        if w in lex.facility_words:
            return 0
        if not tk.is_name_token(i + n) or w[-1:] == "-":
            break
        if lex.role_of(w) or hyphen_prefix(lex, w):
            break
        hit = phrase_at(tk, lex, i + n)
        if hit and any(k in ("country", "capital", "org", "demonym") for k, _ in hit[1]):
            break
        if n == 0 and lex.is_word(w) and w not in lex.firstnames and w not in lex.people_surnames:
            # "der Präsident Zeit" is no name: a common noun right after the role stops it
            break
        n += 1
    while n > 0 and tk.text[i + n - 1] in PARTICLES:
        n -= 1
    return n
