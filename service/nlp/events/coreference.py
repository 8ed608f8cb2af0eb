"""Agents the clause leaves implicit: pronouns, the quoted speaker, shared and controlling subjects, "beide"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .. import records
from ..actors import actor_at
from ..quotes import speaker_at
from ..sentences import SentenceView, segment_at
from ..wordlists import table, words
from .lexicon import target_slots
from .mentions import MentionRef, actor_by_id, actor_mentions, kind_of, window
from .phrases import classify, coordinated_groups, is_title, singular_verb
from .triggers import Candidate, zu_infinitive

PRONOUNS = table("pronouns")
OBJECT_CONTROL = words("object_control")
SUBORDINATORS = words("subordinators")
POSSESSIVE_STEMS = {p + e for p in ("sein", "ihr") for e in ("", "e", "em", "en", "er", "es")}
PARTY_NOUNS = words("party_nouns")
NUMBER_WORDS = table("number_words")
OBJECT_PRONOUNS = table("object_pronouns")
PREPOSITION_SLOTS = table("prepositions")


def pronoun_actor(
    doc: Doc, tok: Token, as_pronoun: str | None = None, exclude: frozenset[str] = frozenset()
) -> MentionRef | None:
    """The actor a subject pronoun refers back to: the actors component's reading first, else by salience.

    "er" is a person not known to be a woman, singular "sie" a woman or an institution. The candidates are the
    mentions before the pronoun in its own sentence, then in up to three sentences before; within a sentence the
    first fitting unmarked phrase (the subject) wins over the others, and a nearer sentence over a farther one.
    """
    hit = actor_at(doc, tok.idx, tok.idx + len(tok.text))
    if hit and hit[0] not in exclude:
        actor_id, mention = hit
        return MentionRef(actor_id, mention, tok.i, tok.i + 1)
    low = as_pronoun or tok.lower_
    every = actor_mentions(doc)
    sent = segment_at(doc, tok.i)
    lo, hi = sent.start, tok.i
    for _step in range(4):
        fitting = [r for r in window(every, lo, hi) if r.j <= hi and r.ref not in exclude and _fits(doc, r, low)]
        if fitting:
            for r in fitting:
                classify(doc, r, lo)
            best = next((r for r in fitting if r.slot == "core"), fitting[0])
            if low == "sie" and kind_of(doc, best.ref) == "ORG" and _unknown_person(doc, every, lo, hi):
                return None  # "Die Opposition lobte Meloni. Sie ...": she may be the referent, no guess
            return MentionRef(best.ref, best.mention, best.i, best.j, best.kind)
        if lo == 0:
            break
        prev = segment_at(doc, lo - 1)
        lo, hi = prev.start, prev.end
    return None


def _unknown_person(doc: Doc, every: list[MentionRef], lo: int, hi: int) -> bool:
    """A single person of unknown gender is named in lo..hi."""
    people = [r for r in window(every, lo, hi) if kind_of(doc, r.ref) == "PERSON" and not _group(doc, r.ref)]
    return any(genders(doc).get(r.ref) is None and not _plural(doc, r.ref) for r in people)


def possessor(doc: Doc, noun_i: int, lo: int) -> list[MentionRef]:
    """The owner a possessive determiner before a noun refers back to: "bei seinem Besuch" (his: a man or a person
    of unknown gender), "ihr Treffen" (hers or an institution's, else theirs)."""
    k = noun_i - 1
    while k >= lo and doc[k].text[:1].islower() and doc[k].lower_ not in POSSESSIVE_STEMS and k > noun_i - 3:
        k -= 1  # adjectives: "bei seinem ersten Besuch"
    if k < lo:
        return []
    low = doc[k].lower_
    if low.startswith("sein"):
        ref = pronoun_actor(doc, doc[k], as_pronoun="er")
        return [ref] if ref else []
    if low.startswith("ihr"):
        ref = pronoun_actor(doc, doc[k], as_pronoun="sie")
        return [ref] if ref else plural_antecedent(doc, doc[k])
    return []


def plural_antecedent(doc: Doc, tok: Token) -> list[MentionRef]:
    """What plural "sie" refers back to: the last coordinated subjects ("Trump und Kim ... Sie"), else the last
    group named ("Die Separatisten ... sie"), in its own sentence before it or in up to two sentences before."""
    every = actor_mentions(doc)
    sent = segment_at(doc, tok.i)
    lo, hi = sent.start, tok.i
    for _step in range(3):
        refs = [r for r in window(every, lo, hi) if r.j <= hi]
        for r in refs:
            classify(doc, r, lo)
        groups = [g for g in coordinated_groups(doc, [r for r in refs if r.slot == "core"]) if len(g) > 1]
        if groups:
            return [MentionRef(r.ref, r.mention, r.i, r.j, r.kind) for r in groups[0]]
        crowd = next((r for r in refs if _group(doc, r.ref) or _plural(doc, r.ref)), None)
        if crowd is not None:
            return [MentionRef(crowd.ref, crowd.mention, crowd.i, crowd.j, crowd.kind)]
        if lo == 0:
            break
        prev = segment_at(doc, lo - 1)
        lo, hi = prev.start, prev.end
    return []


def _plural(doc: Doc, actor_id: str) -> bool:
    """A group actor without a count ("Separatisten"): its name is its label, its roles say so."""
    actor = actor_by_id(doc).get(actor_id)
    return actor is not None and actor.type == "PERSON" and actor.roles == [actor.name]


def _fits(doc: Doc, ref: MentionRef, pronoun: str) -> bool:
    """Whether a mention can be what the pronoun refers to, by actor type and what the text says of gender."""
    kind = kind_of(doc, ref.ref)
    gender = genders(doc).get(ref.ref)
    if pronoun == "er":
        return kind == "PERSON" and gender != "f" and not _group(doc, ref.ref)
    if pronoun == "sie":
        return (kind == "PERSON" and gender == "f") or kind == "ORG"
    if pronoun == "es":
        return kind == "GPE"  # "Russland habe einen Fehler begangen, als es einmarschiert sei"
    return False


def _group(doc: Doc, actor_id: str) -> bool:
    actor = actor_by_id(doc).get(actor_id)
    return actor is not None and actor.count is not None


def genders(doc: Doc) -> dict[str, str]:
    """Actor id -> "f" or "m" where the text shows it: a feminine or masculine title right before a mention
    ("Kanzlerin Merkel", "Außenminister Wadephul"), or Frau/Herr; built once per Doc."""
    mentions = actor_mentions(doc)

    def build() -> dict[str, str]:
        out: dict[str, str] = {}
        for r in mentions:
            if r.kind != "PERSON" or r.ref in out:
                continue
            words = [doc[k].text for k in range(max(0, r.i - 2), min(r.j, r.i + 1))]
            for word in reversed(words):
                if word in ("Frau",):
                    out[r.ref] = "f"
                    break
                if word in ("Herr", "Herrn"):
                    out[r.ref] = "m"
                    break
                if is_title(word):
                    out[r.ref] = "f" if word.endswith(("in", "innen")) else "m"
                    break
        return out

    return records.derived(doc, "news_events.genders", mentions, build)


def institution_sie(doc: Doc, tok: Token, actors: list[MentionRef]) -> MentionRef | None:
    """Singular "sie" with a singular verb: the last institution named before ("die Regierung ... sie lehnt").

    A person mentioned in between stops the search: without gender information she may be the referent.
    """
    limit = segment_at(doc, tok.i).start
    prev = segment_at(doc, limit - 1).start if limit > 0 else 0
    for ref in reversed([r for r in window(actors, prev, tok.i) if r.j <= tok.i]):
        kind = kind_of(doc, ref.ref)
        if kind == "ORG":
            return MentionRef(ref.ref, ref.mention, ref.i, ref.j, ref.kind)
        if kind == "PERSON":
            return (
                MentionRef(ref.ref, ref.mention, ref.i, ref.j, ref.kind) if genders(doc).get(ref.ref) == "f" else None
            )
    return None


def implicit_who(
    doc: Doc,
    view: SentenceView,
    c: Candidate,
    refs: list[MentionRef],
    events: list[records.Event],
    sent_events: list[tuple[Candidate, records.Event]],
) -> list[MentionRef]:
    """Agents the clause leaves unsaid but the text gives: the quoted speaker, a shared or controlling subject."""
    trig = c.trigger
    zu = zu_infinitive(doc, c)
    # a participle with "zu haben" is a perfect infinitive, no passive
    if "speaker" in trig.who or (c.participle and c.kind == "VERB" and not zu):
        spk = speaker_at(doc, doc[c.i].idx)
        if spk and ("speaker" in trig.who or kind_of(doc, spk[0]) in ("ORG", "GPE")):
            # an agentless passive announced by an institution ("sollen ... verlegt werden, wie das Pentagon
            # mitteilte") is that institution's act
            return [MentionRef(spk[0], spk[1], c.i, c.j)]
    if c.kind == "NOUN":
        return []
    lo, hi = view.clause_range(c.i)
    # "beide" takes up the last two coordinated actors ("die USA und die Nato ... beide")
    if any(doc[k].lower_ in ("beide", "beiden") for k in range(lo, hi)):
        pair = _last_pair(
            doc, _ending_before(actor_mentions(doc), c.i, view.sent.start_char - 600), view.sent.start_char - 600
        )
        if pair:
            return [MentionRef(r.ref, r.mention, c.i, c.j) for r in pair]
        # else the two parties of the happening just reported ("X sprach mit Y. Beide ...")
        if events and view.sent.start_char - events[-1].sentence[1] <= 3:
            parties = events[-1].who + events[-1].whom
            if len({a.actor for a in parties}) == 2:
                return [MentionRef(a.actor, a.mention, c.i, c.j) for a in parties]
    # "Danach sollten die Delegationen weiterverhandeln": the parties of the latest happening with several agents
    if any(doc[k].text in PARTY_NOUNS and k > lo and _party_determiner(doc, k, lo) for k in range(lo, hi)):
        latest = latest_with_several_agents(events, view.sent.start_char, 400)
        if latest is not None:
            return [MentionRef(a.actor, a.mention, c.i, c.j) for a in latest.who]
    # plural "sie" in a subordinate clause takes up the agents of the happening the main clause reported
    # ("führten Telefonate mit Putin, in denen sie ihn ... aufriefen")
    verb = doc[c.j - 1] if c.kind == "PHRASE" else doc[c.i]
    if sent_events and lo > view.sent.start and not singular_verb(verb):
        lows = [doc[k].lower_ for k in range(lo, min(hi, lo + 4)) if not doc[k].is_punct]
        if "sie" in lows and lows[0] in SUBORDINATORS | {"in", "mit", "bei"}:
            pev = sent_events[-1][1]
            if pev.who:
                return [MentionRef(a.actor, a.mention, c.i, c.j) for a in pev.who]
    # a coordinated verb phrase or a zu-infinitive shares the subject of the verb before it; the object of an
    # object-control verb ("beschuldigt Russland, ... bombardiert zu haben") is the infinitive's subject
    for pc, pev in reversed(sent_events):
        if pc.kind != "NOUN" and pev.who and pc.i < c.i:
            if zu and pev.whom and pc.trigger.lemma.replace("|", "") in OBJECT_CONTROL:
                return [MentionRef(a.actor, a.mention, c.i, c.j) for a in pev.whom]
            return [MentionRef(a.actor, a.mention, c.i, c.j) for a in pev.who]
    if (c.i > lo or lo == view.sent.start) and not zu:
        return []
    # the clause before: its first unmarked actor controls the infinitive or the subjectless conjunct
    plo = view.sent.start
    prev_refs = [r for r in refs if plo <= r.i < lo]
    for r in prev_refs:
        classify(doc, r, plo)
    core = [r for r in prev_refs if r.slot == "core"]
    return core[:1]


def _ending_before(refs: list[MentionRef], i: int, min_char: int) -> list[MentionRef]:
    """The refs ending by token i, cut at the front to what _last_pair reads: it walks back from the end and
    stops at the first ref that starts before min_char, so earlier refs never matter."""
    out = []
    for r in reversed(window(refs, 0, i)):
        if r.j <= i:
            out.append(r)
            if r.mention.start < min_char:
                break
    out.reverse()
    return out


def _last_pair(doc: Doc, before: list[MentionRef], min_char: int) -> list[MentionRef] | None:
    for a, b in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
        if a.mention.start < min_char:
            break
        between = [t.lower_ for t in doc[a.j : b.i]]
        if a.ref != b.ref and 0 < len(between) <= 3 and "und" in between:
            return [a, b]
    return None


def object_pronoun_targets(doc: Doc, view: SentenceView, c: Candidate, who: list[MentionRef]) -> list[MentionRef]:
    """The target a personal pronoun object stands for ("Merkel hatte ihn gedrängt", "Peking wirft ihnen vor",
    "verlangte von ihm"): the man or the group named before, never the clause's own agent. The pronoun must fill
    a slot of the trigger's frame: bare for an object, after its preposition for a prepositional one."""
    lo, hi = view.clause_range(c.i)
    slots = {*c.trigger.whom, *target_slots(c.trigger.type)}
    own = frozenset(r.ref for r in who)
    for k in range(lo, hi):
        kind = OBJECT_PRONOUNS.get(doc[k].lower_)
        if kind is None or c.i <= k < c.j:
            continue
        slot = PREPOSITION_SLOTS.get(doc[k - 1].lower_) if k > lo else None
        if not (slot in slots if slot else slots & {"obj", "dat"}):
            continue
        if kind == "plural":
            found = [r for r in plural_antecedent(doc, doc[k]) if r.ref not in own]
        else:
            ref = pronoun_actor(doc, doc[k], as_pronoun=kind, exclude=own)
            found = [ref] if ref else []
        return [MentionRef(r.ref, r.mention, c.i, c.j, r.kind) for r in found]
    return []


def _party_determiner(doc: Doc, k: int, lo: int) -> bool:
    """The party noun at k opens with "die" or "beide(n)", a count between allowed ("die drei Staaten")."""
    before = doc[k - 1]
    if (before.like_num or before.lower_ in NUMBER_WORDS) and k - 1 > lo:
        before = doc[k - 2]
    return before.lower_ in ("die", "beide", "beiden")


def latest_with_several_agents(events: list[records.Event], s_char: int, reach: int) -> records.Event | None:
    """The latest happening with two or more agents that ended within `reach` characters before s_char: the parties
    a plural noun ("die Delegationen", "die beiden Rivalen") takes up."""
    return next(
        (e for e in reversed(events) if 0 <= s_char - e.sentence[1] <= reach and len({a.actor for a in e.who}) > 1),
        None,
    )
