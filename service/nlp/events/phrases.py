"""Noun phrases by word order and case marking: the slot a mention fills (subject, object, a preposition's)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..sentences import PUNCT_BOUNDARY
from ..wordlists import ordered, table, words
from .mentions import MentionRef, in_timex

PREPS = table("prepositions")
OBJ_DET = words("object_determiners")
GEN_DET = words("genitive_determiners")
NOM_DET = words("nominative_determiners")
ADJ_ENDINGS = ordered("adjective_endings")
AUX_STOP = words("auxiliaries")
COORD = words("coordinators")
DEFINITE = words("taking_up_determiners")


def determiner_slot(doc: Doc, k: int, lo: int) -> str | None:
    """Slot of a phrase opened by the determiner at k: a preposition before it decides ("in der Ukraine",
    "mit dem Kreml"), else the determiner's case; None for a nominative one."""
    prev = doc[k - 1].lower_ if k - 1 >= lo else ""
    if prev in PREPS:
        return PREPS[prev]
    low = doc[k].lower_
    if low in OBJ_DET:
        return "obj"
    if low in GEN_DET:
        return "gen"
    return None


def classify(doc: Doc, ref: MentionRef, lo: int) -> None:
    """Case/preposition slot of a mention from the words before it (skipping titles and adjectives)."""
    first = doc[ref.i].lower_
    if first in OBJ_DET or first in GEN_DET or first in NOM_DET:
        ref.slot = determiner_slot(doc, ref.i, lo) or ref.slot
        return
    k = ref.i - 1
    if k >= lo and doc[k].text == "(":
        ref.slot = "paren"  # "Boris Pistorius (SPD)": the party is an apposition, not an argument
        return
    steps = 0
    while k >= lo and steps < 4:
        tok = doc[k]
        low = tok.lower_
        if tok.text in PUNCT_BOUNDARY or tok.is_punct:
            break
        if low in PREPS:
            ref.slot = PREPS[low]
            return
        if low in OBJ_DET or low in GEN_DET or low in NOM_DET:
            ref.slot = determiner_slot(doc, k, lo) or ref.slot
            return
        if low in COORD or low in AUX_STOP or tok.tag_.startswith("V"):
            return
        if tok.text[:1].islower() and not tok.like_num and not low.endswith(ADJ_ENDINGS):
            return  # a verb or adverb: the mention starts its own phrase
        steps += 1
        k -= 1


def coordinated_groups(doc: Doc, refs: list[MentionRef]) -> list[list[MentionRef]]:
    """Coordinated mentions ("Deutschland und Frankreich", "Putin und sein Kollege Xi") form one group."""
    groups: list[list[MentionRef]] = []
    for ref in refs:
        if groups:
            prev = groups[-1][-1]
            between = [t.lower_ for t in doc[prev.j : ref.i]]
            if (
                between
                and len(between) <= 5
                and any(w in ("und", "sowie", ",") for w in between)
                and not any(w in PREPS for w in between)
                and ref.slot == "core"
                and prev.slot == "core"
            ):
                groups[-1].append(ref)
                continue
        groups.append([ref])
    return groups


def dedupe(refs: Iterable[MentionRef]) -> list[MentionRef]:
    seen, out = set(), []
    for r in refs:
        if r.ref not in seen:
            seen.add(r.ref)
            out.append(r)
    return out


def possessive(doc: Doc, ref: MentionRef, core: list[MentionRef]) -> bool:
    """ "Deutschlands Verteidigungsminister Boris Pistorius": the genitive country only qualifies the person."""
    if not doc[ref.j - 1].lower_.endswith("s"):
        return False
    return any(o is not ref and 0 <= o.i - ref.j <= 2 and o.kind == "PERSON" for o in core)


def in_phrase(doc: Doc, i: int, lo: int) -> bool:
    """The noun at i stands in a prepositional phrase or a genitive, not as subject or object."""
    for k in range(i - 1, max(lo, i - 4) - 1, -1):
        low = doc[k].lower_
        if in_timex(doc, doc[k].idx):
            return False  # "führten am Montag Telefonate": the preposition belongs to the date before the noun
        if low in ("mit", "durch"):
            return False  # an instrument: "mit Strafzolldrohungen erzwingen" is the subject's act
        if low in PREPS or low in GEN_DET:
            return True
        if doc[k].is_punct or low in OBJ_DET or low in NOM_DET and low != "der":
            return False
        if low == "der" and k > lo and doc[k - 1].text[:1].isupper():
            return True  # "die Unterstützung der Ukraine": a genitive after a noun
    return False


def definite(doc: Doc, i: int, lo: int) -> bool:
    """A definite determiner before the noun, over at most two adjectives."""
    for k in range(i - 1, max(lo, i - 3) - 1, -1):
        low = doc[k].lower_
        if low in DEFINITE:
            return True
        if not (doc[k].text[:1].islower() and low.endswith(ADJ_ENDINGS)):
            return False
    return False


def singular_verb(tok: Token) -> bool:
    """A finite verb without the plural -n ("gedenke", "lehnt", "sei", "wies"): the third person plural always
    ends in -n (but "sind"), so the surface decides better than a tagger that confuses "lehne" with a plural."""
    low = tok.lower_
    return low.isalpha() and not low.endswith("n") and low != "sind"
