"""news_events: the component that runs the steps in order, sentence by sentence, and stores the events."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .. import records
from ..polarity import polarity_in
from ..sentences import SentenceView, is_heading, is_title, segments
from ..wordlists import words
from .anchoring import event_time
from .arguments import find_args, reciprocal_targets
from .coreference import implicit_who
from .factuality import Cues, modality, negated
from .lexicon import Lexicon
from .mentions import MentionRef, actor_arg, actor_mentions, place_mentions, window
from .phrases import definite, possessive, title_holders
from .reactions import context_targets
from .targets import implied_targets
from .triggers import (
    Candidate,
    absorbed_by,
    characterised,
    find_candidates,
    needs_ok,
    noun_host,
    time_reference,
    unreported,
)
from .where import find_where, has_context, visited_country, visited_places

log = logging.getLogger(__name__)
COORD = words("list_conjunctions")
# what is only demanded ("der Vorstand muss noch zustimmen", "verlangte den Abzug") or possible ("könnten sich
# anschließen") has not happened and is not planned: the guidelines annotate only reported or planned happenings
UNREAL = {"demanded", "possible"}


def _clause_polarity(doc: Doc, view: SentenceView, cand: Candidate) -> float:
    # the evaluation follows the verb: "bezeichnete die Rede als 'nicht akzeptabel'"
    return polarity_in(doc, cand.i + 1, view.sent.end)


def extract(doc: Doc, lex: Lexicon, cues: Cues) -> list[records.Event]:
    """All events of a document, in text order."""
    doc.user_data["news_events.annotated"] = {}  # filled on first use; the annotations do not change in here
    try:
        return _extract(doc, lex, cues)
    finally:
        doc.user_data.pop("news_events.annotated", None)


def _extract(doc: Doc, lex: Lexicon, cues: Cues) -> list[records.Event]:
    actors = actor_mentions(doc)
    places = place_mentions(doc)
    events: list[records.Event] = []
    absorbed_types: dict[str, str] = {}
    headings: list[tuple[int, int]] = []
    title: set[int] = set()  # events of the headline
    unreal: set[int] = set()  # events only demanded or possible
    repeated: set[int] = set()  # a happening named twice in a clause
    dating: set[int] = set()  # trigger nouns that date something else ("nach dem Treffen")
    event_types_seen: set[str] = set()
    for sent in segments(doc):
        if len(sent) == 0 or len(sent) > 400:
            continue
        view = SentenceView(sent)
        cands = find_candidates(doc, view, lex)
        if not cands:
            continue
        verbs = [c for c in cands if c.kind != "NOUN"]
        stating = [c for c in verbs if c.kind != "PHRASE" and c.trigger.type in ("EVAL", "ACCUSE", "SUPPORT")]
        if stating:
            # "bezeichnete den Plan als 'inakzeptabel'": the verb states the evaluation, the phrase is its content
            cands = [c for c in cands if not (c.kind == "PHRASE" and "speaker" in c.trigger.who)]
        kept: list[tuple[Candidate, str | None]] = []
        for c in cands:
            if unreported(doc, view, c, verbs) or _restated(doc, view, c, kept):
                continue
            if c.kind == "NOUN" and (_conjunct(doc, c, kept) or characterised(doc, view, c)):
                continue
            if c.kind == "NOUN":
                host = absorbed_by(doc, view, c, verbs) or noun_host(doc, c, [n for n, _ in kept if n.kind == "NOUN"])
                if host is not None:
                    absorbed_types.setdefault(f"{host.i}", c.trigger.type)
                    continue
            kept.append((c, None))
        sent_refs = window(actors, sent.start, sent.end)
        sent_events: list[tuple[Candidate, records.Event]] = []
        for c, _ in kept:
            etype, base = c.trigger.type, {"PHRASE": 0.55, "SPLIT": 0.5, "VERB": 0.5, "NOUN": 0.35}[c.kind]
            if c.needs_used:
                base -= 0.1
            if etype == "EVAL":
                pol = _clause_polarity(doc, view, c)
                if abs(pol) < 0.2:
                    continue
                etype = "ACCUSE" if pol < 0 else "SUPPORT"
                base -= 0.1
            refs = [MentionRef(r.ref, r.mention, r.i, r.j, r.kind) for r in sent_refs]
            args = find_args(doc, view, c, refs)
            if not args.who:
                args.who = implicit_who(doc, view, c, refs, events, sent_events)
                reciprocal_targets(view, c, args)
            args.who = title_holders(doc, [r for r in args.who if not possessive(doc, r, args.who)], refs)
            if not args.whom:
                args.whom = implied_targets(doc, view, c, refs, args, places, lex, sent_events)
            if not args.whom:
                args.whom = context_targets(doc, view, c, lex, events, sent_events, args)
            # a bare noun ("das zweite Treffen in Folge") with nothing of its frame is rarely a new event
            # (an agent read off an adjective alone does not make it one: "die amerikanische Hilfe" in passing)
            stated = [r for r in args.who if not r.derived]
            if c.kind == "NOUN" and not stated and not args.whom and not has_context(doc, view, c, places):
                continue
            # a definite noun takes up a happening already reported ("die Konferenz", "nach dem Telefonat")
            # unless the sentence adds its own participants or date to it
            if (
                c.kind == "NOUN"
                and definite(doc, c.i, view.sent.start)
                and etype in event_types_seen
                and not any(c.i - 2 <= r.i <= c.j + 5 for r in args.who)
                and not has_context(doc, view, c, [])
            ):
                continue
            where = find_where(doc, view, c, places, args)
            if c.trigger.mode == "visit" and args.who:
                # the visitor is who, the host whom, the destination where (PLOVER's visit rule)
                if not args.whom:
                    args.whom = visited_country(doc, c, where, args)
                elif not where or where[0].mention.start < view.sent.start_char:
                    where = visited_places(doc, args) or where
            when = event_time(doc, view, c, events)
            conf = base + (0.25 if args.who else 0) + (0.05 if args.parsed and args.who else 0)
            conf += 0.05 * bool(args.whom) + 0.05 * bool(where) + 0.05 * bool(when)
            end_tok = c.j - 1
            trig_mention = records.Mention.of(doc, doc[c.i].idx, doc[end_tok].idx + len(doc[end_tok].text))
            ev = records.Event(
                id=f"e{len(events) + 1}",
                type=etype,
                trigger=trig_mention,
                sentence=(sent.start_char, sent.end_char),
                negated=negated(doc, view, c, cues),
                modality=modality(doc, view, c, cues),
                mode=c.trigger.mode,
                cameo=c.trigger.cameo,
                who=[actor_arg(doc, r) for r in args.who],
                whom=[actor_arg(doc, r) for r in args.whom],
                where=[records.PlaceArg(r.ref, r.mention) for r in where],
                when=when,
                confidence=round(max(0.05, min(0.95, conf)), 2),
            )
            if c.kind == "PHRASE" and ev.negated and any(cues.is_negation(w) for w in c.trigger.words):
                ev.negated = False
            sent_events.append((c, ev))
            if ev.modality in UNREAL:
                unreal.add(len(events))
            if time_reference(doc, view, c):
                dating.add(len(events))
            if is_title(sent):
                title.add(len(events))
            elif is_heading(sent):
                headings.append((len(events), sent.end_char))
            if f"{c.i}" in absorbed_types:
                doc.user_data.setdefault("news_events.absorbed", {})[ev.trigger.start] = absorbed_types[f"{c.i}"]
            events.append(ev)
            event_types_seen.add(ev.type)
        repeated |= _named_twice(doc, view, sent_events, events)
    # dropped only now: an event that is not reported as happening still lends its actors and time to the next
    dropped = title | unreal | repeated
    return _drop_repeated_headings(events, headings, dropped | _reported_elsewhere(events, dating, dropped))


def _reported_elsewhere(events: list[records.Event], dating: set[int], dropped: set[int]) -> set[int]:
    """A trigger noun that dates something else ("zwei Tage nach dem Abschuss", "nach stundenlangen Verhandlungen")
    names a happening the text reports in its own right when it reports one of its type in another sentence: that
    report is the event (the guidelines keep one entry per happening, the one with most information)."""
    reports = [e for n, e in enumerate(events) if n not in dating and n not in dropped]

    def agree(a: list[records.ActorArg], b: list[records.ActorArg]) -> bool:
        return not a or not b or bool({x.actor for x in a} & {x.actor for x in b})

    def same(a: records.Event, b: records.Event) -> bool:
        # its type and mode, in another sentence, with no other agent or target where both name one ("nach dem
        # Besuch von Johnson in Kiew" is neither the visit of another nor Johnson's call to Putin told later)
        modes = not a.mode or not b.mode or a.mode == b.mode  # a visit is no phone call
        return a.type == b.type and a.sentence != b.sentence and modes and agree(a.who, b.who) and agree(a.whom, b.whom)

    return {n for n in dating if any(same(events[n], r) for r in reports)}


def _conjunct(doc: Doc, c: Candidate, kept: list[tuple[Candidate, str | None]]) -> bool:
    """A trigger noun joined to the one before it of its type by a conjunction names the same happening in parts
    ("verstärkte ihre Luftangriffe und Bodenoffensiven")."""
    if not kept or c.i < 2 or doc[c.i - 1].lower_ not in COORD:
        return False
    prev = kept[-1][0]
    return prev.kind == "NOUN" and prev.j == c.i - 1 and prev.trigger.type == c.trigger.type


def _named_twice(
    doc: Doc, view: SentenceView, sent_events: list[tuple[Candidate, records.Event]], events: list[records.Event]
) -> set[int]:
    """A phrase and a verb of its type in one clause name one happening ("gibt Russland die Schuld", "wurde in
    höchste Alarmbereitschaft versetzt", "drohte mit Vergeltung"): of the two, the one with more participants
    stays. The positions in `events` of those to drop."""
    index = {id(ev): n for n, ev in enumerate(events)}
    drop = set()
    for p, pev in sent_events:
        if p.kind != "PHRASE":
            continue
        for v, vev in sent_events:
            if v.kind in ("VERB", "SPLIT") and vev.type == pev.type and view.sub_range(v.i) == view.sub_range(p.i):
                richer = (len(pev.who) + len(pev.whom)) - (len(vev.who) + len(vev.whom))
                # on a tie, a light verb (one that needs the phrase's noun: "in Alarmbereitschaft versetzen") gives
                # way to the phrase with the noun; a full verb ("drohte mit Vergeltung") does not
                nouns = [t.lower_ for t in doc[p.i : p.j] if t.text[:1].isupper()]
                # (a gapped phrase, "sanktion* … verabschiedet*", marks only its first word: the verb says more)
                light = v.needs_used and needs_ok(v.trigger, nouns) and "…" not in p.trigger.words
                drop.add(index[id(vev)] if richer > 0 or (richer == 0 and light) else index[id(pev)])
                break
    return drop


def _restated(doc: Doc, view: SentenceView, c: Candidate, kept: list[tuple[Candidate, str | None]]) -> bool:
    """A verb of the type of a verb before it in the sentence, as its purpose ("kamen zusammen, um darüber zu
    beraten", "reist nach Oslo, um die Truppe zu besuchen"): the same happening."""
    if c.kind == "NOUN":
        return False
    for k, _ in kept:
        if k.kind == "NOUN" or k.trigger.type != c.trigger.type or k.i >= c.i:
            continue
        lo, _hi = view.clause_range(c.i)
        zu = doc[c.i - 1].lower_ == "zu" or "zu" in doc[c.i].lower_[2:-2]
        if zu and view.lows[lo - view.sent.start] in ("um", ","):
            return True
    return False


def _same_word(a: records.Event, b: records.Event) -> bool:
    """Two triggers that share their first five letters name the same happening ("verhängt", "verhängte")."""
    return a.trigger.text[:5].lower() == b.trigger.text[:5].lower()


def _drop_repeated_headings(
    events: list[records.Event], headings: list[tuple[int, int]], title: set[int]
) -> list[records.Event]:
    """A heading event repeated by the following text is the same happening, reported once (by the text). The
    headline's events are all dropped: a report tells in its text what its headline sums up, with the actors and
    the day the headline leaves out (the guidelines keep one entry per happening, the one with most information)."""
    drop = set(title)
    for idx, end in headings:
        head = events[idx]
        for other in events[idx + 1 :]:
            if other.sentence[0] >= end and (other.type == head.type or _same_word(head, other)):
                drop.add(idx)
                break
    kept = [e for k, e in enumerate(events) if k not in drop]
    for n, e in enumerate(kept, 1):
        e.id = f"e{n}"
    return kept


class EventExtractor:
    """Sets doc._.events (list[records.Event])."""

    def __init__(self, nlp: Language, name: str) -> None:
        records.register_extensions()
        self.name = name
        self.lexicon = Lexicon()
        self.cues = Cues.load()

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Each Doc gets its events; a failure costs that Doc its events only, recorded under the failure policy."""
        from ..component import guarded  # imported here: this method is the policy's only use in the module

        for doc in docs:
            doc._.events = guarded(doc, self.name, lambda doc=doc: extract(doc, self.lexicon, self.cues), [])
            yield doc


@Language.factory("news_events", default_config={})
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
