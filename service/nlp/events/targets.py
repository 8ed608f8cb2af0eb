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
from ..wordlists import ordered, words
from .mentions import Args, MentionRef, country_actor_for
from .triggers import Candidate
from .where import find_where

ARTICLES = words("articles")
COORD = words("coordinators")
# "Ziele im Iran", "die Stadt X", "in den türkischen Luftraum": attacks and incursions on what a state holds
TERRITORIAL_TYPES = ("ASSAULT", "COERCE")
TERRITORY_NOUNS = ordered("territory_nouns")
TRADED_GOODS = ordered("traded_goods")


def implied_targets(
    doc: Doc, view: SentenceView, c: Candidate, refs: list[MentionRef], args: Args, places: list[MentionRef]
) -> list[MentionRef]:
    """The target the clause implies, for an event whose own frame found none; [] if none."""
    etype = c.trigger.type
    found: list[MentionRef] = []
    if etype == "SANCTION":
        found = _taxed_country(doc, view, c, refs, args, places)
    if not found and etype in TERRITORIAL_TYPES and args.who:
        found = _territory_owner(doc, view, c, args, places)
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
