"""whom a clause implies when the trigger's frame names none: the state an attack on its territory hits, the
country whose goods a tariff taxes, and other targets read off the phrase around the trigger.

Reads the argument code (one way: arguments.py does not import this module); the component asks it once per
event, after the frame's own arguments and before the guesses across sentences.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .. import records
from ..actor_lexicon import lexicon
from ..sentences import SentenceView
from ..wordlists import ordered, table, words
from .arguments import FINITE_TAGS, find_args
from .lexicon import Lexicon, Trigger, noun_lookup
from .mentions import Args, MentionRef, country_actor_for
from .triggers import Candidate
from .where import find_where

ARTICLES = words("articles")
COORD = words("coordinators")
PREPS = table("prepositions")
OBJ_DET = words("object_determiners") | {"die", "das", "eine", "ein"}
GEN_DET = words("genitive_determiners") | {"der"}
# the types that have a target to share with a coordinated verb ("kritisierte Ungarn und drohte mit Konsequenzen")
TARGETED = ("THREATEN", "ACCUSE", "REQUEST", "SANCTION", "COERCE", "REJECT")
# a demand or a refusal whose object is an act: the act's owner is the target ("verlangte den Abzug der Mission")
DEMANDING = ("REQUEST", "REJECT")
ACTION_NOUNS = ordered("action_nouns")
REQUEST_OPENERS = words("request_openers")
CONVENING = ordered("convening_participles")
ASSEMBLY_NOUNS = ordered("assembly_nouns")
# "Ziele im Iran", "die Stadt X", "in den türkischen Luftraum": attacks and incursions on what a state holds
TERRITORIAL_TYPES = ("ASSAULT", "COERCE")
TERRITORY_NOUNS = ordered("territory_nouns")
TRADED_GOODS = ordered("traded_goods")


def implied_targets(
    doc: Doc,
    view: SentenceView,
    c: Candidate,
    refs: list[MentionRef],
    args: Args,
    places: list[MentionRef],
    lex: Lexicon,
    earlier: list[tuple[Candidate, records.Event]],
) -> list[MentionRef]:
    """The target the clause implies, for an event whose own frame found none; [] if none. `earlier` are the
    events of the sentence before this one, with their candidates."""
    etype = c.trigger.type
    found: list[MentionRef] = []
    if etype == "SANCTION":
        found = _taxed_country(doc, view, c, refs, args, places)
    if not found and etype in TERRITORIAL_TYPES and args.who:
        found = _territory_owner(doc, view, c, args, places)
    if not found and etype in DEMANDING and c.kind in ("VERB", "SPLIT"):
        found = _act_owner(doc, view, c, refs, args, lex)
    if not found and etype == "REQUEST" and c.kind == "NOUN":
        found = _granting_subject(doc, view, c, refs, args)
    if not found and etype == "CONSULT" and c.kind == "NOUN":
        found = _convener(doc, view, c, refs, args)
    if not found and etype in TARGETED and c.kind in ("VERB", "SPLIT"):
        found = _shared_target(doc, c, refs, args, earlier)
    return found


def _own_countries(doc: Doc, args: Args) -> set[str]:
    """The countries the agents belong to: an army in its own country attacks no foreign state there."""
    by_id = {a.id: a for a in records.get(doc, "actors")}
    return {by_id[r.ref].country for r in args.who if r.ref in by_id and by_id[r.ref].country}


def _country_ref(doc: Doc, iso: str, tok_i: int, tok_j: int, c: Candidate) -> MentionRef:
    """The country's actor (added to the article's actors when it names none) as a target read off words; it
    stands at the trigger's tokens, so the words stay free for the event's place ("Ziele im Iran": where Iran)."""
    mention = records.Mention.of(doc, doc[tok_i].idx, doc[tok_j - 1].idx + len(doc[tok_j - 1].text))
    actor = country_actor_for(doc, iso, mention)
    return MentionRef(actor.id, mention, c.i, c.j, actor.type, derived=True)


def _territory_owner(
    doc: Doc, view: SentenceView, c: Candidate, args: Args, places: list[MentionRef]
) -> list[MentionRef]:
    """An attack or incursion on a place of another state targets that state: "Angriff auf Ziele im Iran",
    "eroberten die Stadt X", "drangen in den türkischen Luftraum ein" (not the agents' own country)."""
    own = _own_countries(doc, args)
    if not own:
        return []  # whose territory is foreign cannot be told without the agent's country
    lo, hi = view.clause_range(c.i)
    # "in den türkischen Luftraum", "in ukrainische Hoheitsgewässer": a country adjective before a territory noun
    for k in range(lo, hi - 1):
        head = doc[k + 1].text
        if not doc[k].text[:1].islower() or not head[:1].isupper() or not head.lower().endswith(TERRITORY_NOUNS):
            continue
        iso = lexicon().adjective_country(doc[k].text)
        if iso and iso not in own:
            return [_country_ref(doc, iso, k, k + 1, c)]
    countries = {p.id: p.country for p in records.get(doc, "places")}
    in_sentence = [r.i for r in args.who if view.sent.start <= r.i < view.sent.end]
    first_agent = min(in_sentence) if in_sentence else view.sent.start - 1
    for p in find_where(doc, view, c, places, args):
        iso = countries.get(p.ref)
        # the place named in the trigger's own clause: one elsewhere in the sentence or in the dateline may be
        # where it is reported from ("sagte eine Beobachtungsstelle in London, Truppen seien vorgedrungen")
        # (after the agent: a place before it may be the seat of whoever reports, "eine Stelle in London: Truppen
        # seien vorgedrungen")
        if iso and iso not in own and lo <= p.i < hi and p.i > first_agent:
            return [_country_ref(doc, iso, p.i, p.j, c)]
    return []


def _goods(word: str) -> bool:
    """A noun for traded goods or imports ("Waren", "Stahlimporte", "Einfuhren")."""
    low = word.lower()
    return word[:1].isupper() and any(low == g or low.endswith(g) for g in TRADED_GOODS)


def _taxed_country(
    doc: Doc, view: SentenceView, c: Candidate, refs: list[MentionRef], args: Args, places: list[MentionRef]
) -> list[MentionRef]:
    """A tariff or import ban targets the country the goods come from: "Zölle auf chinesische Autos",
    "Einfuhren aus China mit Strafabgaben belegen", "Sonderzölle auf Produkte aus den USA"."""
    lo, hi = view.clause_range(c.i)
    own = _own_countries(doc, args)
    who = {r.ref for r in args.who}
    countries = {p.id: p.country for p in records.get(doc, "places")}
    for k in range(lo, hi):
        if not _goods(doc[k].text):
            continue
        # "auf rund 300 amerikanische Produkte": the country adjective right before the goods noun
        adj = doc[k - 1] if k - 1 >= lo else None
        iso = lexicon().adjective_country(adj.text) if adj is not None and adj.text[:1].islower() else None
        if iso and iso not in own:
            return [_country_ref(doc, iso, k - 1, k, c)]
        # "Einfuhren aus der Volksrepublik", "Stahl aus China": the country of origin after "aus"
        q = k + 1
        if q < hi and doc[q].lower_ == "aus":
            q += 1
            while q < hi and (doc[q].lower_ in ARTICLES or doc[q].text[:1].islower()) and q - k < 5:
                q += 1
            origin = [r for r in refs if r.i == q and r.kind in ("GPE", "ORG") and r.ref not in who]
            if origin:
                return origin[:1]
            # the origin named as a place (the actors component leaves "aus China" to the places)
            iso = next((countries.get(p.ref) for p in places if p.i == q), None)
            if iso and iso not in own:
                return [_country_ref(doc, iso, q, q + 1, c)]
    return []


def _act_owner(
    doc: Doc, view: SentenceView, c: Candidate, refs: list[MentionRef], args: Args, lex: Lexicon
) -> list[MentionRef]:
    """A demand or refusal whose object is an act targets the act's owner: "verlangte den Abzug der UN-Mission",
    "lehnte den Beitritt Schwedens ab" (a frame whose object is the demanded thing, not its addressee)."""
    lo, hi = view.clause_range(c.i)
    who = {r.ref for r in args.who}
    for k in range(lo + 1, hi - 1):
        if doc[k].lower_ not in OBJ_DET or doc[k - 1].lower_ in PREPS:
            continue  # "gegen den Abzug": a prepositional phrase, the frame's own business
        n = k + 1
        while n < hi and doc[n].text[:1].islower() and not doc[n].is_punct and n - k < 4:
            n += 1  # adjectives: "den sofortigen Abzug"
        if n >= hi or not _action_noun(doc[n].text, lex):
            continue
        for r in refs:
            if r.ref in who or not n < r.i <= n + 4:
                continue
            between = doc[n + 1 : r.i]
            # "der UN-Mission", "der russischen Truppen", "der Truppen Frankreichs" (the owner of the act's doers);
            # or a name with genitive -s right after ("Schwedens")
            genitive = (
                bool(between)
                and between[0].lower_ in GEN_DET
                and all(t.text[:1].islower() or t.tag_ == "NN" for t in between[1:])
                and (r.i == n + 2 or doc[r.j - 1].text.endswith("s") or doc[r.i - 1].lower_ in GEN_DET)
            )
            if genitive or (r.i == n + 1 and doc[r.j - 1].text.endswith("s")):
                return [r]
        return []  # the first object decides: a later noun is no longer the demand's
    return []


def _action_noun(word: str, lex: Lexicon) -> bool:
    """A noun that names an act: an event trigger ("Abzug", "Angriff") or one of the act nouns ("Ende")."""
    if not word[:1].isupper():
        return False
    low = word.lower()
    return any(low == a or low.endswith(a) for a in ACTION_NOUNS) or bool(noun_lookup(lex, low))


def _granting_subject(
    doc: Doc, view: SentenceView, c: Candidate, refs: list[MentionRef], args: Args
) -> list[MentionRef]:
    """ "Auf Bitten/Antrag des X" fronting a clause: whoever grants it, the main clause's subject, is the
    request's target ("Auf Antrag Frankreichs vertagte der Rat die Abstimmung")."""
    k = c.i - 1
    while k > view.sent.start and doc[k].text[:1].islower() and doc[k].lower_ not in REQUEST_OPENERS:
        k -= 1  # "auf ausdrückliche Bitte"
    if k < view.sent.start or doc[k].lower_ not in REQUEST_OPENERS:
        return []
    opener = next((q for q in range(view.sent.start, k) if not doc[q].is_punct), k)
    if opener != k:
        return []  # the phrase opens its sentence: the verb after it is the main clause's
    verb = next((q for q in range(c.j, view.sent.end) if doc[q].tag_ in FINITE_TAGS), None)
    if verb is None or any(doc[q].text == "," for q in range(c.j, verb)):
        return []
    # (the request's own phrase left out: its genitive is the requester, no candidate for the subject)
    subject = _main_subject(doc, view, verb, [r for r in refs if r.i > verb])
    own = {r.ref for r in args.who}
    return [r for r in subject if r.ref not in own]


def _convener(doc: Doc, view: SentenceView, c: Candidate, refs: list[MentionRef], args: Args) -> list[MentionRef]:
    """A meeting's host is its target: "bei einem von den USA einberufenen Treffen" (the von-phrase of a convening
    participle before the noun), "auf der Hauptversammlung des Städtetags sagte X" (an assembly's owner, when
    another actor is the one who speaks there)."""
    own = {r.ref for r in args.who}
    if c.trigger.lemma and doc[c.i].lower_.endswith(ASSEMBLY_NOUNS):
        return _assembly_host(doc, view, c, refs, args)
    part = c.i - 1
    if part > view.sent.start and doc[part].lower_.startswith(CONVENING):
        von = next(
            (q for q in range(part - 1, max(view.sent.start, part - 6) - 1, -1) if doc[q].lower_ in ("von", "vom")),
            None,
        )
        if von is not None:
            host = [r for r in refs if von < r.i < part and r.ref not in own]
            if host:
                return host[:1]
    return []


def _main_subject(doc: Doc, view: SentenceView, verb: int, refs: list[MentionRef]) -> list[MentionRef]:
    """The subject of the finite verb at `verb`, by the argument code's own rules, read through a frame that only
    asks for it."""
    trig = Trigger(lemma="", pos="VERB", type="NONE", cameo=None, mode=None, who=["subj"], whom=[], needs=[])
    fresh = [MentionRef(r.ref, r.mention, r.i, r.j, r.kind) for r in refs]
    return find_args(doc, view, Candidate(trig, verb, verb + 1, "VERB"), fresh).who


def _assembly_host(doc: Doc, view: SentenceView, c: Candidate, refs: list[MentionRef], args: Args) -> list[MentionRef]:
    """An organisation's assembly in a place phrase ("sagte der Kanzler auf der Hauptversammlung des Städtetags"):
    the owner hosts, the clause's subject speaks there. Returns the host as target and makes the subject the
    event's agent (args.who held the owner, read off the noun's genitive)."""
    if c.i < 2 or doc[c.i - 2].lower_ not in ("auf", "bei", "vor") and doc[c.i - 1].lower_ not in ("beim", "am"):
        return []
    if not args.who or not all(c.j <= r.i <= c.j + 4 for r in args.who):
        return []  # the noun's own genitive owner is its agent so far
    lo, hi = view.clause_range(c.i)
    verb = next((q for q in range(lo, hi) if doc[q].tag_ in FINITE_TAGS), None)
    if verb is None:
        return []
    owner = {r.ref for r in args.who}
    speaker = [
        r for r in _main_subject(doc, view, verb, [r for r in refs if not c.i <= r.i <= c.j + 4]) if r.ref not in owner
    ]
    if not speaker:
        return []
    host, args.who = args.who, speaker
    return host


def _shared_target(
    doc: Doc, c: Candidate, refs: list[MentionRef], args: Args, earlier: list[tuple[Candidate, records.Event]]
) -> list[MentionRef]:
    """A verb coordinated with an earlier one of the same subject shares its target: "kritisierte Ungarn scharf
    und drohte mit Konsequenzen", "forderte die EU auf, den Fehler zu korrigieren, und drohte mit Schritten"."""
    k = c.i - 1
    if k > 0 and doc[k].text[:1].islower() and doc[k].pos_ == "ADV":
        k -= 1  # "und drohte zugleich", "und zugleich drohte"
    if k <= 0 or doc[k].lower_ not in COORD or not args.who:
        return []  # the verb must open a conjunct with no subject of its own
    who = {r.ref for r in args.who}
    for prev, ev in reversed(earlier):
        if prev.kind not in ("VERB", "SPLIT") or prev.i >= c.i:
            continue
        if {a.actor for a in ev.who} != who or prev.trigger.type not in TARGETED:
            return []  # the nearest verb before has another subject or no target to share ("lobte X und forderte")
        if any(doc[q].tag_ in FINITE_TAGS for q in range(prev.j, k)):
            return []  # "unterstütze X, sagte der Minister, und rief ...": the conjunct joins another verb
        out = []
        for a in ev.whom:
            ref = next((r for r in refs if r.ref == a.actor and r.mention.start == a.mention.start), None)
            out.append(ref or MentionRef(a.actor, a.mention, c.i, c.j))
        return out
    return []
