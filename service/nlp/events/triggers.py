"""Trigger candidates of a sentence (phrases, separable verbs, verbs, compound nouns), one per happening."""

from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..actors import mention_tokens
from ..sentences import PUNCT_BOUNDARY, SentenceView
from ..wordlists import ordered, table, words
from .lexicon import Lexicon, Trigger, noun_lookup
from .mentions import annotated

PREPS = table("prepositions")
COORD = words("coordinators")
PARTICLE_END = words("coordinators") | words("particle_followers")
PRONOUNS = table("pronouns")
GENERIC = ordered("generic_quantifiers")
ABSORB_PREPS = words("event_complement_slots")
CONTENT_SLOTS = table("content_slots")
UNREPORTED_OPENERS = words("unreported_openers")
CONDITIONAL_OPENERS = words("conditional_openers")
ZU_INF_OK = words("zu_infinitive_support")
ATTRIBUTIVE_DETERMINERS = (
    words("nominative_determiners") | words("object_determiners") | words("genitive_determiners") | {"der", "die"}
)
CONTENT_GOVERNORS = ordered("content_governors")
COPULAS = words("classifying_copulas")
TIME_PREPS = words("time_reference_prepositions")
TIME_UNITS = words("time_units")
ZU_AUX = {"haben", "sein", "werden", "lassen"}  # auxiliaries of a zu-infinitive: "angegriffen zu haben"
NOT_AFTER_TIME_PREPS = {"ein", "eine", "das", "die"}
SPEAKING_OF = words("characterising_speech")
TAKING_UP = words("taking_up_pronouns") | {"es"}
QUOTES = {"„", "“", "”", '"', "»", "«", "‚", "‘"}
CLOSING_QUOTES = {"“", "”", "«", "‘", '"'}
ARTICLES = words("articles")
NOT_NOUN_PREPS = {"zu", "als", "wie", "um", "statt", "anstatt", "ohne"}  # also open a verb: "zu verhängen", "ohne zu"
GENITIVE_ARTICLES = words("genitive_determiners") | {"der"}
# parts of speech of a verb-form look-alike before a noun ("einige Staaten": a determiner, not "einigen"); the
# tagger is not trusted further (it reads "anreise" as a preposition and "entsandt" as a conjunction)
NOT_VERB = {"DET", "PRON"}
SAME_TYPE_ABSORB_PREPS = words("same_type_complement_slots")


@dataclass
class Candidate:
    trigger: Trigger
    i: int  # trigger token (the finite verb or the noun)
    j: int  # token after the trigger span
    kind: str  # PHRASE | SPLIT | VERB | NOUN
    participle: bool = False
    particle_i: int | None = None
    needs_used: bool = False
    agent_i: int | None = None  # an attributive participle's von/durch before it: "die von Ruanda unterstützte Miliz"


@functools.cache
def _exact(pattern: str) -> bool:
    """A trigger word without a wildcard matches one lower-cased form only."""
    return not pattern.startswith("*") and not pattern.endswith(("*", "~"))


def word_match(pattern: str, low: str) -> bool:
    if pattern.startswith("*"):
        return low.endswith(pattern[1:]) and len(low) > len(pattern) - 1
    if pattern.endswith("*"):
        return low.startswith(pattern[:-1])
    if pattern.endswith("~"):
        return low.startswith(pattern[:-1])
    return low == pattern


_NEEDS: dict[int, tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]] = {}


def needs_ok(trig: Trigger, lows: list[str]) -> bool:
    """One of the trigger's needs words is among the words (word_match's patterns, compiled once per trigger)."""
    if not trig.needs:
        return True
    compiled = _NEEDS.get(id(trig))
    if compiled is None:
        exact = frozenset(n for n in trig.needs if not n.startswith("*") and not n.endswith(("*", "~")))
        prefixes = tuple(n[:-1] for n in trig.needs if not n.startswith("*") and n.endswith(("*", "~")))
        suffixes = tuple(n[1:] for n in trig.needs if n.startswith("*"))
        compiled = _NEEDS[id(trig)] = (exact, prefixes, suffixes)
    exact, prefixes, suffixes = compiled
    return any(
        w in exact
        or (prefixes and w.startswith(prefixes))
        or (suffixes and any(w.endswith(x) and len(w) > len(x) for x in suffixes))
        for w in lows
    )


def _is_particle_end(doc: Doc, k: int, end: int) -> bool:
    """A separable particle ends its clause: next is punctuation, a conjunction, an auxiliary or the end."""
    if k + 1 >= end:
        return True
    nxt = doc[k + 1]
    return nxt.is_punct or nxt.lower_ in PARTICLE_END or nxt.text in PUNCT_BOUNDARY


def find_candidates(doc: Doc, view: SentenceView, lex: Lexicon) -> list[Candidate]:
    sent = view.sent
    found: list[Candidate] = []
    taken: set[int] = set()
    lows = view.lows
    # phrases first: they are the most specific
    by_head: dict[str, list[int]] = {}  # positions by first three letters, for a first word with a wildcard end
    for k, low in enumerate(lows):
        by_head.setdefault(low[:3], []).append(k)
    for trig in lex.phrases:
        phrase = trig.words
        first = phrase[0]
        # an exact first word is looked up in the sentence's word index instead of testing every token
        if _exact(first):
            starts = view.positions(first)
        elif not first.startswith("*") and len(first) >= 4:
            starts = by_head.get(first[:3], [])
        else:
            starts = range(len(lows))
        for k in starts:
            if not word_match(phrase[0], lows[k]):
                continue
            pos, ok, last = k, True, k
            gap = False
            matched = [sent.start + k]
            for w in phrase[1:]:
                if w == "…":
                    gap = True
                    continue
                limit = min(len(lows), pos + (15 if gap else 2))
                hit = next((q for q in range(pos + 1, limit) if word_match(w, lows[q])), None)
                if hit is None:
                    ok = False
                    break
                pos = last = hit
                matched.append(sent.start + hit)
                gap = False
            if ok:
                i, j = sent.start + k, sent.start + last + 1
                # a gapped phrase reports its first word, but a phrase that took one of its other words first wins
                # ("stellte seine Ämter zur Verfügung" is no "stellte … zur Verfügung")
                words_of = matched if "…" in phrase else range(i, j)
                if "…" in phrase:
                    j = i + 1
                if not any(t in taken for t in words_of):
                    if trig.type != "NONE":  # a listed non-event phrase only blocks its words
                        found.append(Candidate(trig, i, j, "PHRASE"))
                    taken.update(range(i, j))
                    if "…" in phrase and doc[i].text[:1].islower():
                        # "hinter … gestellt": after a function word the verb is no trigger of its own (a phrase
                        # opened by a noun trigger, "sanktion* … verabschiedet*", leaves its verb to compete)
                        taken.add(sent.start + last)
    has_lemma = annotated(doc, "LEMMA")
    has_dep = annotated(doc, "DEP")
    s0, s_end, texts = sent.start, sent.end, view.texts
    # a first name is no context word ("traf Mark Rutte" is no "ins Mark treffen"); a group's noun is ("Soldaten")
    every = mention_tokens(doc)  # sorted by first token
    first = bisect.bisect_left(every, (s0,), key=lambda t: (t[0],))
    mentions = [(i, j, kind) for i, j, _aid, _m, kind in itertools.takewhile(lambda t: t[0] < s_end, every[first:])]
    names = {k for i, j, kind in mentions if kind == "PERSON" for k in range(i, j - 1)}
    named = {k for i, j, _kind in mentions for k in range(i, j)}

    def list_comma(k: int) -> bool:
        """A comma between two names is a list's ("Kanada, Tschechien und Frankreich"), no clause boundary."""
        return k - 1 in named and k + 1 in named

    lows = [w if s0 + n not in names else "" for n, w in enumerate(lows)]

    def clause_words(i: int) -> list[str]:
        a, b = view.clause_range(i)
        return lows[a - s0 : b - s0]

    for tok in sent:
        if tok.i in taken or tok.is_punct:
            continue
        low = lows[tok.i - s0]
        best: Candidate | None = None
        # separable verb split across the clause: "sagte ... ab"
        for trig in lex.split.get(low, []) if not tok.text[:1].isupper() or tok.i == s0 else []:
            # the particle closes the clause; dashes and brackets inside it do not end the search
            cend = next(
                (k for k in range(tok.i + 1, s_end) if texts[k - s0] in (",", ";", ":") and not list_comma(k)), s_end
            )
            for k in range(tok.i + 1, min(cend, tok.i + 30)):
                if lows[k - s0] == trig.particle and _is_particle_end(doc, k, s_end):
                    cand = Candidate(trig, tok.i, tok.i + 1, "SPLIT", particle_i=k)
                    if needs_ok(trig, lows):
                        best = _prefer(best, cand)
                    break
        entries = lex.joined.get(low, []) if best is None else []
        lemma_verb = best is None and has_lemma and tok.pos_ in ("VERB", "AUX")
        # the position tests only matter for a word that can be a verb trigger at all
        verb_ok = (entries or lemma_verb) and (
            not tok.text[:1].isupper() or tok.i == sent.start or _opens_after(doc, tok.i, sent.start)
        )
        verb_ok = verb_ok and not _attributive(doc, tok, sent.start, lex) and not _determiner(doc, tok)
        verb_ok = verb_ok and not _in_noun_phrase(doc, tok, sent.start)
        if best is None and verb_ok:
            parts = {id(tr) for tr, p in entries if p}
            for trig, _part in entries:
                if trig.particle and low == trig.particle:
                    continue
                cand = Candidate(trig, tok.i, tok.i + 1, "VERB", participle=id(trig) in parts)
                cand.agent_i = _attributive_agent(doc, tok, sent.start)
                if needs_ok(trig, clause_words(tok.i)):
                    best = _prefer(best, cand)
            if best is None and lemma_verb:
                # Token.children reads the parse arrays: without a parser they are not set (a crash, not [])
                kids = tok.children if has_dep else ()
                prt = next((c.lower_ for c in kids if c.dep_ in ("compound:prt", "svp")), "")
                for trig in lex.lemmas.get(prt + tok.lemma_.lower(), []):
                    if needs_ok(trig, clause_words(tok.i)):
                        best = _prefer(best, Candidate(trig, tok.i, tok.i + 1, "VERB", participle=tok.tag_ == "VVPP"))
        generic = any(lows[k - sent.start].startswith(GENERIC) for k in range(max(sent.start, tok.i - 2), tok.i))
        if best is None and not generic and (tok.text[:1].isupper() or tok.i == sent.start):
            for trig in noun_lookup(lex, low):
                if needs_ok(trig, lows):
                    best = _prefer(best, Candidate(trig, tok.i, tok.i + 1, "NOUN"))
        if best is not None and best.trigger.type == "NONE":
            taken.add(tok.i)
            continue
        if best is not None:
            best.needs_used = bool(best.trigger.needs)
            found.append(best)
            taken.add(tok.i)
            if best.particle_i is not None:
                taken.add(best.particle_i)
    found.sort(key=lambda c: c.i)
    return found


def _opens_after(doc: Doc, i: int, lo: int) -> bool:
    """Token i may open a clause or a quotation: it follows a boundary mark, but not a quotation mark that closes
    a quoted word ("von einem „historischen“ Treffen": a noun)."""
    prev = doc[i - 1].text
    if prev not in PUNCT_BOUNDARY:
        return False
    return not (prev in CLOSING_QUOTES and i - 2 >= lo and not doc[i - 2].is_punct)


def _attributive(doc: Doc, tok: Token, lo: int, lex: Lexicon) -> bool:
    """A participle used as an adjective ("in den besetzten Gebieten") names no happening of its own."""
    low = tok.lower_
    if tok.i + 1 >= len(doc) or tok.i <= lo or not doc[tok.i + 1].text[:1].isupper():
        return False
    stems = [low[:-k] for k in (1, 2) if len(low) > k + 3 and low.endswith(("e", "en", "er", "es", "em"))]
    if not any(p for s in stems for _t, p in lex.joined.get(s, []) if p):
        return False
    # word order, not the tagger: the project's tagger also calls finite verbs ADJA ("nannte")
    prev = doc[tok.i - 1]
    return prev.text[:1].islower() and prev.lower_ not in COORD and prev.lower_ not in PRONOUNS and not prev.is_punct


def _in_noun_phrase(doc: Doc, tok: Token, lo: int) -> bool:
    """A verb form with an adjective ending between an article or a preposition and a noun is an adjective ("durch
    billige Importe", "mit der nötigen Ruhe", "den verlangten Abzug"): no finite verb stands there."""
    if tok.i <= lo or tok.i + 1 >= len(doc) or not tok.lower_.endswith(("e", "en", "er", "es", "em")):
        return False
    nxt, prev = doc[tok.i + 1], doc[tok.i - 1].lower_
    if not nxt.text[:1].isupper() or nxt.is_punct:
        return False
    return prev in ATTRIBUTIVE_DETERMINERS or (prev in PREPS and prev not in NOT_NOUN_PREPS)


def _attributive_agent(doc: Doc, tok: Token, lo: int) -> int | None:
    """The von/durch of an attributive participle's agent inside its noun phrase ("die von Ruanda unterstützte
    Miliz", "der durch die Armee abgeriegelte Ort"): its position, else None."""
    if tok.i + 1 >= len(doc) or not doc[tok.i + 1].text[:1].isupper() or not tok.lower_.endswith(("e", "en", "er")):
        return None
    for k in range(tok.i - 1, max(lo, tok.i - 7) - 1, -1):
        low = doc[k].lower_
        if low in ("von", "vom", "durch"):
            det = doc[k - 1].lower_ if k > lo else ""
            return k if det in ATTRIBUTIVE_DETERMINERS else None
        if doc[k].is_punct:
            return None
    return None


def _determiner(doc: Doc, tok: Token) -> bool:
    """A word the tagger reads as determiner or pronoun, right before a noun: "einige Staaten", "einige neue"."""
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return tok.pos_ in NOT_VERB and nxt is not None and (nxt.text[:1].isupper() or nxt.pos_ == "ADJ")


def _prefer(best: Candidate | None, cand: Candidate) -> Candidate:
    """Of two readings of one token, the one whose context requirement is met is the more specific."""
    if best is None:
        return cand
    if cand.trigger.needs and not best.trigger.needs:
        return cand
    return best


def absorbed_by(doc: Doc, view: SentenceView, noun: Candidate, verbs: list[Candidate]) -> Candidate | None:
    """The verb trigger whose object or an/zu-complement this noun trigger is, if any (then it is one event)."""
    for verb in verbs:
        if not view.same_clause(noun.i, verb.i):
            continue
        slot = "core"
        for k in range(noun.i - 1, max(view.sent.start, noun.i - 5) - 1, -1):
            low = doc[k].lower_
            if low in PREPS:
                slot = PREPS[low]
                break
            if doc[k].is_punct or k == verb.i or _ends_phrase(doc, k, noun.i, view.sent.start):
                break
        if slot == "core" or slot in ABSORB_PREPS:
            return verb
        if slot in SAME_TYPE_ABSORB_PREPS and verb.trigger.type == noun.trigger.type:
            return verb
        if CONTENT_SLOTS.get(verb.trigger.type) == slot:
            return verb
        # "billigten ein Paket von Wirtschaftssanktionen": the noun the light verb needs is its object, however
        # far down the phrase it stands
        low = doc[noun.i].lower_
        if verb.trigger.type == noun.trigger.type and any(word_match(p, low) for p in verb.trigger.needs):
            return verb
        if verb.particle_i is not None and verb.i < noun.i < verb.particle_i and slot not in ("bei", "nach", "vor"):
            return verb
    return None


def _ends_phrase(doc: Doc, k: int, noun_i: int, lo: int) -> bool:
    """A noun or name at k ends a phrase before the noun trigger's own: the trigger follows it directly or after an
    article that is not a genitive one ("verlangte von der Regierung eine Entschuldigung", "verhängte gegen
    Russland Einreiseverbote"; but "nach Beginn des Krieges" and "von Ägypten einberufenen Treffen" go on)."""
    if k <= lo or not doc[k].text[:1].isupper():
        return False
    nxt = doc[k + 1]
    return k + 1 == noun_i or nxt.text[:1].isupper() or (nxt.lower_ in ARTICLES and nxt.lower_ not in GENITIVE_ARTICLES)


def noun_host(doc: Doc, noun: Candidate, nouns: list[Candidate]) -> Candidate | None:
    """A trigger noun in the an/zu/über-complement of an earlier trigger noun: Teilnahme an einem Treffen."""
    for host in reversed(nouns):
        between = doc[host.j : noun.i]
        if len(between) > 8 or any(t.is_punct for t in between):
            continue
        # the preposition opens the noun's own phrase (over a determiner and adjectives), not a date before it
        opener = next((t for t in reversed(between) if t.text[:1].isupper() or t.lower_ in PREPS), None)
        if opener is not None and opener.lower_ in PREPS and PREPS[opener.lower_] in ABSORB_PREPS:
            return host
    return None


def unreported(doc: Doc, view: SentenceView, c: Candidate, verbs: list[Candidate]) -> bool:
    """A verb whose happening the article does not report: the content of a demand, a denial or a refusal
    ("bestreitet, Truppen geschickt zu haben", "forderte Moskau auf, die Angriffe zu stoppen"), or a condition
    or an alternative ("wenn die Wähler zustimmen", "statt Waffen zu liefern")."""
    if c.kind not in ("VERB", "SPLIT"):
        return False
    opening = next((t for t in view.sent if not t.is_punct), None)
    if opening is not None and opening.lower_ in CONDITIONAL_OPENERS:
        return True  # "Sollten die Europäer nicht einlenken, werde er Zölle erheben": the whole sentence is a condition
    lo, _hi = view.clause_range(c.i)
    first = next((k for k in range(lo, c.i + 1) if not doc[k].is_punct), c.i)
    if doc[first].lower_ in UNREPORTED_OPENERS:
        return True
    low = doc[c.i].lower_
    zu = (c.i > 0 and doc[c.i - 1].lower_ == "zu") or (c.participle is False and "zu" in low[2:-2])
    aux = c.i + 2 < len(doc) and doc[c.i + 1].lower_ == "zu" and (c.participle or doc[c.i + 2].lower_ in ZU_AUX)
    if not zu and not aux:
        return False  # "geschickt zu haben", "wählen zu lassen": a verb before its zu-infinitive auxiliary counts too
    if lo <= view.sent.start:
        # a zu-infinitive that opens the sentence is the object of the clause after it ("Mit der Partei zu
        # koalieren, schloss er aus")
        hi = view.clause_range(c.i)[1]
        after = range(hi, view.clause_range(hi)[1]) if hi < view.sent.end else range(0)
        return any(v.i in after and v.trigger.type in ("REQUEST", "REJECT") for v in verbs)
    before = range(view.clause_range(lo - 1)[0], lo)
    if any(v.i in before and v.trigger.type in ("REQUEST", "REJECT") for v in verbs):
        return True
    return any(view.lows[k - view.sent.start].startswith(CONTENT_GOVERNORS) for k in before)


def time_reference(doc: Doc, view: SentenceView, c: Candidate) -> bool:
    """A trigger noun whose phrase dates something else: "nach dem Treffen", "seit Beginn des Krieges", "nach mehr
    als 16 Stunden Verhandlungen" (over its article, attributes, a governing noun with a genitive and a span)."""
    if c.kind != "NOUN":
        return False
    lo = view.clause_range(c.i)[0]
    for k in range(c.i - 1, max(lo, c.i - 9) - 1, -1):
        tok, low = doc[k], doc[k].lower_
        if low in TIME_PREPS:
            # the preposition governs the noun's phrase ("nach dem Treffen"), not one before it ("Berichten nach ein
            # Empfang"): a nominative or accusative article cannot follow it
            return doc[k + 1].lower_ not in NOT_AFTER_TIME_PREPS
        if tok.is_punct or (low in PREPS and low != "als"):  # "als" of a comparison: "nach mehr als 16 Stunden"
            return False
        nxt = doc[k + 1].lower_
        head = tok.text[:1].isupper() and (nxt in GENITIVE_ARTICLES or (tok.text in TIME_UNITS and k + 1 == c.i))
        if not (head or low in ATTRIBUTIVE_DETERMINERS or _attribute(tok) or tok.text[:1].islower()):
            return False
    return False


def characterised(doc: Doc, view: SentenceView, c: Candidate) -> bool:
    """A trigger noun that describes a happening instead of reporting one: the predicate of a copula whose subject
    takes it up ("es war das erste Treffen dieser Art") or what a speaker calls it ("sprach von einem historischen
    Treffen")."""
    if c.kind != "NOUN":
        return False
    lo = view.clause_range(c.i)[0]
    k = c.i - 1
    # back over the noun's own determiner and attributes
    while k >= lo and (doc[k].lower_ in ATTRIBUTIVE_DETERMINERS or doc[k].text in QUOTES or _attribute(doc[k])):
        k -= 1
    if k < lo:
        return False
    low = doc[k].lower_
    if low == "von":
        return k > lo and doc[k - 1].lower_ in SPEAKING_OF
    if low in COPULAS:
        return (k > lo and doc[k - 1].lower_ in TAKING_UP) or (k + 1 < c.i and doc[k + 1].lower_ in TAKING_UP)
    return False


def _attribute(tok: Token) -> bool:
    """An adjective or number inside a noun phrase ("das erste", "einem historischen", "zwei")."""
    return tok.like_num or tok.text[:1].islower() and (tok.pos_ in ("ADJ", "NUM") or tok.tag_ in ("ADJA", "ADJD"))


def zu_infinitive(doc: Doc, c: Candidate) -> bool:
    """The trigger is a zu-infinitive ("abzuziehen", "zu verhandeln", "bombardiert zu haben", "im Einsatz zu sein")."""
    return doc[c.i - 1].lower_ == "zu" or "zu" in doc[c.i].lower_[2:-2] or _zu_after(doc, c.j)


def _zu_after(doc: Doc, j: int) -> bool:
    """A support-verb phrase as zu-infinitive ("im Einsatz zu sein", "in Gespräche zu gehen")."""
    if j + 1 >= len(doc) or doc[j].lower_ != "zu":
        return False
    nxt = doc[j + 1]
    return nxt.lower_ in ZU_INF_OK or nxt.text[:1].islower() and nxt.lower_.endswith("en") and nxt.pos_ != "ADJ"
