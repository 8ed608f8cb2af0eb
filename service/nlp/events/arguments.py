"""who, whom and where of a trigger: word order and case marking within its clause, the parse as second opinion."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from .. import records
from ..actor_lexicon import lexicon
from ..actors import actor_at
from ..sentences import SentenceView
from ..wordlists import ordered, table, words
from .coreference import institution_sie, pronoun_actor
from .mentions import (
    Args,
    MentionRef,
    actor_mentions,
    adjective_actor,
    annotated,
    country_actor,
    in_timex,
    timex_tokens,
    window,
)
from .phrases import classify, coordinated_groups, dedupe, in_phrase, possessive, singular_verb
from .triggers import Candidate

PREPS = table("prepositions")
OBJ_DET = words("object_determiners")
GEN_DET = words("genitive_determiners")
NOM_DET = words("nominative_determiners")
ADJ_ENDINGS = ordered("adjective_endings")
COORD = words("coordinators")
PASSIVE_AUX = words("passive_auxiliaries")
LOCATIVE = words("locative_slots")
# dependency labels (UD and TIGER) of the parse, when the base model has a parser
DEP_SUBJ = {"nsubj", "sb", "nsubj:pass", "csubj"}
DEP_AGENT = {"sbp", "obl:agent"}
DEP_OBJ = {"obj", "iobj", "oa", "da", "og", "dobj"}


def dep_args(doc: Doc, cand: Candidate, refs: list[MentionRef]) -> Args:
    """Arguments from the dependency parse (UD or TIGER labels): subject, passive agent, objects, PPs."""
    head = doc[cand.i]
    args = Args(parsed=True)

    def refs_in(tok: Token) -> list[MentionRef]:
        sub = {t.i for t in tok.subtree}
        return [r for r in refs if r.i in sub]

    passive = (
        any(c.lower_ in PASSIVE_AUX for c in head.children) or head.dep_ == "oc" and head.head.lower_ in PASSIVE_AUX
    )
    for child in head.children:
        dep = child.dep_
        case = next((c.lower_ for c in child.children if c.dep_ in ("case", "ac")), None)
        if child.lower_ in PREPS and dep in ("mo", "op", "sbp", "pg", "mnr"):
            case = child.lower_
        slot = PREPS.get(case or "")
        found = refs_in(child)
        if not found:
            continue
        if dep in DEP_AGENT or (passive and slot in ("von", "durch")) or dep in DEP_SUBJ and not passive:
            args.who.extend(found)
        elif (dep in DEP_SUBJ and passive) or dep in DEP_OBJ or (slot and slot in cand.trigger.whom):
            args.whom.extend(found)
        elif slot and slot in cand.trigger.who and cand.trigger.pos == "NOUN":
            args.who.extend(found)
    return args


def _country_adjectives(doc: Doc, cand: Candidate, lo: int) -> list[MentionRef]:
    """ "des russischen Angriffskrieges": the country adjective names the agent, when that country is an actor."""
    k = cand.i - 1
    if k < lo or not doc[k].text[:1].islower():
        return []
    actor = adjective_actor(doc, doc[k].text)
    if actor is None:
        return []  # the actors component did not find the country itself: no actor to point to
    tok = doc[k]
    mention = records.Mention.of(doc, tok.idx, tok.idx + len(tok.text))
    return [MentionRef(actor.id, mention, k, k + 1, actor.type, slot="adj", derived=True)]


def _adjectives_between(doc: Doc, cand: Candidate, hi: int) -> list[MentionRef]:
    """ "Gespräche zwischen europäischen und amerikanischen Vertretern": the adjectives name the parties."""
    if cand.j >= hi or doc[cand.j].lower_ != "zwischen":
        return []
    out: list[MentionRef] = []
    for k in range(cand.j + 1, min(hi, cand.j + 8)):
        tok = doc[k]
        if not tok.text[:1].islower() or tok.is_punct:
            # the head noun: a named actor there is the party itself, found as a mention
            return [] if actor_at(doc, tok.idx, tok.idx + len(tok.text)) else out
        actor = adjective_actor(doc, tok.text) if tok.lower_ not in COORD else None
        if actor is not None and actor.id not in {r.ref for r in out}:
            mention = records.Mention.of(doc, tok.idx, tok.idx + len(tok.text))
            out.append(MentionRef(actor.id, mention, k, k + 1, actor.type, slot="zwischen", derived=True))
    return out


def _object_adjective(doc: Doc, cand: Candidate, hi: int) -> list[MentionRef]:
    """The country or group adjective of the noun phrase right after the verb, if it names an actor."""
    end = cand.j if cand.kind != "SPLIT" else cand.i + 1
    for k in range(end, min(hi, end + 5)):
        low = doc[k].lower_
        if in_timex(doc, doc[k].idx):
            continue  # "verurteilte am Montag den ...": the date stands between verb and object
        if low in OBJ_DET or low in NOM_DET:
            adj = k + 1
            if adj + 1 < hi and doc[adj].text[:1].islower() and doc[adj + 1].text[:1].isupper():
                tok, head = doc[adj], doc[adj + 1]
                if actor_at(doc, head.idx, head.idx + len(head.text)):
                    return []  # "die russische Regierung": the actor itself, found as a mention
                actor = adjective_actor(doc, tok.text)
                if actor is not None:
                    mention = records.Mention.of(doc, tok.idx, tok.idx + len(tok.text))
                    return [MentionRef(actor.id, mention, adj, adj + 1, actor.type, slot="obj", derived=True)]
            return []
        if doc[k].is_punct or doc[k].text[:1].isupper():
            return []
    return []


def _adjective_subject(doc: Doc, view: SentenceView, cand: Candidate, lo: int) -> list[MentionRef]:
    """ "Russische Truppen griffen ... an", "Westliche Diplomaten führten Gespräche": a sentence-initial
    country or group adjective before a common noun names the acting side."""
    k = view.sent.start
    while k < cand.i and doc[k].is_punct:
        k += 1  # an opening quote
    if lo > k or k + 1 >= cand.i:
        return []
    adj, head = doc[k], doc[k + 1]
    if not (adj.text[:1].isupper() and head.text[:1].isupper() and adj.lower_.endswith(ADJ_ENDINGS)):
        return []
    if actor_at(doc, adj.idx, head.idx + len(head.text)) or actor_at(doc, head.idx, head.idx + len(head.text)):
        return []  # "Deutsche Bank", "Russische Regierung": an actor the actors component found itself
    actor = adjective_actor(doc, adj.text)
    if actor is None:
        return []
    mention = records.Mention.of(doc, adj.idx, adj.idx + len(adj.text))
    return [MentionRef(actor.id, mention, k, k + 1, actor.type, derived=True)]


def _country_genitive(doc: Doc, cand: Candidate, hi: int) -> list[MentionRef]:
    """ "eines Treffens hochrangiger US-Diplomaten": a genitive group named by a country prefix acts for it."""
    k = cand.j
    if k < hi and doc[k].lower_ in GEN_DET | {"der"}:
        k += 1
    elif not (k < hi and doc[k].text[:1].islower() and doc[k].lower_.endswith("er")):
        return []  # a bare genitive plural shows its case on a strong adjective ("hochrangiger")
    while k < hi and k - cand.j < 3 and doc[k].text[:1].islower() and doc[k].lower_.endswith(ADJ_ENDINGS):
        k += 1
    if k >= hi or actor_at(doc, doc[k].idx, doc[k].idx + len(doc[k].text)):
        return []
    head, _, rest = doc[k].text.partition("-")
    hit = lexicon().prefix.get(head) if rest[:1].isupper() else None
    if not hit or hit[0] != "country":
        return []
    actor = country_actor(doc, hit[1])
    if actor is None:
        return []
    mention = records.Mention.of(doc, doc[k].idx, doc[k].idx + len(head))
    return [MentionRef(actor.id, mention, k, k + 1, "GPE", slot="gen", derived=True)]


def heuristic_args(doc: Doc, view: SentenceView, cand: Candidate, refs: list[MentionRef]) -> Args:
    """Arguments from word order and case marking within the trigger's clause."""
    trig = cand.trigger
    args = Args()
    lo, hi = view.clause_range(cand.i)
    for r in refs:
        classify(doc, r, max(lo, view.sent.start))
    in_clause = [r for r in refs if lo <= r.i < hi]
    if cand.kind == "NOUN":
        # the noun's own dependents: inside the compound (Nato-Treffen), after it (Besuch von X, Treffen der Y)
        attached: list[MentionRef] = []
        for r in in_clause:
            if r.i == cand.i and r.j <= cand.j:
                attached.append(r)
                r.slot = "poss"
            elif r.i > cand.i and r.i - cand.j <= 4 and (r.slot in ("gen", "core") or r.slot in trig.who + trig.whom):
                between = doc[cand.j : r.i]
                if not any(t.is_punct or t.lower_ in COORD for t in between):
                    attached.append(r)
                    if r.slot == "core":
                        r.slot = "gen"
            elif r.j == cand.i or (r.j == cand.i - 1 and doc[r.j].lower_.endswith("en")):
                r.slot = "adj"
                attached.append(r)
        for r in in_clause:
            if attached and r not in attached and r.i > attached[-1].i:
                between = [t.lower_ for t in doc[attached[-1].j : r.i]]
                if 0 < len(between) <= 2 and between[0] in ("und", "sowie"):
                    r.slot = attached[-1].slot
                    attached.append(r)
        if "adj" in trig.who and not any(r.slot in trig.who for r in attached):
            attached.extend(_country_adjectives(doc, cand, lo))
        if "zwischen" in trig.who and not any(r.slot in trig.who for r in attached):
            attached.extend(_adjectives_between(doc, cand, hi))
        if "gen" in trig.who and not any(r.slot in trig.who for r in attached):
            attached.extend(_country_genitive(doc, cand, hi))
        for slot in trig.who:
            if slot in ("gen", "von", "poss", "adj", "zwischen"):
                args.who.extend(r for r in attached if r.slot == slot)
        args.who = dedupe(args.who)
        args.whom = dedupe(r for r in attached if r.slot in trig.whom and r not in args.who)
        if args.who:
            return args
    stative = cand.j < len(doc) and doc[cand.j].lower_ in ("sein", "gewesen")
    aux = any(view.lows[k] in PASSIVE_AUX for k in range(lo - view.sent.start, hi - view.sent.start))
    # a participle clause with its agent: "entsandt von der Koalition der Willigen"
    agent_follows = cand.j < len(doc) and doc[cand.j].lower_ in ("von", "vom", "durch")
    passive = not stative and (
        (cand.participle and aux) or (agent_follows and doc[cand.i].lower_.endswith(("t", "en")))
    )
    if cand.kind == "NOUN" and in_phrase(doc, cand.i, lo):
        return args  # "bei der Zusammenkunft", "des Angriffskrieges": the clause subject is not its agent
    core = [r for r in in_clause if r.slot == "core" and not (cand.i <= r.i < cand.j and cand.kind == "NOUN")]
    if cand.kind == "NOUN":
        core = [r for r in core if not (r.i > cand.i and r.i - cand.j <= 4)]
    core = [r for r in core if not possessive(doc, r, core)]
    groups = coordinated_groups(doc, core)
    if passive:
        args.who = [r for r in in_clause if r.slot in ("von", "durch")]
        if groups and "obj" in trig.whom:
            args.whom = list(groups[0])
    else:
        if groups:
            args.who = list(groups[0])
            rest = [r for g in groups[1:] for r in g]
            if "obj" in trig.whom or "dat" in trig.whom:
                args.whom.extend(rest)
        elif "subj" in trig.who or cand.kind == "NOUN":
            args.who = _adjective_subject(doc, view, cand, lo)
            for k in range(lo, hi if not args.who else lo):
                # "sie" (she / they) is too ambiguous to resolve without a parser; "er" is not
                if doc[k].lower_ == "er":
                    ref = pronoun_actor(doc, doc[k], [r for r in refs if r.j <= view.sent.start] or refs)
                    if ref:
                        args.who = [ref]
                    break
                verb = doc[cand.j - 1] if cand.kind == "PHRASE" else doc[cand.i]
                if doc[k].lower_ == "sie" and cand.kind != "NOUN" and singular_verb(verb):
                    ref = institution_sie(doc, doc[k], actor_mentions(doc))
                    if ref:
                        args.who = [ref]
                    break
    for r in in_clause:
        if r in args.who or r in args.whom:
            continue
        if r.slot == "obj" and ("obj" in trig.whom or "dat" in trig.whom) or r.slot in trig.whom:
            args.whom.append(r)
    if not args.whom and not passive and cand.kind != "NOUN" and "obj" in trig.whom:
        # the owner of the object is its target: "bezeichnete die Rede von Vance als ...", "den Schritt der USA"
        args.whom = [r for r in in_clause if r.i > cand.i and r.slot in ("von", "gen") and r not in args.who][:1]
    if not args.whom and cand.kind != "NOUN" and "obj" in trig.whom:
        # "verurteilte den russischen Angriff", "Unterstützt würden die russischen Forderungen": the country
        # the object's adjective names is the target (of the active object or the passive subject)
        args.whom = _object_adjective(doc, cand, hi)
    args.who = dedupe(args.who)
    args.whom = [r for r in dedupe(args.whom) if r.ref not in {w.ref for w in args.who}]
    args.whom = [r for r in args.whom if not any(o is not r and o.i <= r.i and r.j <= o.j for o in args.whom)]
    return args


def find_args(doc: Doc, view: SentenceView, cand: Candidate, refs: list[MentionRef]) -> Args:
    """Word order and case marking first; the parse fills in when they find no agent.

    On the seeds the project's parser, trained on UD German GSD, linked agents less reliably than the
    clause heuristics (who F1 0.585 against 0.610), so it is the second opinion, not the first.
    """
    heur = heuristic_args(doc, view, cand, refs)
    if heur.who or not annotated(doc, "DEP") or cand.kind not in ("VERB", "SPLIT"):
        return heur
    dep = dep_args(doc, cand, [MentionRef(r.ref, r.mention, r.i, r.j, r.kind) for r in refs])
    if dep.who:
        if not dep.whom:
            dep.whom = [r for r in heur.whom if r.ref not in {w.ref for w in dep.who}]
        return dep
    return heur


def visited_country(doc: Doc, c: Candidate, where: list[MentionRef], args: Args) -> list[MentionRef]:
    """A visit to a place abroad is a visit to its country ("Besuch von Johnson in Kiew" -> Ukraine), when that
    country is an actor of the article; a visit at home names no host."""
    countries = {p.id: p.country for p in records.get(doc, "places")}
    own = {a.country for a in records.get(doc, "actors") if a.id in {r.ref for r in args.who}}
    if not own or None in own:
        return []  # without the visitor's country a domestic trip cannot be told from a foreign one
    for r in where:
        prep = doc[r.i - 1].lower_ if r.i > 0 else ""
        iso = countries.get(r.ref)
        if prep in ("in", "nach") and iso and iso not in own:
            actor = country_actor(doc, iso)
            if actor is not None:
                return [MentionRef(actor.id, r.mention, r.i, r.j, actor.type, slot="in", derived=True)]
    return []


def find_where(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef], args: Args) -> list[MentionRef]:
    sent_places = window(places, view.sent.start, view.sent.end)
    if not sent_places:
        return []
    lo, hi = view.clause_range(c.i)
    used = {(r.i, r.j) for r in args.who + args.whom}
    pool = []
    for p in sent_places:
        if not (lo <= p.i < hi) or (p.i, p.j) in used:
            continue
        classify(doc, p, max(lo, view.sent.start))
        coordinated = (
            pool
            and 0 < p.i - pool[-1].j <= 2
            and any(t.lower_ in ("und", "sowie", "oder") for t in doc[pool[-1].j : p.i])
        )
        if p.slot in LOCATIVE or (c.kind == "NOUN" and p.i == c.i) or coordinated:
            pool.append(p)  # "nach Deutschland und Polen": the second place shares the preposition
    out, seen = [], set()
    for p in pool:
        if p.ref not in seen:
            seen.add(p.ref)
            out.append(p)
    return out


def has_context(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef]) -> bool:
    lo, hi = view.clause_range(c.i)
    if any(lo <= p.i < hi for p in places):
        return True
    toks = timex_tokens(doc)[0]
    k = bisect.bisect_left(toks, lo)
    return k < len(toks) and toks[k] < hi
