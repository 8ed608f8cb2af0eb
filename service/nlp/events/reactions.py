"""Targets an event takes from events reported before it: what a reaction reacts to, whom a reply answers, the
parties a plural noun stands for."""

from __future__ import annotations

from spacy.tokens import Doc

from .. import records
from ..actor_lexicon import lexicon as actor_lexicon
from ..actors import actor_at
from ..places import place_at
from ..quotes import speaker_at
from ..sentences import SentenceView, is_title, segment_at
from ..wordlists import table, words
from .coreference import latest_with_several_agents, object_pronoun_targets
from .lexicon import Lexicon, noun_lookup, target_slots
from .mentions import Args, MentionRef, actor_by_id, kind_of
from .triggers import Candidate

TAKING_UP_PRONOUNS = words("taking_up_pronouns")
TAKING_UP_DETERMINERS = words("taking_up_object_determiners")
REPEATING_DETERMINERS = words("repeating_determiners")
TAKEN_UP_TYPES = table("taken_up_types")
REACTING_TYPES = words("reacting_event_types")
SHARED_TYPES = words("shared_event_types")
VICTIM_TYPES = words("victim_event_types")
STATEMENT_NOUNS = words("statement_nouns")
REPLY_WORDS = tuple(sorted(words("reply_words")))
PARTY_NOUNS = words("party_nouns")
AUXILIARIES = words("auxiliaries")
COORDINATORS = words("coordinators")
PREPOSITIONS = table("prepositions")

NEAR = 600  # characters back within which a demonstrative or a general noun finds what it takes up
FAR = 2000  # ... and a repeated noun


def context_targets(
    doc: Doc,
    view: SentenceView,
    c: Candidate,
    lex: Lexicon,
    events: list[records.Event],
    sent_events: list[tuple[Candidate, records.Event]],
    args: Args,
) -> list[MentionRef]:
    """The target of an event whose clause names none, from what the text said before: the first of these readings
    that finds one, from the most to the least direct."""
    if c.kind != "NOUN":
        found = object_pronoun_targets(doc, view, c, args.who) or taken_up_agents(doc, view, c, lex, events, args)
        if found:
            return found
    return (
        reply_targets(doc, view, c, events, args)
        or denied_accusers(doc, view, c, events, args)
        or party_targets(doc, view, c, events, args.who)
        or mediated_parties(doc, view, c, events, args)
        or accusing_victims(doc, c, sent_events, args)
    )


def party_targets(
    doc: Doc, view: SentenceView, c: Candidate, events: list[records.Event], who: list[MentionRef]
) -> list[MentionRef]:
    """The parties a plural noun takes up as the target ("vermittelte zwischen den beiden Rivalen", "rief alle
    Beteiligten auf"): the agents of the latest happening with several agents, within about 1,200 characters (the
    parties of a dispute are named once and then referred to for paragraphs); "alle" adds the ones they acted on.
    Only for a clause whose subject is named otherwise, so the noun is no subject."""
    if not who:
        return []
    lo, hi = view.clause_range(c.i)
    det = next(
        (
            doc[k - 1].lower_
            for k in range(lo + 1, hi)
            if doc[k].text in PARTY_NOUNS and doc[k - 1].lower_ in ("beiden", "allen", "alle", "den", "die")
        ),
        None,
    )
    if det is None:
        return []
    latest = latest_with_several_agents(events, view.sent.start_char, 2 * NEAR)
    if latest is None:
        return []
    return _others(latest.who + (latest.whom if det in ("alle", "allen") else []), {r.ref for r in who}, c)


def taken_up_agents(
    doc: Doc, view: SentenceView, c: Candidate, lex: Lexicon, events: list[records.Event], args: Args
) -> list[MentionRef]:
    """The target of a reaction is whoever did what it reacts to: "Moskau verurteilte die Entsendung", "Katar wies
    die Forderungen zurück", "Kiew lehnt das ab", "Tausende protestierten gegen den Einsatz".

    The object (or the noun of a frame preposition) names the earlier event: a demonstrative takes up the latest
    event with an agent; an event noun the latest event of its type; a noun said before ("eine Entschuldigung
    verlangt … Eine Entschuldigung lehnt … ab") the event whose sentence said it. Only for reactions: what a
    demand or a threat has as object is still to come."""
    if c.trigger.type not in REACTING_TYPES:
        return []
    s_char = view.sent.start_char
    own = {r.ref for r in args.who}
    # what earlier sentences reported, and an earlier clause of this one ("X fordern ein Ende – Y lehnt das ab")
    clause_start = doc[view.clause_range(c.i)[0]].idx
    # an event done by the reactor alone gives no target: "Maas wies diese Darstellung zurück" after Maas spoke
    earlier = [e for e in events if (e.sentence[1] <= s_char or e.trigger.end <= clause_start) and _parties(e, own, c)]
    # what a demonstrative points at: the latest of those reported just before
    nearest = next((e for e in reversed(earlier) if s_char - e.sentence[0] < NEAR), None)
    for k in _object_words(doc, view, c):
        low = doc[k].lower_
        if low in TAKING_UP_PRONOUNS and not _noun_after(doc, view, k):
            found = nearest
        else:
            noun = _noun_after(doc, view, k)
            if noun is None:
                continue
            if doc[noun].text in STATEMENT_NOUNS:
                # "wies diese Darstellung zurück": what was said, so whoever said it last
                speaker = _last_speaker(doc, view, own)
                if speaker is not None:
                    return [MentionRef(speaker[0], speaker[1], c.i, c.j)]
            # the noun may itself be reported as an event with its agent ("gegen das Abkommen der EU")
            found = next((e for e in events if e.trigger.start == doc[noun].idx and e.who), None)
            if found is None:
                found = _antecedent(doc, lex, earlier, noun, s_char, definite=low not in REPEATING_DETERMINERS)
            if found is None and low.startswith(("dies", "jen")):
                found = nearest  # "begrüßte diesen Schritt", whatever its noun
        if found is None:
            continue
        return _parties(found, own, c)
    return []


def reply_targets(
    doc: Doc, view: SentenceView, c: Candidate, events: list[records.Event], args: Args
) -> list[MentionRef]:
    """Whom a reply answers: "widersprach", "konterte" or "eine harte Antwort" with no object of its own is aimed
    at who acted on the replier in the happening reported just before ("Israel griff Ziele im Iran an. Teheran
    kündigte Vergeltung an"), else at the latest other agent ("X behauptete … Y widersprach")."""
    lo, hi = view.clause_range(c.i)
    if not args.who or not any(doc[k].lower_.startswith(REPLY_WORDS) for k in range(lo, hi)):
        return []
    s_char = view.sent.start_char
    own = {r.ref for r in args.who}
    recent = [e for e in events if e.sentence[0] < s_char and s_char - e.sentence[0] < 2 * NEAR and e.who]
    aimed = next((e for e in reversed(recent) if own & {a.actor for a in e.whom}), None)
    if aimed is None:
        aimed = next((e for e in reversed(recent) if {a.actor for a in e.who} - own), None)
    return _parties(aimed, own, c) if aimed is not None else []


def _object_words(doc: Doc, view: SentenceView, c: Candidate) -> list[int]:
    """Where the reaction's object may start: after the verb, before a clause-final participle ("hat die Liste
    zurückgewiesen"), fronted before the finite verb ("Diesen Zuschuss lehnt X ab"), and after a preposition of
    the trigger's frame ("gegen die Pläne")."""
    lo, hi = view.clause_range(c.i)
    end = c.j if c.kind != "SPLIT" else c.i + 1
    finite = next((k for k in range(lo, c.i) if doc[k].lower_ in AUXILIARIES), None)
    out = list(range(end, min(hi, end + 4)))
    # the participle ends its clause, or a coordinated one follows ("hatte die Blockade kritisiert und … gewarnt")
    if finite is not None and (end >= hi - 1 or doc[end].is_punct or doc[end].lower_ in COORDINATORS):
        out = list(range(finite + 1, c.i)) + out
    # a noun inside another phrase is no object ("hatten für die Hilfen demonstriert")
    out = [k for k in out if k == lo or doc[k - 1].lower_ not in PREPOSITIONS]
    first = finite if finite is not None else c.i
    if first > lo and doc[lo].lower_ in TAKING_UP_DETERMINERS | REPEATING_DETERMINERS | TAKING_UP_PRONOUNS:
        out.append(lo)
    # only "gegen" names what is opposed; "für", "über", "bei" name a cause or a topic
    slots = {s for s in [*c.trigger.whom, *target_slots(c.trigger.type)] if s == "gegen"}
    for k in range(lo, hi):
        if k not in range(c.i, end) and PREPOSITIONS.get(doc[k].lower_) in slots and k + 1 < hi:
            out.append(k + 1)
    return out


def _noun_after(doc: Doc, view: SentenceView, k: int) -> int | None:
    """The noun a determiner opens: the first capitalised word within three (adjectives come between); none when
    a verb comes first ("Das hat Scholz abgelehnt": "das" stands alone)."""
    if doc[k].lower_ not in TAKING_UP_DETERMINERS | REPEATING_DETERMINERS:
        return None
    for q in range(k + 1, min(view.sent.end, k + 4)):
        if doc[q].lower_ in AUXILIARIES or doc[q].pos_ in ("VERB", "AUX") or doc[q].is_punct:
            return None
        if doc[q].text[:1].isupper():
            return q
    return None


def _antecedent(
    doc: Doc, lex: Lexicon, earlier: list[records.Event], noun: int, s_char: int, definite: bool
) -> records.Event | None:
    tok = doc[noun]
    if actor_at(doc, tok.idx, tok.idx + len(tok.text)) or place_at(doc, tok.idx, tok.idx + len(tok.text)):
        return None  # a named party or place is no happening
    if actor_lexicon().role_of(tok.text) or actor_lexicon().group_of(tok.text):
        return None  # nor are people ("dankte den Abgeordneten")
    own_types = {t.type for t in noun_lookup(lex, tok.lower_)}
    if own_types and definite:
        types = own_types | {k for t in own_types for k in TAKEN_UP_TYPES.get(t, "").split(",") if k}
        typed = next((e for e in reversed(earlier) if e.type in types), None)
        if typed is not None:
            return typed
    return _said_before(doc, earlier, tok.lower_, tok.lemma_.lower(), s_char)


def _said_before(doc: Doc, earlier: list[records.Event], low: str, lemma: str, s_char: int) -> records.Event | None:
    """The latest event whose sentence has the same noun: the reaction repeats the word of what it reacts to."""
    for e in reversed(earlier):
        if s_char - e.sentence[0] > FAR:
            break
        if e.sentence[0] == s_char:
            continue  # the same sentence says the word once for both
        span = doc.char_span(e.sentence[0], e.sentence[1], alignment_mode="expand")
        # the headline names the article's own happening in advance, it is nothing reacted to
        if (
            span is not None
            and not is_title(span)
            and any(t.text[:1].isupper() and (t.lower_ == low or (lemma and t.lemma_.lower() == lemma)) for t in span)
        ):
            return e
    return None


def _parties(e: records.Event, own: set[str], c: Candidate) -> list[MentionRef]:
    """The other parties of an earlier event: its agents, and for a shared happening (talks, an agreement) the
    ones it was held with, less the reactor itself."""
    return _others(list(e.who) + (list(e.whom) if e.type in SHARED_TYPES else []), own, c)


def _others(parties: list[records.ActorArg], own: set[str], c: Candidate) -> list[MentionRef]:
    out, seen = [], set(own)
    for a in parties:
        if a.actor not in seen:
            seen.add(a.actor)
            out.append(MentionRef(a.actor, a.mention, c.i, c.j))
    return out


def mediated_parties(
    doc: Doc, view: SentenceView, c: Candidate, events: list[records.Event], args: Args
) -> list[MentionRef]:
    """Between whom a mediator mediates when the text does not repeat it ("Armenien und Aserbaidschan einigten
    sich; vermittelt hatte Russland"): the parties of the latest happening with two or more, before the trigger."""
    if "zwischen" not in c.trigger.whom or c.kind == "NOUN" or c.trigger.type != "CONSULT":
        return []  # a noun ("die Feuerpause zwischen …") names its parties or none
    start = doc[c.i].idx
    own = {r.ref for r in args.who}
    for e in reversed(events):
        if e.trigger.end > start:
            continue
        if start - e.sentence[1] > NEAR:
            break
        parties = {a.actor for a in e.who + e.whom} - own
        if len(parties) >= 2 and e.mode != "visit":  # a visitor and his host are no parties to a dispute
            return _others(e.who + e.whom, own, c)
    return []


def accusing_victims(
    doc: Doc, c: Candidate, sent_events: list[tuple[Candidate, records.Event]], args: Args
) -> list[MentionRef]:
    """A state that accuses another of an attack is its target unless the text names one ("Baku beschuldigte
    Eriwan, Dörfer beschossen zu haben"): the attack is the accusation's content, its agent the accused."""
    if c.trigger.type not in VICTIM_TYPES or not args.who:
        return []
    own = {r.ref for r in args.who}
    for pc, pev in reversed(sent_events):
        if pc.i >= c.i or pev.type != "ACCUSE":
            continue
        if not own <= {a.actor for a in pev.whom} or not pev.who:
            return []
        if all(kind_of(doc, a.actor) == "GPE" for a in pev.who):
            return _others(pev.who, own, c)
        return []
    return []


def denied_accusers(
    doc: Doc, view: SentenceView, c: Candidate, events: list[records.Event], args: Args
) -> list[MentionRef]:
    """A denial answers the accusation made against the denier: "Der Kreml wies jede Verbindung zurück" after
    "Berlin wirft Moskau vor …" is aimed at the accuser. The denier is matched by actor or by country."""
    if c.trigger.type != "REJECT" or not args.who:
        return []
    by_id = actor_by_id(doc)
    own = {r.ref for r in args.who}
    mine = own | {by_id[r].country for r in own if r in by_id and by_id[r].country}
    s_char = view.sent.start_char
    for e in reversed(events):
        if e.sentence[1] > s_char:
            continue
        if s_char - e.sentence[1] > FAR:
            break
        accused = {a.actor for a in e.whom} | {by_id[a.actor].country for a in e.whom if a.actor in by_id}
        if e.type == "ACCUSE" and mine & accused:
            return _others(e.who, own, c)
    return []


def _last_speaker(doc: Doc, view: SentenceView, own: set[str]) -> tuple[str, records.Mention] | None:
    """The speaker of the nearest of the two sentences before, if the text names one other than the reactor."""
    lo = view.sent.start
    for _step in range(2):
        if lo == 0:
            return None
        prev = segment_at(doc, lo - 1)
        spk = speaker_at(doc, doc[prev.start].idx)
        if spk is not None and spk[0] not in own:
            return spk
        lo = prev.start
    return None
