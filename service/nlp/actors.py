"""news_actors: groups person, organisation and country mentions into canonical actors.

How a mention is read (rules over token text, so the blank pipeline works; doc.ents from the entity ruler
and the statistical NER add persons and organisations the rules do not know):
- Persons: a role noun followed by capitalised name tokens ("US-Präsident Donald Trump"), a known given
  name followed by a surname ("Andreas Etges"), a full name from people.tsv. Later surnames ("Rubio") and
  definite role phrases ("der US-Präsident", "Der Minister") refer back to them.
- Country of a person, group or institution: a hyphen prefix ("US-", "Kreml-"), a country adjective before
  the noun ("der russische Staatschef"), a country genitive ("Großbritanniens Premierminister", "Botschafter
  der Vereinigten Staaten"), else the actor list (people.tsv).
- Groups: a number before a plural role noun ("Etwa 50 US-Botschafter", "2000 Soldaten") with its count.
- Organisations: organisations.tsv variants and abbreviations, hyphen prefixes ("Nato-Sprecherin"),
  institutions with a country ("US-Militär", "die Regierung in Washington", "Stuttgarter Polizei"),
  anaphors ("das Bündnis" -> NATO once NATO is named).
- Class nouns and leaderships (anaphors.py): "das Emirat", "dem Nachbarland" take up a country named before;
  "die türkische Führung", "die Machthaber in Teheran" are the country acting.
- Capitals and seats of government are split by their context: after a locative preposition (in, im, nach,
  aus, bei, ...; and their coordinated neighbours "nach Deutschland und Polen") they are places, left to
  news_places; anywhere else (subject "Moskau verurteilte", genitive "Washingtons", "mit Moskau", "von
  London angeführt") they are the country acting: a GPE actor of that country. Countries follow the same rule.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from . import anaphors, records
from .actor_lexicon import (
    CONJ,
    DEFINITE,
    DETERMINERS,
    FUNCTION_WORDS,
    LOC_PREPS,
    NAME_RE,
    PARTICLES,
    POSSESSIVES,
    Lexicon,
    Org,
    Person,
    lexicon,
    parse_number,
)
from .component import ListComponent
from .wordlists import ordered, table, words

MAX_NAME = 4
GOV_NOUNS = words("government_nouns")
GENDER_ENDINGS = table("noun_gender_endings")
THROUGH_MOTION = ordered("through_motion")
INDEFINITE = words("indefinite_articles")


@dataclass
class Cand:
    """One mention before clustering."""

    start: int  # char offsets
    end: int
    kind: str  # person | group | org | gpe | anaphor_role | anaphor_org | surname
    name: str = ""
    country: str | None = None
    role: str | None = None
    count: int | None = None
    org: Org | None = None
    person: Person | None = None
    order: int = 0
    extra: dict = field(default_factory=dict)


class Mask:
    """Which characters are already claimed, so overlap tests stay linear on 100,000-character texts."""

    def __init__(self, size: int) -> None:
        self.bits = bytearray(size + 1)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * max(0, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.bits[start:end]


class Tokens:
    """Token texts and offsets with the few context tests the rules need."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.full = doc.text
        self.text = [t.text for t in doc]
        self.start = [t.idx for t in doc]
        self.end = [t.idx + len(t.text) for t in doc]
        self.sent_start = [
            bool(t.is_sent_start) or i == 0 or "\n" in doc[i - 1].text_with_ws for i, t in enumerate(doc)
        ]
        self.used = [False] * len(doc)
        self.locative: set[int] = set()
        self.person_len: dict[int, int] = {}  # token index -> length of a known person's name found there
        self.countries: list[tuple[int, str]] = []  # (token, ISO3) of every country or capital named: antecedents
        self.dateline, agency = dateline_tokens(doc)
        for k in agency:
            self.used[k] = True  # "(dpa)": the agency that reports, not an actor of the news

    def __len__(self) -> int:
        return len(self.text)

    def is_name_token(self, i: int) -> bool:
        w = self.text[i]
        return bool(NAME_RE.match(w)) and w not in FUNCTION_WORDS and len(w) > 1 or (len(w) == 2 and w.isupper())

    def is_locative(self, i: int) -> bool:
        """Whether token i stands where a place stands: after in/nach/aus..., or coordinated with such a place."""
        return self.locative_kind(i) is not None

    def locative_kind(self, i: int) -> str | None:
        """'direct' after a locative preposition ('in Quantico', 'im bayerischen Vilseck'), 'article' when an
        article stands between ('in der Ukraine'), None elsewhere."""
        if i in self.dateline:
            return "direct"  # "Moskau – ...", "Kiew (dpa) -": the place the report comes from
        kind = "direct"
        j = i - 1
        while j >= 0 and j >= i - 4:
            w = self.text[j]
            lw = w.lower()
            if lw == "durch" and not any(
                self.text[k].lower().startswith(THROUGH_MOTION) for k in range(max(0, j - 4), j)
            ):
                return None  # "die Annexion der Krim durch Russland": the agent, no place passed through
            if lw in LOC_PREPS:
                if lw in ("im", "beim", "vom", "ins") and j == i - 1:
                    kind = "article"  # "beim Bau", "im Weißen Haus": the article is inside the preposition
                return kind if lw != "zwischen" else None
            if lw == "von":
                onward = any(self.text[k].lower() == "nach" for k in range(i + 1, min(len(self), i + 5)))
                return kind if onward else None
            if lw in DETERMINERS or lw in POSSESSIVES:
                kind = "article"
                j -= 1
                continue
            if w.islower() and lw.endswith(("e", "en", "er", "em", "es")) and lw not in CONJ:
                j -= 1
                continue
            if lw in CONJ and j - 1 >= 0:
                return kind if any(k in self.locative for k in range(max(0, j - 4), j)) else None
            return None
        return None


class ActorTagger(ListComponent):
    """Sets doc._.actors (list[records.Actor]), ids a1, a2 ... in order of first mention."""

    extension = "actors"


@Language.factory("news_actors", default_config={"use_ents": True})
def make_actors(nlp: Language, name: str, use_ents: bool) -> ActorTagger:
    return ActorTagger(name, find_actors, lexicon(), use_ents)


# ---------------------------------------------------------------------- candidate finding
def _phrase_at(tk: Tokens, lex: Lexicon, i: int) -> tuple[int, list[tuple[str, object]]] | None:
    """Longest lexicon phrase starting at token i: (length, entries)."""
    for n in range(min(lex.max_len, len(tk) - i), 0, -1):
        key = tuple(tk.text[i : i + n])
        if key in lex.phrases:
            return n, lex.phrases[key]
    return None


def _country_at(tk: Tokens, lex: Lexicon, i: int) -> str | None:
    """The country a country or capital name at token i stands for ("Doha" -> QAT)."""
    hit = _phrase_at(tk, lex, i)
    return next((p for k, p in hit[1] if k in ("country", "capital")), None) if hit else None  # type: ignore[return-value]


def _context_country(tk: Tokens, lex: Lexicon, i: int) -> str | None:
    """Country stated before token i: an adjective ('russische'), a genitive ('Großbritanniens')."""
    j = i - 1
    while j >= 0 and j >= i - 3:
        w = tk.text[j]
        c = lex.adjective_country(w)
        if c:
            return c
        entry = _phrase_at(tk, lex, j)
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


def _indefinite_before(tk: Tokens, i: int) -> int | None:
    """The position of an indefinite article before token i over up to three adjectives, else None."""
    j = i - 1
    while j >= 0 and j >= i - 4:
        if tk.text[j].lower() in INDEFINITE:
            return j
        if not tk.text[j].islower():
            return None
        j -= 1
    return None


AGE = re.compile(r"^\d{1,3}-[Jj]ährige[nr]?$")


def _age_description(tk: Tokens, i: int) -> Cand | None:
    """ "der 56-Jährige", "die 44-Jährige": a definite age description takes up a person named before."""
    if not AGE.match(tk.text[i]) or not i or tk.text[i - 1].lower() not in DEFINITE:
        return None
    word, det = tk.text[i], tk.text[i - 1].lower()
    gender = "f" if det == "die" and word.endswith("e") else "m" if det == "der" and not word.endswith("n") else None
    return Cand(tk.start[i - 1], tk.end[i], "anaphor_role", word, None, "Jähriger", extra={"gender": gender})


def _group(tk: Tokens, lex: Lexicon, i: int, rest: str, pre: tuple | None) -> Cand | None:
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
    country = country or _context_country(tk, lex, i)
    if kind == "forces":
        # "russische Truppen griffen an": unnamed forces and officials act for their country (the country's actor)
        fol = _following_country(tk, lex, i)
        country = country or (fol[0] if fol else None)
        return Cand(tk.start[i], tk.end[i], "gpe", "", country) if country else None
    num = _number_before(tk, i)
    start = tk.start[num[0]] if num else tk.start[i]
    return Cand(start, tk.end[i], "group", label, country, label, num[2] if num else None)


def _affiliation(tk: Tokens, i: int, word: str, org: Org) -> Cand:
    """The organisation named by the prefix of a role word ("Nato-" in "Nato-Generalsekretär")."""
    start = tk.start[i]
    return Cand(start, start + len(word.split("-")[0]), "org", org.canonical, org.country, org=org)


def _following_country(tk: Tokens, lex: Lexicon, i: int) -> tuple[str, int] | None:
    """A genitive country after token i: 'Botschafter der Vereinigten Staaten', 'Präsident Russlands', 'der Emir
    von Katar'."""
    j = i + 1
    if j < len(tk) and tk.text[j] in ("der", "des"):
        j += 1
    elif j + 1 < len(tk) and tk.text[j] == "von" and tk.text[j + 1][:1].isupper():
        j += 1
        hit = _phrase_at(tk, lex, j)
        country = next((p for k, p in hit[1] if k == "country"), None) if hit else None
        return (country, j + hit[0]) if country else None  # type: ignore[return-value]
    if j < len(tk):
        hit = _phrase_at(tk, lex, j)
        if hit:
            for kind, payload in hit[1]:
                if kind == "country" and (tk.text[j - 1] in ("der", "des") or tk.text[j].endswith("s")):
                    return payload, j + hit[0]  # type: ignore[return-value]
    return None


def _prefix(lex: Lexicon, word: str) -> tuple[str, str, object] | None:
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


def _name_after(tk: Tokens, lex: Lexicon, i: int) -> int:
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
        if lex.role_of(w) or _prefix(lex, w):
            break
        hit = _phrase_at(tk, lex, i + n)
        if hit and any(k in ("country", "capital", "org", "demonym") for k, _ in hit[1]):
            break
        if n == 0 and lex.is_word(w) and w not in lex.firstnames and w not in lex.people_surnames:
            # "der Präsident Zeit" is no name: a common noun right after the role stops it
            break
        n += 1
    while n > 0 and tk.text[i + n - 1] in PARTICLES:
        n -= 1
    return n


def _span_text(tk: Tokens, a: int, b: int) -> str:
    return tk.full[tk.start[a] : tk.end[b - 1]]


def _number_before(tk: Tokens, i: int) -> tuple[int, bool, int | None] | None:
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


def _candidates(doc: Doc, lex: Lexicon, use_ents: bool) -> list[Cand]:
    tk = Tokens(doc)
    cands: list[Cand] = []
    n = len(tk)
    i = 0
    # pass 1: lexicon phrases (known persons, organisations, countries, capitals, demonyms)
    while i < n:
        hit = _phrase_at(tk, lex, i) if not tk.used[i] else None
        if not hit:
            i += 1
            continue
        length, entries = hit
        kinds = {k for k, _ in entries}
        a, b = i, i + length
        s, e = tk.start[a], tk.end[b - 1]
        loc = tk.is_locative(a)
        if "person" in kinds:
            person = next(p for k, p in entries if k == "person")
            tk.person_len[a] = length
            cands.append(Cand(s, e, "person", _span_text(tk, a, b), person.country, person=person))  # type: ignore[union-attr]
        elif "org" in kinds:
            org = next(p for k, p in entries if k == "org")
            assert isinstance(org, Org)
            if org.kind == "party" and a and tk.text[a - 1] in ("der", "dem") and lex.role_of(tk.text[a]):
                i += 1
                continue  # "der Republikaner": one member, a description of a person named before
            if org.kind == "government" and loc:
                tk.locative.add(a)
                i = b
                continue  # "im Weißen Haus", "in Brüssel": a place
            if org.kind == "institution":
                cand = _institution(tk, lex, a, b, org)
                if cand:
                    cands.append(cand)
            elif org.kind == "anaphor":
                cands.append(Cand(s, e, "anaphor_org", org.canonical, org.country, org=org))
            else:
                cands.append(Cand(s, e, "org", org.canonical, org.country, org=org))
        elif "country" in kinds or "capital" in kinds:
            iso = next(p for k, p in entries if k in ("country", "capital"))
            if not (loc and "country" not in kinds):
                tk.countries.append((a, iso))  # type: ignore[arg-type]  # "in Berlin" names the city, no state
            if loc:
                tk.locative.add(a)
            elif a + length < n and tk.text[a + length] in GOV_NOUNS:
                pass  # "Kiews Regierung" is read below as an institution
            else:
                cands.append(Cand(s, e, "gpe", "", iso))  # type: ignore[arg-type]
        elif "demonym" in kinds:
            iso = next(p for k, p in entries if k == "demonym")
            prev = tk.text[a - 1].lower() if a else ""
            nxt = tk.text[b] if b < n else ""
            word = tk.text[b - 1]
            one = word.endswith("in") or (prev == "der" and not word.endswith(("en", "er")))
            # "lud den Nordkoreaner ein", "dem Franzosen": accusative and dative singular (not "den Nordkoreanern")
            one = one or (prev == "den" and word.endswith("er")) or (prev == "dem" and not word.endswith("ern"))
            if prev in ("die", "der", "den", "dem") and one and not (nxt[:1].isupper() and nxt.isalpha()):
                # "die Italienerin", "der Russe": one person of that nationality, named before
                cands.append(Cand(tk.start[a - 1], e, "anaphor_role", tk.text[b - 1], iso, "Landsmann"))  # type: ignore[arg-type]
            elif prev in ("die", "den", "der") and not (nxt[:1].isupper() and nxt.isalpha()):
                cands.append(Cand(s, e, "gpe", "", iso))  # type: ignore[arg-type]
        for k in range(a, b):
            tk.used[k] = True
        i = b

    # pass 2: roles, prefixes, groups, given names, city adjectives
    i = 0
    while i < n:
        if tk.used[i]:
            i += 1
            continue
        w = tk.text[i]
        pre = _prefix(lex, w)
        rest = w.split("-", 1)[1] if pre else w
        taken_up = anaphors.country_anaphor(tk, lex, i, tk.countries)
        if taken_up is not None:
            # "das Emirat", "dem Nachbarland": a country named before, acting again
            cands.append(Cand(tk.start[taken_up[0]], tk.end[i], "gpe", "", taken_up[1]))
            tk.used[i] = True
            i += 1
            continue
        led = anaphors.leadership(tk, lex, i, lambda j: _country_at(tk, lex, j))
        if led is not None:
            cands.append(Cand(tk.start[led[0]], tk.end[led[1]], "gpe", "", led[2]))
            tk.used[i] = True
            i += 1
            continue
        # "die Gewerkschaft", "die Karlsruher Behörde": an organisation of that class named before
        last = i + 1 if lex.city_of_adjective(w) and i + 1 < n else i
        cls = anaphors.class_anaphor(tk, last, lex.city_of_adjective)
        if cls is not None:
            cands.append(Cand(tk.start[cls[0]], tk.end[last], "anaphor_class", tk.text[last], extra={"class": cls[1]}))
            for k in range(i, last + 1):
                tk.used[k] = True
            i = last + 1
            continue
        age = _age_description(tk, i)
        if age is not None:
            cands.append(age)
            tk.used[i] = True
            i += 1
            continue
        group = _group(tk, lex, i, rest, pre)
        if group is not None:
            cands.append(group)
            tk.used[i] = True
            i += 1
            continue
        role = lex.role_of(rest) if rest[:1].isupper() else None
        country = None
        affil: Org | None = None
        if pre:
            if pre[1] == "country":
                country = pre[2]  # type: ignore[assignment]
            else:
                affil = pre[2]  # type: ignore[assignment]
                country = affil.country
        elif "-" in w:
            head = w.split("-", 1)[0]
            # "Trump-Regierung", "Putin-Berater": a person's name as the prefix
            persons = lex.people_surnames.get(head)
            if persons and w.split("-", 1)[1][:1].isupper():
                country = persons[0].country
                rest = w.split("-", 1)[1]
                role = lex.role_of(rest)
                if rest in GOV_NOUNS and country:
                    cands.append(_gov_cand(lex, tk.start[i], tk.end[i], country))
                    tk.used[i] = True
                    i += 1
                    continue
        if role:
            stated = country or _context_country(tk, lex, i)
            country = stated or lex.role_countries.get(rest)
            num = _number_before(tk, i)
            role_name, number = role
            if num and number in ("pl", "both"):
                k0, _, value = num
                fol = _following_country(tk, lex, i)
                if fol:
                    country = country or fol[0]
                cands.append(Cand(tk.start[k0], tk.end[i], "group", w, country, role_name, value))
                if affil:
                    cands.append(_affiliation(tk, i, w, affil))
                tk.used[i] = True
                i += 1
                continue
            m = _name_after(tk, lex, i + 1)
            if not country:
                fol = _following_country(tk, lex, i)
                if fol and not m:
                    country = fol[0]
            if affil:
                cands.append(_affiliation(tk, i, w, affil))
            if m:
                a, b = i + 1, i + 1 + m
                cands.append(
                    Cand(
                        tk.start[a],
                        tk.end[b - 1],
                        "person",
                        _span_text(tk, a, b),
                        country,
                        role_name,
                        extra={"role_start": tk.start[i]},
                    )
                )
                for k in range(i, b):
                    tk.used[k] = True
                i = b
                continue
            if number == "pl":
                i += 1
                continue
            prev = tk.text[i - 1].lower() if i else ""
            prev2 = tk.text[i - 2].lower() if i > 1 else ""
            # "vom CSU-Vorsitzenden", "beim Kanzler": a contracted article takes up a person too
            articles = DEFINITE | {"vom", "zum", "beim"}
            det = prev if prev in articles else (prev2 if prev2 in articles and tk.text[i - 1].islower() else "")
            # "die Botschafter" and "den Botschaftern" are several, "den Botschafter" is one (accusative)
            plural = number in ("both", "pl") and (
                (det == "die" and not rest.endswith("in")) or (det == "den" and rest.endswith("n"))
            )
            if det and not plural:
                a = i - 1 if prev in DEFINITE else i if prev in articles else i - 2  # "vom" is no part of the name
                # "der Kanzler" implies Germany, but takes up a chancellor of another country named before
                implied = {"implied_country": True} if country and not stated else {}
                cands.append(Cand(tk.start[a], tk.end[i], "anaphor_role", w, country, role_name, extra=implied))
            elif not plural and i > 0 and tk.text[i - 1].endswith("s") and _genitive_country(tk, lex, i - 1):
                # "Frankreichs Präsident forderte ...": the French president named before
                cands.append(Cand(tk.start[i - 1], tk.end[i], "anaphor_role", w, country, role_name))
            elif stated and not affil and not plural and (a := _indefinite_before(tk, i)) is not None:
                # "ein hochrangiger türkischer Diplomat": an unnamed official counts as the state (GUIDELINES)
                cands.append(Cand(tk.start[a], tk.end[i], "gpe", "", country))
            elif pre and pre[1] == "org" and prev not in ("kein", "keine", "keinen"):
                # "eine EUCOM-Sprecherin": unnamed, but the organisation she speaks for is stated
                cands.append(Cand(tk.start[i], tk.end[i], "unnamed", w, country, role_name))
            tk.used[i] = True
            i += 1
            continue
        if pre:
            # other hyphen compounds: "US-Militär" (institution), "US-Seite" (the country), "Nato-Treffen" (the org)
            inst = _phrase_at(tk, lex, i) if False else None
            del inst
            rest_entries = lex.phrases.get((rest,), [])
            org_inst = next((p for k, p in rest_entries if k == "org" and p.kind == "institution"), None)
            if pre[1] == "country" and (org_inst or rest in GOV_NOUNS):
                canon = org_inst.canonical if org_inst else "Regierung"
                name = f"{pre[0]}-{canon}"
                cands.append(Cand(tk.start[i], tk.end[i], "org", name, country, extra={"institution": canon}))
            elif pre[1] == "country" and rest.startswith("Seite"):
                cands.append(Cand(tk.start[i], tk.end[i], "gpe", "", country))
            elif pre[1] == "country":
                cands.append(Cand(tk.start[i], tk.start[i] + len(pre[0]), "gpe", "", country))
            else:
                cands.append(
                    Cand(
                        tk.start[i],
                        tk.start[i] + len(pre[0]),
                        "org",
                        affil.canonical,  # type: ignore[union-attr]
                        affil.country,
                        org=affil,
                    )
                )  # type: ignore[union-attr]
            tk.used[i] = True
            i += 1
            continue
        # "von russischer Seite"
        if w == "Seite" and i and lex.adjective_country(tk.text[i - 1]):
            cands.append(Cand(tk.start[i - 1], tk.end[i], "gpe", "", lex.adjective_country(tk.text[i - 1])))
            i += 1
            continue
        # city adjective + institution: "Die Stuttgarter Polizei"
        city = lex.city_of_adjective(w)
        if city and i + 1 < n:
            ents = lex.phrases.get((tk.text[i + 1],), [])
            org_inst = next((p for k, p in ents if k == "org" and p.kind == "institution"), None)
            if org_inst:
                cands.append(
                    Cand(
                        tk.start[i],
                        tk.end[i + 1],
                        "org",
                        f"{org_inst.canonical} {city[0]}",
                        city[1] or None,
                        extra={"institution": org_inst.canonical},
                    )
                )
                tk.used[i] = tk.used[i + 1] = True
                i += 2
                continue
        # a named organisation after its descriptor: "der Nachrichtenagentur Interfax", "Zeitung „El País“"
        cand = _described_org(tk, lex, i)
        if cand:
            cands.append(cand[0])
            for k in range(i, cand[1]):
                tk.used[k] = True
            i = cand[1]
            continue
        # a given name and a surname: "Andreas Etges forscht"
        if w in lex.firstnames and i + 1 < n:
            m = _name_after(tk, lex, i + 1)
            if m and not lex.is_word(tk.text[i + m]) or (m and tk.text[i + m] in lex.people_surnames):
                b = i + 1 + m
                cands.append(Cand(tk.start[i], tk.end[b - 1], "person", _span_text(tk, i, b), None))
                for k in range(i, b):
                    tk.used[k] = True
                i = b
                continue
        i += 1

    if use_ents:
        _from_ents(doc, tk, lex, cands)
    _acronyms(tk, cands)
    return cands


def _acronyms(tk: Tokens, cands: list[Cand]) -> None:
    """Later uses of an acronym defined in brackets after an organisation's name join that organisation (under its
    full name), in place of whatever the NER made of them."""
    orgs = [c for c in cands if c.kind == "org"]
    uses = anaphors.acronym_uses(tk, {c.end: n for n, c in enumerate(orgs)})
    if not uses:
        return
    at = {(tk.start[j], tk.end[j]) for j, _ in uses}
    cands[:] = [c for c in cands if (c.start, c.end) not in at]
    for j, n in uses:
        cands.append(replace(orgs[n], start=tk.start[j], end=tk.end[j]))


def _described_org(tk: Tokens, lex: Lexicon, i: int) -> tuple[Cand, int] | None:
    """An organisation named after a descriptor noun, or a one-word name ending in one ('…-Universität')."""
    w = tk.text[i]
    n = len(tk)
    if "-" in w:
        head = w.rsplit("-", 1)[1]
        if lex.org_descriptors.get(head):
            b = i + 1
            if b < n and tk.text[b] in lex.city_adjectives:
                b += 1  # "Ludwig-Maximilians-Universität München"
            return Cand(tk.start[i], tk.end[b - 1], "org", _span_text(tk, i, b), None), b
        return None
    if not w[:1].isupper() or not lex.org_descriptor(w) or i + 1 >= n:
        return None
    j = i + 1
    if tk.text[j] in ("„", '"', "“", "»", "«"):
        close = next((k for k in range(j + 1, min(n, j + 8)) if tk.text[k] in ("“", '"', "”", "«", "»")), None)
        if close and close > j + 1:
            return Cand(tk.start[j + 1], tk.end[close - 1], "org", _span_text(tk, j + 1, close), None), close + 1
        return None
    m = 0
    while j + m < n and m < 3:
        t = tk.text[j + m]
        ok = (tk.is_name_token(j + m) and not lex.is_word(t)) or (len(t) == 1 and t.isupper())
        if not ok or tk.used[j + m] or t in lex.city_adjectives or lex.role_of(t):
            break
        m += 1
    if m:
        return Cand(tk.start[j], tk.end[j + m - 1], "org", _span_text(tk, j, j + m), None), j + m
    return None


def _gov_cand(lex: Lexicon, s: int, e: int, iso: str) -> Cand:
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
    if iso == "DEU":
        return "Bundesregierung"
    c = lex.countries.get(iso)
    if c and c.prefixes:
        return f"{c.prefixes[0]}-Regierung"
    if c and c.adjectives:
        return f"{c.adjectives[0]}e Regierung"
    return f"Regierung ({c.name if c else iso})"


def _genitive_country(tk: Tokens, lex: Lexicon, k: int) -> bool:
    """The word at k names a country in the genitive ("Frankreichs", "Russlands")."""
    hit = _phrase_at(tk, lex, k)
    return bool(hit) and any(kind == "country" for kind, _ in hit[1])  # type: ignore[index]


def _institution(tk: Tokens, lex: Lexicon, a: int, b: int, org: Org) -> Cand | None:
    """An institution noun becomes an actor with a country ('die russische Regierung', 'Regierung in Kiew',
    'Regierung Russlands'), or alone when it names one by itself ('das Außenministerium')."""
    s, e = tk.start[a], tk.end[b - 1]
    country = _context_country(tk, lex, a)
    start = s
    if country and a > 0 and lex.adjective_country(tk.text[a - 1]):
        start = tk.start[a - 1]
    if not country and a > 0:
        hit = _phrase_at(tk, lex, a - 1)
        if hit and tk.text[a - 1].endswith("s") and any(k in ("country", "capital") for k, _ in hit[1]):
            country = next(p for k, p in hit[1] if k in ("country", "capital"))  # type: ignore[assignment]
            start = tk.start[a - 1]
    if not country and b + 1 < len(tk) and tk.text[b] == "in":
        j = b + 2 if tk.text[b + 1] in DETERMINERS and b + 2 < len(tk) else b + 1
        hit = _phrase_at(tk, lex, j)
        if hit and any(k in ("country", "capital") for k, _ in hit[1]):
            country = next(p for k, p in hit[1] if k in ("country", "capital"))  # type: ignore[assignment]
    if not country:
        fol = _following_country(tk, lex, b - 1)
        if fol:
            country = fol[0]
    if country:
        if org.canonical == "Regierung":
            return _gov_cand(lex, start, e, country)  # type: ignore[arg-type]
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


def _from_ents(doc: Doc, tk: Tokens, lex: Lexicon, cands: list[Cand]) -> None:
    """Persons and organisations that the entity ruler or the NER found and the rules above did not."""
    full = tk.full
    taken = Mask(len(full))
    for c in cands:
        taken.add(c.start, c.end)
    for i in range(len(tk)):
        if tk.used[i] or i in tk.locative:
            taken.add(tk.start[i], tk.end[i])
    for ent in doc.ents:
        if ent.label_ not in ("PER", "PERSON", "ORG"):
            continue
        s, e = ent.start_char, ent.end_char
        if taken.overlaps(s, e):
            continue
        toks = [t.text for t in ent]
        if ent.label_ in ("PER", "PERSON"):
            # a role word the ruler kept inside the span is read as the role
            role = None
            while toks and (lex.role_of(toks[0].split("-")[-1]) or _prefix(lex, toks[0])):
                role = lex.role_of(toks[0].split("-")[-1])
                s += len(toks[0])
                toks = toks[1:]
                while s < e and full[s].isspace():
                    s += 1
            if not toks or not all(NAME_RE.match(t) or t in PARTICLES for t in toks):
                continue
            if any(t in lex.facility_words for t in toks):
                continue
            if len(toks) == 1 and toks[0] in FUNCTION_WORDS:
                continue
            # "Kaiserslauterner Kennzeichen", "Vans": nouns and adjectives the model mistook for names
            if any(lex.city_of_adjective(t) or lex.adjective_country(t) for t in toks):
                continue
            if all(lex.is_word(t) for t in toks if t not in PARTICLES) and not any(t in lex.firstnames for t in toks):
                continue
            if len(toks) == 1 and not role and toks[0] not in lex.surnames:
                continue  # a lone surname the rules did not tie to anybody is too often a noun
            cands.append(Cand(s, e, "person", full[s:e], None, role[0] if role else None))
        else:
            name = full[s:e]
            if name in FUNCTION_WORDS or len(name) < 2:
                continue
            # an organisation name has at least one word that is no common noun ("Olympischen Winterspiele")
            if all(lex.is_word(t) or lex.adjective_country(t) or not t[:1].isupper() for t in toks if len(t) > 1):
                continue
            # "Hotel Vienna House", "Patch Barracks": a facility is a place (news_places reads it), not an actor
            if toks[0] in lex.facilities.get("before", ()) or toks[-1] in lex.facilities.get("after", ()):
                continue
            inner = s > 0 and full[s - 1] == "(" and full[e : e + 1] == ")"
            if inner and name.isupper():
                continue  # "(ISR)": an abbreviation explained before it, rarely an organisation the rules miss
            cands.append(Cand(s, e, "org", name, None))
        taken.add(s, e)


DATELINE_DASHES = {"–", "—", "-", ":"}


def dateline_tokens(doc: Doc) -> tuple[set[int], set[int]]:
    """The tokens of a dateline at the start of one of the first lines ("Moskau – ", "Slawjansk/Berlin – ",
    "Kiew (dpa) - ", "Oslo: "): the place name tokens, and the agency tokens in brackets."""
    places: set[int] = set()
    agency: set[int] = set()
    lines = 0
    n = len(doc)
    for i, tok in enumerate(doc):
        if lines > 3:
            break
        if tok.is_space and "\n" in tok.text:
            lines += 1
            continue
        if not (i == 0 or "\n" in doc[i - 1].text_with_ws) or not tok.text[:1].isupper():
            continue
        lines += 1
        k, names, brackets = i, [], []
        while k < n and k - i < 8:
            word = doc[k].text
            if word in DATELINE_DASHES and names:
                places.update(names)
                agency.update(brackets)
                break
            if word == "/" or (word[:1].isupper() and not doc[k].is_punct) and not brackets:
                if word != "/":
                    names.append(k)
                k += 1
                continue
            if word == "(" and names and not brackets:
                close = next((q for q in range(k + 1, min(n, k + 4)) if doc[q].text == ")"), None)
                if close is None:
                    break
                brackets = list(range(k + 1, close))
                k = close + 1
                continue
            break
    return places, agency


# ---------------------------------------------------------------------- clustering
def _surname(name: str) -> str:
    parts = name.split()
    return parts[-1] if parts else name


def find_actors(doc: Doc, lex: Lexicon | None = None, use_ents: bool = True) -> list[records.Actor]:
    """All actors of a Doc with their grouped mentions."""
    lex = lex or lexicon()
    full = doc.text  # Doc.text joins every token: read it once
    if not full.strip():
        return []
    cands = sorted(_candidates(doc, lex, use_ents), key=lambda c: (c.start, -c.end))
    actors: list[records.Actor] = []
    persons: dict[str, records.Actor] = {}  # canonical person name -> actor
    keyed: dict[tuple, records.Actor] = {}
    first_pos: dict[int, int] = {}
    seen_mentions: dict[int, set] = {}
    parties: dict[int, bool] = {}  # id of an organisation actor -> whether the gazetteer lists it as a party

    def add(actor: records.Actor, c: Cand) -> None:
        m = records.Mention(c.start, c.end, full[c.start : c.end])
        seen = seen_mentions.setdefault(id(actor), set())
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            actor.mentions.append(m)
        if c.role and c.role not in actor.roles and c.kind != "anaphor_role":
            actor.roles.append(c.role)
        if c.country and not actor.country:
            actor.country = c.country

    def new(name: str, typ: str, country: str | None, c: Cand, count: int | None = None) -> records.Actor:
        a = records.Actor(id="", name=name, type=typ, country=country, count=count)
        actors.append(a)
        first_pos[id(a)] = c.start
        add(a, c)
        return a

    # persons with a full name first, so that surnames anywhere in the text find them
    named = [c for c in cands if c.kind == "person"]
    for c in named:
        name = c.name.rstrip(".,")
        if name.endswith("s") and name[:-1] in persons:
            name = name[:-1]
        match = persons.get(name)
        if not match:
            for pname, a in persons.items():
                pw, nw = pname.split(), name.split()
                if pw[-1] == nw[-1] and (len(nw) == 1 or len(pw) == 1 or pw[0] == nw[0]):
                    match = a
                    break
        if match:
            if len(name.split()) > len(match.name.split()):
                persons.pop(match.name, None)
                match.name = name
                persons[name] = match
            add(match, c)
            first_pos[id(match)] = min(first_pos[id(match)], c.start)
        else:
            known = lex.people_surnames.get(name) if " " not in name else None
            if known:  # a curated person named by surname only: "Selenskyj sagte"
                name = known[0].name
            country = c.country or (c.person.country if c.person else None) or _person_country(lex, name)
            persons[name] = new(name, "PERSON", country, c)
    # surnames (and genitive -s) of those persons, and curated persons known by surname alone
    surname_of = {}
    for pname, a in persons.items():
        if len(pname.split()) >= 2:
            surname_of[_surname(pname)] = a
    covered = Mask(len(full))
    for a in actors:
        for m in a.mentions:
            covered.add(m.start, m.end)
    for t in doc:
        w = t.text
        base = w[:-1] if w.endswith("s") and w[:-1] in surname_of else w
        s, e = t.idx, t.idx + len(w)
        if covered.overlaps(s, e):
            continue
        if base in surname_of and w[:1].isupper():
            add(surname_of[base], Cand(s, e, "surname"))
            covered.add(s, e)
        elif (
            base in lex.people_surnames
            and w[:1].isupper()
            and len(base) >= 4
            and (not lex.is_word(base) or t.ent_type_ in ("PER", "PERSON"))
        ):
            # a curated person's surname; one that is also a word ("Baerbock", "Merz") only where the NER saw a
            # person
            person = lex.people_surnames[base][0]
            c = Cand(s, e, "surname", person.name, person.country)
            a = persons.get(person.name) or new(person.name, "PERSON", person.country, c)
            persons[person.name] = a
            surname_of[base] = a
            add(a, c)
            covered.add(s, e)

    for c in cands:
        if c.kind == "person":
            continue
        if c.kind == "gpe":
            iso = c.country or ""
            country = lex.countries.get(iso)
            key = ("gpe", iso)
            if key in keyed:
                add(keyed[key], c)
            else:
                keyed[key] = new(country.name if country else iso, "GPE", iso or None, c)
        elif c.kind == "org":
            key = ("org", c.name)
            if key in keyed:
                add(keyed[key], c)
            else:
                keyed[key] = new(c.name, c.org.type if c.org else "ORG", c.country, c)
                parties[id(keyed[key])] = bool(c.org and c.org.kind == "party")
        elif c.kind == "anaphor_class":
            target = _class_antecedent(actors, parties, c, full, lex)
            if target:
                add(target, c)
        elif c.kind == "group":
            key = ("group", c.role, c.country, c.count)
            match = keyed.get(key) or next(
                (a for k, a in keyed.items() if k[0] == "group" and k[1] == c.role and k[2] == c.country
                 and (k[3] is None or c.count is None)), None)  # fmt: skip
            kin = lex.role_classes.get(c.role or "")
            if match is None and kin and c.count is None:
                # "die Separatisten ... die Rebellen": one armed group under several names takes the first one's
                match = next(
                    (a for k, a in keyed.items() if k[0] == "group" and k[3] is None and k[1] != c.role
                     and lex.role_classes.get(k[1] or "") == kin and k[2] in (c.country, None)), None)  # fmt: skip
            if match:
                add(match, c)
            else:
                keyed[key] = new(c.name, "PERSON", c.country, c, c.count)
        elif c.kind == "unnamed":
            new(c.name, "PERSON", c.country, c)
        elif c.kind == "anaphor_org":
            target = None
            inst = c.extra.get("institution")
            for k, a in keyed.items():
                if k[0] != "org":
                    continue
                same = (
                    inst and (a.name.startswith(inst) or a.name.endswith(("-" + inst, " " + inst)))
                ) or a.name == c.name
                if same and first_pos[id(a)] < c.start:
                    target = a
            if target is None and inst and (cls := anaphors.class_of_word(inst)):
                target = _class_antecedent(
                    actors, parties, replace(c, extra={"class": cls}), full, lex
                )  # "die Behörde"
            if target:
                add(target, c)
            elif c.extra.get("bare"):
                key = ("org", c.name)
                if key in keyed:
                    add(keyed[key], c)
                else:
                    keyed[key] = new(c.name, "ORG", None, c)
        elif c.kind == "anaphor_role":
            target = _role_antecedent(actors, first_pos, c, lex, full)
            if target:
                add(target, c)
            elif c.country and c.role != "Jähriger":
                # "den russischen Botschafter einbestellt": an unnamed official acts for the country
                key = ("gpe", c.country)
                country = lex.countries.get(c.country)
                if key in keyed:
                    keyed[key].mentions.append(records.Mention(c.start, c.end, full[c.start : c.end]))
                else:
                    keyed[key] = new(country.name if country else c.country, "GPE", c.country, replace(c, role=None))

    actors = [a for a in actors if a.mentions]
    actors.sort(key=lambda a: first_pos[id(a)])
    for n, a in enumerate(actors, 1):
        a.id = f"a{n}"
        a.mentions.sort(key=lambda m: m.start)
    return actors


def _class_antecedent(
    actors: list[records.Actor], parties: dict[int, bool], c: Cand, full: str, lex: Lexicon
) -> records.Actor | None:
    """The organisation a class noun ("die Gewerkschaft") takes up: of its class, named last and near before it."""
    named = []
    for a in actors:
        if id(a) not in parties:
            continue
        before = [m for m in a.mentions if m.end <= c.start]
        if not before:
            continue
        first = min(a.mentions, key=lambda m: m.start)
        descriptor = full[max(0, first.start - 40) : first.start].split()
        names = [m.text for m in a.mentions] + anaphors.org_aliases(lex).get(a.name, [])
        cls = anaphors.org_class(a.name, names, descriptor[-1] if descriptor else "", parties[id(a)])
        named.append((max(m.start for m in before), cls, a))
    return anaphors.resolve_class(c.start, c.extra["class"], named)  # type: ignore[return-value]


def _person_country(lex: Lexicon, name: str) -> str | None:
    """Country of a person from the actor lists, by full name or by a curated surname."""
    for kind, payload in lex.phrases.get(tuple(name.split()), []):
        if kind == "person":
            return payload.country  # type: ignore[union-attr]
    persons = lex.people_surnames.get(_surname(name))
    if persons and len(persons) == 1 and persons[0].name.split()[0] == name.split()[0]:
        return persons[0].country
    return None


def _role_antecedent(
    actors: list[records.Actor], first_pos: dict, c: Cand, lex: Lexicon, full: str
) -> records.Actor | None:
    """The person a definite description refers back to.

    A role ("der Kanzler", "der französische Staatschef", "der Chefdiplomat") takes up the latest person introduced
    before with a role of the same class (role_classes.tsv) and a compatible country; a description that fits any
    person ("der Republikaner", "die CDU-Politikerin", "der 56-Jährige") the person of its gender mentioned last.
    """
    role = c.role or ""
    wanted = lex.role_class(role)
    gender = c.extra.get("gender") or _description_gender(c, full)
    implied = c.extra.get("implied_country", False)
    # who shows the description's gender in the text is a better antecedent than who shows none
    for known_gender in [True, False] if gender else [False]:
        best, best_pos, by_country = None, -1, None
        for a in actors:
            if a.type != "PERSON" or a.count is not None or a.roles == [a.name] or first_pos[id(a)] >= c.start:
                continue
            foreign = bool(c.country and a.country and c.country != a.country)
            if foreign and not implied:
                continue
            shown = _person_gender(a, full, lex) if gender else None
            if gender and shown not in (None, gender) or known_gender and shown != gender:
                continue
            if wanted == "person":
                last = max((m.start for m in a.mentions if m.start < c.start), default=-1)
                if last > best_pos:
                    best, best_pos = a, last
            elif any(r.lower() == role.lower() or r.lower().endswith(role.lower()) or lex.role_class(r) == wanted
                     for r in a.roles):  # fmt: skip
                if not (foreign and best is not None):
                    best = a  # the latest one introduced before; of another country only if none of its own
            elif not a.roles and c.country and a.country == c.country:
                by_country = a  # "Wladimir Putin ... der Kremlchef": the text gave him no role, his country fits
        # who holds the role by the text goes before who merely has the country ("FDP-Chef Lindner ... Scholz ...
        # dem FDP-Chef")
        if best is not None or by_country is not None:
            return best or by_country
    return None


def _description_gender(c: Cand, full: str) -> str | None:
    """Gender a description shows: a feminine role noun ("die Ministerin"), else "der" before a masculine one."""
    words = full[c.start : c.end].split()
    if not words:
        return None
    if words[-1].endswith(("in", "innen")) and words[-1][:1].isupper():
        return "f"
    if words[0].lower() == "die":
        return "f"  # a description is one person (plurals are groups): "die CDU-Vorsitzende"
    return "m" if words[0].lower() == "der" else None


def _person_gender(actor: records.Actor, full: str, lex: Lexicon) -> str | None:
    """A person's gender where the text shows it: a role noun or Frau/Herr right before one of the mentions."""
    for m in actor.mentions:
        opener = m.text.split(" ", 1)[0].lower()
        if opener in ("der", "die") and " " in m.text:
            return "m" if opener == "der" else "f"  # a description taken up: "der CSU-Politiker"
        before = full[max(0, m.start - 40) : m.start].split()
        if not before:
            continue
        word = before[-1]
        if word == "Frau":
            return "f"
        if word in ("Herr", "Herrn"):
            return "m"
        head = word.rsplit("-", 1)[-1]
        if head[:1].isupper() and (lex.role_of(head) or head.endswith("in") and lex.role_of(head[:-2])):
            return "f" if head.endswith("in") else "m"  # "Kanzlerin", "CDU-Chefin"
    return None


def actor_at(doc: Doc, start: int, end: int) -> tuple[str, records.Mention] | None:
    """The actor id and mention overlapping the char span most (persons win ties), for linking event roles."""
    best, best_key = None, (0, 0)
    # only mentions starting less than the longest mention's length before `start` can overlap: look up those,
    # then weigh them in the order of the full scan (actors, then their mentions) so ties go the same way
    mentions, starts, longest = _mention_index(doc)
    near = mentions[bisect.bisect_right(starts, start - longest) : bisect.bisect_left(starts, end)]
    for _start, _order, actor, m in sorted(near, key=lambda x: x[1]):
        ov = min(end, m.end) - max(start, m.start)
        if ov <= 0:
            continue
        key = (ov, actor.type == "PERSON")
        if key > best_key:
            best, best_key = (actor.id, m), key
    return best


def genitive_after_noun(doc: Doc, i: int) -> bool:
    """The one-word name at token i stands in the genitive right after a common noun ("die Außenpolitik Ungarns",
    "die Hilfe Frankreichs"): an -s its actor's name does not have. Such a name is an attribute, never a subject."""
    word = doc[i].text
    if i == 0 or doc[i - 1].tag_ != "NN" or not word.endswith("s"):
        return False
    noun = doc[i - 1].idx
    if any(t.start <= noun < t.end for t in records.get(doc, "timexes")):
        return False  # "am Mittwoch Paris": a date, no noun the name could belong to
    hit = actor_at(doc, doc[i].idx, doc[i].idx + len(word))
    if hit is None or hit[1].end > doc[i].idx + len(word):
        return False
    actor = next((a for a in records.get(doc, "actors") if a.id == hit[0]), None)
    return actor is not None and not actor.name.endswith("s")


def mention_tokens(doc: Doc) -> list[tuple[int, int, str, records.Mention, str]]:
    """Every actor mention as (first token, end token, actor id, mention, actor type), sorted by position; built
    once per Doc for the components after this one (events and stance look actors up by token)."""
    actors = records.get(doc, "actors")

    def build() -> list[tuple[int, int, str, records.Mention, str]]:
        out = []
        for actor in actors:
            for m in actor.mentions:
                span = records.tokens_of(doc, m.start, m.end)
                if span is not None:
                    out.append((span.start, span.end, actor.id, m, actor.type))
        out.sort(key=lambda r: (r[0], r[1]))
        return out

    return records.derived(doc, "news_actors.mention_tokens", actors, build)


def _mention_index(doc: Doc) -> tuple[list[tuple], list[int], int]:
    """All actor mentions as (start, scan order, actor, mention) sorted by start, with the longest length; built
    once per Doc (actor_at is asked per event trigger and argument, a scan of every mention each time)."""
    actors = records.get(doc, "actors")

    def build() -> tuple[list[tuple], list[int], int]:
        mentions = []
        for actor in actors:
            for m in actor.mentions:
                mentions.append((m.start, len(mentions), actor, m))
        mentions.sort(key=lambda x: (x[0], x[1]))
        longest = max((m.end - m.start for _s, _o, _a, m in mentions), default=0)
        return mentions, [x[0] for x in mentions], longest

    # keyed on the number of mentions as well: the index lists mentions, not actors
    return records.derived(
        doc, "news_actors.mention_index", actors, build, size=lambda acts: sum(len(a.mentions) for a in acts)
    )
