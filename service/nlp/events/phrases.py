"""Noun phrases by word order and case marking: the slot a mention fills (subject, object, a preposition's)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..actor_lexicon import lexicon
from ..actors import genitive_after_noun
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
ATTRIBUTE_OPENERS = NOM_DET | OBJ_DET | GEN_DET


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
    if (
        low == "der"
        and k - 1 >= lo
        and doc[k - 1].tag_ == "NN"
        and (k - 2 < lo or doc[k - 2].lower_ in ATTRIBUTE_OPENERS or PREPS.get(doc[k - 2].lower_) == doc[k - 2].lower_)
    ):
        # "den Vorschlag der Kommission", "Beobachtern der OSZE", "nach Angaben der Polizei": "der" right after a
        # phrase's noun opens its attribute; a preposition fused with its article closes a phrase of its own ("am
        # Mittwoch der Ministerpräsident": the subject)
        return "gen"
    return None


def is_title(word: str) -> bool:
    """A role noun or title that can stand before a name in its noun phrase ("US-Präsident", "Kanzlerin")."""
    head = word.rsplit("-", 1)[-1] if "-" in word[1:] else word
    return bool(head[:1].isupper() and lexicon().role_of(head))


def _possessor(doc: Doc, k: int) -> bool:
    """A genitive name before a title: "Frankreichs (Präsident)", "Russlands (Verteidigungsminister)"."""
    word = doc[k].text
    return word[:1].isupper() and word.endswith("s") and k + 1 < len(doc) and is_title(doc[k + 1].text)


def _descriptor(doc: Doc, k: int, ref: MentionRef) -> bool:
    """A common noun right before a name that it describes ("dem Konzern Rheinmetall", "der Regierungspartei PiS"),
    opened by an article; a name in the genitive ("der Regierung Polens") has a phrase of its own."""
    return (
        k + 1 == ref.i
        and k > 0
        and doc[k - 1].lower_ in OBJ_DET | GEN_DET | NOM_DET
        and doc[k].tag_ == "NN"
        and not in_timex(doc, doc[k].idx)
        and not doc[ref.j - 1].text.endswith("s")
        and ref.kind != "GPE"  # "der Sprecher der Regierung Serbien": a country after a noun starts its own phrase
    )


def classify(doc: Doc, ref: MentionRef, lo: int, place: bool = False) -> None:
    """Case/preposition slot of a mention from its noun phrase: the determiner or preposition that opens it.

    Walking back from the mention, only what belongs to its own phrase is passed over (adjectives, numbers, titles,
    a genitive possessor before a title); anything else ends the phrase, and an adjective-looking word that no
    determiner or preposition precedes was no adjective ("unterzeichneten Trump und Kim"): the phrase is unmarked.
    A place name may follow any capitalised descriptor ("im Istanbuler Dolmabahçe-Palast", "im Bundesstaat Gujarat").
    """
    ref.np_start = ref.i
    first = doc[ref.i].lower_
    if first in OBJ_DET or first in GEN_DET or first in NOM_DET:
        ref.slot = determiner_slot(doc, ref.i, lo) or ref.slot
        return
    k = ref.i - 1
    if k >= lo and doc[k].text == "(":
        ref.slot = "paren"  # "Boris Pistorius (SPD)": the party is an apposition, not an argument
        return
    lowered = False  # passed a lower-case word that is an adjective only if a determiner opens the phrase
    start = ref.i
    while k >= lo and ref.i - k <= 6:
        tok = doc[k]
        low = tok.lower_
        if tok.text in PUNCT_BOUNDARY or tok.is_punct:
            break
        if low in PREPS and k + 1 < len(doc) and doc[k + 1].lower_ in ("anderem", "anderen"):
            break  # "unter anderem Kanada": an adverb, no preposition of the phrase
        if low in PREPS:
            ref.slot, ref.np_start = PREPS[low], k
            if (
                low in ("von", "vom", "durch")
                and k > lo
                and doc[k - 1].lower_ in ATTRIBUTE_OPENERS
                and _in_attribute(doc, ref)
            ):
                ref.slot = "attr"  # "die von Ruanda unterstützte Miliz": inside a participle before its noun
            return
        if low in OBJ_DET or low in GEN_DET or low in NOM_DET:
            ref.slot, ref.np_start = determiner_slot(doc, k, lo) or ref.slot, k
            return
        if low in COORD or low in AUX_STOP or tok.pos_ in ("VERB", "AUX"):
            break
        if tok.text[:1].islower():
            if tok.like_num or (low.endswith(ADJ_ENDINGS) and not tok.tag_.startswith("V")):
                lowered = True
            else:
                break  # a verb or adverb: the mention starts its own phrase
        elif tok.like_num:
            pass
        elif not (place or is_title(tok.text) or _possessor(doc, k) or _descriptor(doc, k, ref)):
            if k + 1 == ref.i and ref.j == ref.i + 1 and genitive_after_noun(doc, ref.i):
                ref.slot = "gen"  # "die Außenpolitik Ungarns": a name in the genitive after its noun
            break  # another noun: its phrase is not this mention's
        elif not lowered:
            start = k
        k -= 1
    ref.np_start = start


def _in_attribute(doc: Doc, ref: MentionRef) -> bool:
    """The phrase stands inside an attribute: an inflected participle or adjective and its noun follow."""
    k = ref.j
    if k + 1 >= len(doc) or not doc[k + 1].text[:1].isupper():
        return False
    low = doc[k].lower_
    return doc[k].text[:1].islower() and low.endswith(("te", "ten", "ter", "tes", "tem", "ene", "enen", "ener"))


def coordinated_groups(doc: Doc, refs: list[MentionRef]) -> list[list[MentionRef]]:
    """Coordinated mentions ("Deutschland, Frankreich und Polen", "Putin und sein Kollege Xi", "von Russland,
    Ägypten und den Emiraten") form one group; a conjunct with only its own article shares the first one's
    preposition."""
    groups: list[list[MentionRef]] = []
    for ref in refs:
        if groups:
            prev = groups[-1][-1]
            start = ref.np_start if ref.np_start >= 0 else ref.i
            between = [t.lower_ for t in doc[prev.j : start]]
            joined = bool(between) and len(between) <= 3 and all(w in (",", "und", "sowie", "oder") for w in between)
            if not joined:
                # "Putin und sein Kollege Xi": a possessive or adjective may stand between without a title
                words_between = [t.lower_ for t in doc[prev.j : ref.i]]
                joined = (
                    0 < len(words_between) <= 5
                    and words_between[0] in ("und", "sowie", ",")
                    and not any(w in PREPS for w in words_between)
                    and not any(t.pos_ in ("VERB", "AUX") for t in doc[prev.j : ref.i])  # ", warf Litauen"
                    and ref.slot == prev.slot
                )
            own_article = ref.slot in ("core", "obj") and prev.slot not in ("core", "obj", "gen", "paren")
            # "der USA und Chinas", "des Irans und der EU": a genitive conjunct, bare with -s or with its article
            opener = doc[start].lower_
            own_article = own_article or (
                prev.slot == "gen"
                and ref.slot == "core"
                and (opener in ("der", "des") or (start == ref.i and doc[ref.j - 1].text.endswith("s")))
            )
            # "Unterhändler Serbiens und des Kosovo": a bare genitive name, then one with its article
            own_article = own_article or (
                prev.slot == "core" and ref.slot == "gen" and opener == "des" and doc[prev.j - 1].text.endswith("s")
            )
            if joined and (ref.slot == prev.slot or own_article):
                ref.slot = prev.slot
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
    """ "Deutschlands Verteidigungsminister Boris Pistorius", "Nato-Generalsekretär Jens Stoltenberg": the genitive
    country or the organisation in the title only qualifies the person named next."""
    last = doc[ref.j - 1]
    in_title = ref.mention.end < last.idx + len(last.text) and is_title(last.text)
    if not (in_title or last.lower_.endswith("s")):
        return False
    # "Kaja Kallas und Gitanas Nausėda": a name ending in -s before a coordinator is a conjunct, no genitive
    return any(
        o is not ref
        and 0 <= o.i - ref.j <= 2
        and o.kind == "PERSON"
        and not any(t.lower_ in COORD or (t.is_punct and not in_title) for t in doc[ref.j : o.i])
        for o in core
    )


def title_holders(doc: Doc, refs: list[MentionRef], every: list[MentionRef]) -> list[MentionRef]:
    """Each organisation or country named only as the prefix of a title ("AfD-Chefin", "SPD-Landeschef") gives way
    to the person the title belongs to when that person is named right after it ("AfD-Chefin Alice Weidel")."""
    out = []
    for r in refs:
        person = next((o for o in every if o.kind == "PERSON" and o.i == r.j), None) if r.kind != "PERSON" else None
        # ... or a body's name used as the person's title ("Bundesrat Beat Jans": a member of the Federal Council)
        bare_title = person is not None and r.kind == "ORG" and r.j == r.i + 1 and person.j - person.i > 1
        out.append(person if person is not None and (bare_title or possessive(doc, r, [person])) else r)
    return dedupe(out)


def in_phrase(doc: Doc, i: int, lo: int) -> bool:
    """The noun at i stands in a prepositional phrase or a genitive, not as subject or object."""
    for k in range(i - 1, max(lo, i - 4) - 1, -1):
        low = doc[k].lower_
        if in_timex(doc, doc[k].idx):
            return False  # "führten am Montag Telefonate": the preposition belongs to the date before the noun
        if low in ("mit", "durch"):
            return False  # an instrument: "mit Strafzolldrohungen erzwingen" is the subject's act
        if low in ("zu", "zum", "zur"):
            return False  # a purpose: "ist zu Gesprächen in Moskau eingetroffen" is the subject's act
        if low in PREPS or low in GEN_DET:
            return True
        if doc[k].is_punct or low in OBJ_DET or low in NOM_DET and low != "der":
            return False
        if low == "der" and k > lo and doc[k - 1].text[:1].isupper():
            return True  # "die Unterstützung der Ukraine": a genitive after a noun
        if doc[k].text[:1].isupper() and not doc[k].like_num:
            return False  # another noun ends the phrase: "seit seinem Amtsantritt Gespräche geführt"
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
