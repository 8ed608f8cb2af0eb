"""Actor mentions that are no names: class nouns and descriptions that stand for an actor named before.

A step of news_actors: candidates.py asks this module at each token, antecedents.py and grouping.py which
organisation a class noun takes up. It imports no other module of the package, so the token view it needs is
described by the Tokens protocol below.
- Country class nouns: "das Land", "das abgeschottete Land", "der Inselstaat", "dem Nachbarland" take up the latest
  country named before (country_nouns.tsv says which states a noun can describe: "das Emirat" only an emirate). The
  subject's own country is passed over when the noun is no subject ("Moskau warf dem Nachbarland vor"); two
  candidates in the nearest sentence that names one are ambiguous and give no actor.
- Leaderships by adjective or seat: "die türkische Führung", "die Machthaber in Teheran" are the country acting.
- Acronyms defined in brackets: "die Vereinigung Cockpit (VC) ... Die VC" is the organisation named before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from spacy.tokens import Doc

from ..actor_lexicon import CONJ, DEFINITE, LOC_PREPS, Lexicon
from ..wordlists import DATA, WORDS, read_tsv, words

DEMONSTRATIVES = words("demonstratives")
SUBORDINATORS = words("subordinators")
SEAT_NOUNS = words("seat_nouns")
GENERIC_ADJECTIVES = words("generic_adjectives")
SUPERLATIVE = re.compile(r"(?:st|ßt)(?:e|en|er|es|em)$")
FINITE_TAGS = ("VVFIN", "VAFIN", "VMFIN")
PREPOSITION_TAGS = ("APPR", "APPRART")
AMBIGUOUS_CASE = {"das", "die", "dieses", "diese"}
NOUN_PHRASE_TAGS = ("ART", "ADJA", "NN", "NE", "PPOSAT", "PDAT", "CARD")
CLAUSE_PUNCT = {",", ";", ":", "–", "—", "„", '"', "»", "("}
# sentences before the anaphor's own that may hold its antecedent: a class noun that fits any country looks less far
# back than one that fits a few
WINDOW_ANY = 2
WINDOW_TYPED = 4


class Tokens(Protocol):
    """The token view of news_actors (tokens.Tokens) that the rules here read."""

    doc: Doc
    text: list[str]
    end: list[int]
    dateline: set[int]
    sent_start: list[bool]

    def __len__(self) -> int: ...

    def is_name_token(self, i: int) -> bool: ...


@dataclass(frozen=True)
class CountryNoun:
    """A class noun for a country and the states it can describe (empty: any)."""

    countries: frozenset[str]
    neighbour: bool


@cache
def country_nouns() -> dict[str, CountryNoun]:
    """country_nouns.tsv read once: noun -> what it can take up."""
    out = {}
    for row in read_tsv(WORDS / "country_nouns.tsv"):
        isos = frozenset(c.strip() for c in (row.get("countries") or "").split("|") if c.strip())
        out[row["word"].strip()] = CountryNoun(isos, (row.get("neighbour") or "").strip() == "y")
    return out


def _noun(word: str) -> CountryNoun | None:
    """The class noun a word is, in any singular case ("des Landes", "des Emirats")."""
    nouns = country_nouns()
    for form in (word, word[:-2] if word.endswith("es") else "", word[:-1] if word.endswith("s") else ""):
        if form in nouns:
            return nouns[form]
    return None


def sentence_index(tk: Tokens) -> list[int]:
    """The sentence number of every token (sentences as news_actors sees them)."""
    cached = getattr(tk, "_sentence_index", None)
    if cached is None:
        cached, n = [], -1
        for i in range(len(tk)):
            n += bool(tk.sent_start[i])
            cached.append(max(n, 0))
        tk._sentence_index = cached  # type: ignore[attr-defined]
    return cached


def _article_before(tk: Tokens, i: int) -> int | None:
    """The definite or demonstrative article before the noun at i, over up to three lower-case adjectives; None when
    an adjective ranks or contrasts ("die stärkste Partei", "das andere Land"): that picks out, it takes up nothing."""
    j = i - 1
    while j >= 0 and j >= i - 4:
        w = tk.text[j].lower()
        if w in DEFINITE or w in DEMONSTRATIVES:
            return j
        if not tk.text[j].islower() or w in CONJ or _generic_adjective(w):
            return None
        j -= 1
    return None


def _generic_adjective(word: str) -> bool:
    """A superlative or an adjective of rank or contrast ("größten", "einzige", "anderen")."""
    stem = word.rstrip("nmrs").removesuffix("e")
    return bool(SUPERLATIVE.search(word)) and len(word) > 5 or stem in GENERIC_ADJECTIVES


def subject_position(tk: Tokens, k: int) -> bool:
    """Whether a phrase opening at token k stands where a subject stands: first in its sentence or clause, or
    right after the finite verb. A rough guess (the shipped model has no parser) that errs to 'subject'."""
    if k > 0 and tk.text[k - 1].lower() in DEFINITE:
        k -= 1  # "die Ukraine", "der Iran": the article opens the phrase
    if k == 0 or tk.sent_start[k]:
        return True
    prev = tk.text[k - 1]
    if prev in CLAUSE_PUNCT or prev.lower() in SUBORDINATORS:
        return True
    if prev.lower() in CONJ and k > 1:
        # "Japan und Südkorea verhandeln": a conjunct stands where the first one stands
        j = k - 2
        while j > 0 and not tk.sent_start[j] and tk.doc[j - 1].tag_ in NOUN_PHRASE_TAGS:
            j -= 1
        return subject_position(tk, j)
    if tk.doc[k - 1].tag_ not in FINITE_TAGS:
        return False
    # right after the finite verb: the subject unless a noun phrase before the verb already opens the sentence
    # ("Russland hat Georgien angegriffen")
    j = k - 2
    while j >= 0 and not tk.sent_start[j + 1] and tk.doc[j].tag_ in NOUN_PHRASE_TAGS:
        j -= 1
    return not (j < 0 or tk.sent_start[j + 1]) or j == k - 2


def country_anaphor(tk: Tokens, lex: Lexicon, i: int, countries: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(first token, ISO3) when the class noun at token i takes up a country named before; countries lists every
    country or capital named in the text as (token, ISO3) in text order."""
    noun = _noun(tk.text[i])
    if noun is None:
        return None
    art = _article_before(tk, i)
    if art is None:
        return None
    if art > 0 and tk.text[art - 1].lower() in LOC_PREPS:
        return None  # "in das Land": a place, read by the events' place anaphors
    if tk.text[art].lower() == "des":
        return None  # "die Grenzen des Landes", "des Landes verwiesen": an attribute, mostly of the speaker's own
    if i + 1 < len(tk) and tk.is_name_token(i + 1) and not lex.is_word(tk.text[i + 1]):
        return None  # "das Emirat Katar", "der Staat Israel": the name that follows is the mention
    if (
        tk.text[art].lower() in AMBIGUOUS_CASE
        and not subject_position(tk, art)
        and not (art > 0 and tk.doc[art - 1].tag_ in PREPOSITION_TAGS)
    ):
        # "besuchten ... mehrere Vertreter das Land": nominative or accusative inside the clause, which the argument
        # rules without a parser may take for the subject; a preposition or a dative tells the role
        return None
    iso = resolve_country(tk, art, noun, _antecedents(tk, lex, countries))
    return (art, iso) if iso else None


def _antecedents(tk: Tokens, lex: Lexicon, countries: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Countries named by name or capital and by adjective ("an der ukrainischen Grenze"), in text order: an
    adjective names a country a class noun may take up, or one that makes it ambiguous."""
    cached = getattr(tk, "_country_antecedents", None)
    if cached is None:
        adjectives = [(k, iso) for k, w in enumerate(tk.text) if w.islower() and (iso := lex.adjective_country(w))]
        # a dateline ("Berlin – ") names where the report comes from, not a country of the news
        cached = sorted(c for c in countries + adjectives if c[0] not in tk.dateline)
        tk._country_antecedents = cached  # type: ignore[attr-defined]
    return cached


def resolve_country(tk: Tokens, art: int, noun: CountryNoun, countries: list[tuple[int, str]]) -> str | None:
    """The country a class noun opening at token art takes up, None when none fits or two fit equally."""
    sent = sentence_index(tk)
    own = sent[art]
    window = WINDOW_TYPED if noun.countries else WINDOW_ANY
    cands = [(k, iso) for k, iso in countries if k < art and sent[k] >= own - window]
    if noun.countries:
        cands = [(k, iso) for k, iso in cands if iso in noun.countries]
    if noun.neighbour:
        # "ein russischer Angriff auf das Nachbarland": a country named in its own sentence is whose neighbour it is
        own_named = {iso for k, iso in cands if sent[k] == own}
        cands = [(k, iso) for k, iso in cands if iso not in own_named]
    elif not subject_position(tk, art):
        # "Peking warf dem Land vor": the country of the noun's own subject is not what it takes up
        own_subject = {iso for k, iso in cands if sent[k] == own and subject_position(tk, k)}
        cands = [(k, iso) for k, iso in cands if iso not in own_subject]
    if not cands:
        return None
    nearest = max(sent[k] for k, _ in cands)
    named = {iso for k, iso in cands if sent[k] == nearest}
    # several countries in the nearest sentence ("Die Türkei hat Schweden kritisiert. Das Land ..."): either may be
    # meant, so none is taken
    return named.pop() if len(named) == 1 else None


def leadership(
    tk: Tokens, lex: Lexicon, i: int, country_at: Callable[[int], str | None]
) -> tuple[int, int, str] | None:
    """(first token, last token, ISO3) for a country's leadership named by adjective or seat: "die türkische
    Führung", "die Führung in Doha", "die Machthaber in Teheran" act for their country."""
    word = tk.text[i]
    if word not in SEAT_NOUNS or i == 0:
        return None
    prev = tk.text[i - 1].lower()
    if word.startswith("Machthaber") and not (prev == "die" or word.endswith("n") or lex.adjective_country(prev)):
        return None  # "der Machthaber in Damaskus" is one person, named elsewhere
    adj = lex.adjective_country(tk.text[i - 1])
    if adj:
        return i - 1, i, adj
    if i + 2 < len(tk) and tk.text[i + 1] == "in":
        j = i + 3 if tk.text[i + 2].lower() in DEFINITE else i + 2
        iso = country_at(j) if j < len(tk) else None
        if iso:
            return i, i, iso
    return None


ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,4}[A-ZÄÖÜ]$")


def acronym_uses(tk: Tokens, org_ends: dict[int, int]) -> list[tuple[int, int]]:
    """(token, organisation) for every use of an acronym defined in brackets right after an organisation's name
    ("die Vereinigung Cockpit (VC) ... Die VC fordert"): org_ends maps the character end of each organisation
    mention to its number; the bracketed acronym itself is a use too."""
    defined: dict[str, tuple[int, int]] = {}  # acronym -> (organisation, token of its definition)
    text = tk.text
    for i in range(1, len(tk) - 2):
        if text[i] == "(" and text[i + 2] == ")" and ACRONYM.match(text[i + 1]) and tk.end[i - 1] in org_ends:
            defined.setdefault(text[i + 1], (org_ends[tk.end[i - 1]], i + 1))
    if not defined:
        return []
    uses = []
    for j, w in enumerate(text):
        # "der VC", "des VCs": a genitive -s is written to an acronym too
        key = w if w in defined else w[:-1] if w.endswith("s") and w[:-1] in defined else None
        if key is not None and j >= defined[key][1]:
            uses.append((j, defined[key][0]))
    return uses


@cache
def org_classes() -> tuple[dict[str, str], frozenset[str]]:
    """org_classes.tsv read once: class word -> class, and the words that take an organisation up alone."""
    rows = read_tsv(DATA / "actors" / "org_classes.tsv")
    classes = {r["word"].strip(): r["class"].strip() for r in rows}
    return classes, frozenset(r["word"].strip() for r in rows if (r.get("anaphor") or "").strip() == "y")


def class_of_word(word: str) -> str | None:
    """The class a name or noun ends in ("Industriegewerkschaft" -> union, "Bundesanwaltschaft" -> authority)."""
    classes, _ = org_classes()
    low = word.lower()
    best = max((w for w in classes if low.endswith(w.lower())), key=len, default=None)
    return classes[best] if best else None


def class_anaphor(tk: Tokens, i: int, city_adjective: Callable[[str], object]) -> tuple[int, str] | None:
    """(first token, class) for a definite class noun at token i that takes up an organisation ("die Gewerkschaft",
    "die Karlsruher Behörde"); None before a name ("die Gewerkschaft Verdi": the name is the mention)."""
    classes, anaphoric = org_classes()
    word = tk.text[i]
    base = word[:-2] if word.endswith("es") and word[:-2] in anaphoric else word
    base = base[:-1] if base not in anaphoric and base.endswith("s") else base
    if base not in anaphoric:
        return None
    city = i > 0 and bool(city_adjective(tk.text[i - 1]))  # "die Karlsruher Behörde": the city of its seat
    j = _article_before(tk, i - 1 if city else i)
    if j is None:
        return None
    if i + 1 < len(tk) and tk.is_name_token(i + 1) and not tk.text[i + 1].islower():
        return None
    return j, classes[base]


# how far back (characters) the organisation a class noun takes up may have been named last, and how close two
# organisations of the class must stand to leave it open
CLASS_REACH = 1500
CLASS_TIE = 200


def org_class(name: str, mentions: list[str], descriptor: str, party: bool) -> str | None:
    """The class of an organisation: a party by the gazetteer, else by the end of its name, of a mention or of the
    descriptor before its first mention ("der Arbeitgeberverband Südwestmetall")."""
    if party:
        return "party"
    for word in name.split()[-1:] + [m.split()[-1] for m in mentions if m.split()] + [descriptor]:
        found = class_of_word(word) if word[:1].isupper() else None
        if found:
            return found
    return None


def resolve_class(at: int, wanted: str, named: list[tuple[int, str | None, object]]) -> object | None:
    """The organisation a class noun at character `at` takes up: the one of the wanted class named last before it
    (named: last mention before `at`, class, organisation), None when none is near or two are equally near."""
    fits = sorted(((pos, org) for pos, cls, org in named if cls == wanted and at - CLASS_REACH <= pos < at),
                  key=lambda x: x[0], reverse=True)  # fmt: skip
    if not fits:
        return None
    if len(fits) > 1 and fits[0][0] - fits[1][0] < CLASS_TIE:
        return None  # "Verdi und die IG Metall ... Die Gewerkschaft": either may be meant
    return fits[0][1]


def org_aliases(lex: Lexicon) -> dict[str, list[str]]:
    """The last word of every gazetteer name of each organisation ("Verdi" -> Dienstleistungsgewerkschaft ...), built
    once per lexicon: a class may show only in a variant the text does not use."""
    cached = getattr(lex, "_org_aliases", None)
    if cached is None:
        cached = {}
        for key, entries in lex.phrases.items():
            for kind, payload in entries:
                if kind == "org":
                    cached.setdefault(payload.canonical, []).append(key[-1])  # type: ignore[attr-defined]
        lex._org_aliases = cached  # type: ignore[attr-defined]
    return cached
