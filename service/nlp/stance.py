"""news_stance: who evaluates which event or actor how, and with which words.

A stance is an explicit evaluation by an actor of the text (the holder); the journalist's own wording is none.
Four kinds of evidence, all from data/stance/evaluative.tsv (read by service.nlp.polarity):
- an evaluative verb, its subject the holder: begrüßen, loben, kritisieren, verurteilen, warnen (vor), wies ...
  zurück, sprach sich gegen ... aus; negation flips it (lehnte den Plan nicht ab);
- a frame verb whose complement carries the evaluation: nannte X einen Fehler, sprach von einem Durchbruch, hält X
  für falsch, bezeichnete X als inakzeptabel;
- a stated attitude: zeigte sich besorgt, reagierte mit Erleichterung (its subject), Kritik / Lob / Sorge (the
  subject that voices it, its genitive or 'von'-phrase, its possessor);
- polar words and phrases in someone's speech (news_quotes' attributions: direct quotes, reported speech, so X,
  laut X): the speaker's evaluation ("Das ist ein Rückschlag", sagte X).
Criticism news_events found that none of these covers (an ACCUSE verb such as "griff ... polternd an") is its
agent's stance too. One stance per holder, sentence and polarity, except that each evaluating verb is its own
evaluation: several cues of one evaluation are one stance, the strongest cue its `cue`. The target is the event
the evaluation is about (one in the same sentence that is not the evaluation, else the latest before), else an
actor named in the evaluated words.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from . import records
from .actors import mention_tokens
from .component import ListComponent
from .polarity import Cue, Lexicon, Predicate, cues_in, grammar, score
from .quotes import (
    Attribution,
    _clause_bounds,
    _view,
    attributions,
    doc_quotes,
    has_particle,
    inside,
    is_passive,
    oblique,
    phrase_head,
    refs_in,
    source_of,
    subject_of,
)
from .sentences import segment_at
from .wordlists import words

NEUTRAL_BAND = 0.25
VERB_TAGS = {"VVFIN", "VVPP", "VVINF", "VVIZU", "VAFIN", "VMFIN", "ADJD"}


# ---------------------------------------------------------------- candidates


@dataclass
class Candidate:
    holder: str
    score: float
    cue: tuple[int, int]  # token span
    sent: int  # first token of the sentence
    kind: str  # verb | frame | state | attitude | speech
    target_actor: str | None = None
    source: int = -1  # the evaluating verb or word (its own event is no target)
    unit: int = -1  # a verb's sub-clause (first token): each evaluating verb is its own evaluation

    @property
    def polarity(self) -> str:
        return _polarity(self.score)


def _polarity(value: float) -> str:
    if value >= NEUTRAL_BAND:
        return "positive"
    if value <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def _quoted(doc: Doc, k: int) -> bool:
    return inside(doc_quotes(doc), doc[k].idx)


def _negated_clause(doc: Doc, k: int, lo: int, hi: int) -> bool:
    """A negator in the verb's clause that negates it: after the verb up to the clause end (lehnte das nicht ab),
    or right before a clause-final verb (weil sie den Plan nicht begrüße); "nicht nur" negates nothing."""
    negators = words("negators")
    span = list(range(k + 1, hi)) + list(range(max(lo, k - 3), k))
    for q in span:
        low = doc[q].lower_
        if low in negators and not (q + 1 < len(doc) and doc[q + 1].lower_ in grammar("not_negating")):
            if q > k and doc[q].pos_ == "DET" and low.startswith("kein"):
                continue  # "kritisierte, keine Hilfe" is content; "kein" before an object negates the object
            return True
    return False


def _greeting(doc: Doc, k: int, lo: int, hi: int, refs: list, holder: str) -> bool:
    """A verb whose object is a person: begrüßen as welcoming ("begrüßte Macron im Kanzleramt", "begrüßten sich"),
    zurückweisen as turning people back ("wiesen 300 Migranten zurück"), not evaluating. The object is a person
    actor of the clause that is not the holder, governed by no preposition and no possessor ("Macrons Vorschlag")."""
    for q in range(k + 1, min(hi, k + 3)):
        if doc[q].lower_ in grammar("greeted"):
            return True
    for r in refs_in(refs, lo, hi):
        if r[2] == holder or r[4] != "PERSON" or r[0] <= k < r[1] or oblique(doc, r[0], lo):
            continue
        possessor = doc[r[1] - 1].text.endswith("s") and r[1] < hi and doc[r[1]].pos_ == "NOUN"
        if not possessor:
            return True
    return False


def _prep_in_clause(doc: Doc, prep: str, lo: int, hi: int) -> bool:
    return any(doc[q].lower_ == prep for q in range(lo, hi))


def _predicate(doc: Doc, lex: Lexicon, k: int, lo: int, hi: int) -> Predicate | None:
    """The evaluative or frame entry the verb at token k is, with its particle and preposition present."""
    tok = doc[k]
    if tok.tag_ and tok.tag_ not in VERB_TAGS and tok.pos_ != "VERB" and tok.lower_ not in lex.forms:
        return None
    entries = lex.predicates_of(tok)
    if not entries:
        return None
    fitting = []
    for e in entries:
        if e.particle and not has_particle(doc, k, hi, e.particle):
            continue
        if e.prep and not _prep_in_clause(doc, e.prep, lo, hi):
            continue
        if e.reflexive and not any(doc[q].lower_ in grammar("reflexive") for q in range(lo, hi)):
            continue
        fitting.append(e)
    if not fitting:
        return None
    # a preposition-specific entry wins over the general one (sich aussprechen gegen; stellen hinter)
    fitting.sort(key=lambda e: (not e.prep, e.kind != "verb"))
    return fitting[0]


def _holder(
    doc: Doc, k: int, att: Attribution, refs: list, recent: Attribution | None, events_by_token: dict
) -> tuple[str, records.Mention] | None:
    """Who holds an evaluation voiced by the verb (or predicative word) at token k: its subject; in a direct quote
    with a first-person or no subject, the speaker; else the agent news_events linked to the same trigger."""
    quoted = _quoted(doc, k)
    lo, hi = _clause_bounds(doc, k)
    if is_passive(doc, k, lo, hi):
        return subject_of(doc, k, refs, recent)  # the 'von'-agent or nobody
    first_person = any(doc[q].lower_ in grammar("first_person") for q in range(lo, min(len(doc), k + 3)))
    if quoted and first_person and att.speaker and att.mention:
        return att.speaker, att.mention
    hit = subject_of(doc, k, refs, recent)
    if hit:
        return hit
    ev = events_by_token.get(k)
    if ev is not None and ev.who:
        return ev.who[0].actor, ev.who[0].mention
    if (quoted or att.reported) and att.speaker and att.mention and not _introduces_speech(doc, k, att):
        return att.speaker, att.mention
    return None


def _introduces_speech(doc: Doc, k: int, att: Attribution) -> bool:
    """The verb at k governs the clause the speaker speaks in ("begrüßte, dass X zugesagt habe"): its subject is
    someone else, so the speaker holds none of its evaluation."""
    if att.cue_span is None or att.cue_span[0] <= k:
        return False
    return any(doc[q].lower_ in words("subordinators") for q in range(k + 1, att.cue_span[0] + 1))


def _finite_before(doc: Doc, k: int, lo: int) -> int:
    """The finite verb of a predicative word's clause (zeigte sich besorgt): the last verb before it, else k."""
    for q in range(k - 1, lo - 1, -1):
        if doc[q].pos_ in ("VERB", "AUX"):
            return q
    return k


def _complement(doc: Doc, k: int, prep: str) -> tuple[int, int]:
    """The words a frame verb evaluates with: the rest of its clause (through a quote opened in it, up to a
    coordinated second verb: "sprach von X und nannte Y"), from its preposition on when it has one; for a
    clause-final verb the words before it ("…, das er als Fehler bezeichnete")."""
    view = _view(doc, segment_at(doc, k))
    lo, hi = view.clause_range(k)
    quotes = doc_quotes(doc)
    end = hi
    if end > k + 1 and inside(quotes, doc[end - 1].idx):
        sent_end = segment_at(doc, k).end
        while end < sent_end and inside(quotes, doc[end].idx):
            end += 1
    coordinators = words("coordinators")
    for q in range(k + 1, end):
        later_verb = any(doc[p].pos_ == "VERB" and doc[p].tag_ == "VVFIN" for p in range(q + 1, end))
        if doc[q].lower_ in coordinators and not inside(quotes, doc[q].idx) and later_verb:
            end = q
            break
    start = k + 1
    content = [q for q in range(start, end) if not doc[q].is_punct and doc[q].tag_ != "PTKVZ"]
    if not content:  # verb-final
        start, end = lo, k
    if prep:
        at = [q for q in range(start, end) if doc[q].lower_ == prep]
        if at:
            start = at[0]
            while start - 1 > k and doc[start - 1].lower_ in words("negators"):
                start -= 1  # "hält das nicht für nötig"
    return start, end


def _best(cues: list[Cue]) -> Cue:
    return max(cues, key=lambda c: (c.phrase, abs(c.score)))


def _target_actor(doc: Doc, refs: list, lo: int, hi: int, holder: str) -> str | None:
    others = [r for r in refs_in(refs, lo, hi) if r[2] != holder]
    return others[0][2] if others else None


def _candidates(doc: Doc, lex: Lexicon, events: list[records.Event]) -> list[Candidate]:
    atts = attributions(doc)
    refs = mention_tokens(doc)
    events_by_token: dict[int, records.Event] = {}
    for ev in events:
        span = records.tokens_of(doc, ev.trigger.start, ev.trigger.end)
        if span is not None:
            for t in span:
                events_by_token.setdefault(t.i, ev)
    out: list[Candidate] = []
    seen_predicates: set[int] = set()
    recent: Attribution | None = None
    for att in atts:
        s_lo, s_hi = att.sent
        if s_hi <= s_lo:
            continue
        used: set[int] = set()
        here: list[Candidate] = []
        # evaluative and frame verbs
        view = _view(doc, segment_at(doc, s_lo))
        for k in range(s_lo, s_hi):
            if not doc[k].is_alpha:
                continue
            view_lo, view_hi = view.clause_range(k)
            entry = _predicate(doc, lex, k, view_lo, view_hi)
            if entry is None:
                continue
            lo, hi = _clause_bounds(doc, k)
            seen_predicates.add(k)
            holder = _holder(doc, k, att, refs, recent, events_by_token)
            if holder is None:
                continue
            if entry.lemma in grammar("person_object_neutral") and _greeting(doc, k, lo, hi, refs, holder[0]):
                continue  # "begrüßte Macron", "Migranten zurückweisen": welcoming or turning back people
            c_lo, c_hi = _complement(doc, k, entry.prep or ("als" if entry.kind != "verb" else ""))
            comp = [c for c in cues_in(doc, c_lo, c_hi) if not (c.i <= k < c.j)]
            comp = [c for c in comp if not _is_actor_word(doc, refs, c)]
            if entry.kind == "role_frame":  # "gilt als scharfer Kritiker": only a role noun says a stance
                comp = [c for c in comp if doc[c.j - 1].lower_ in lex.roles]
            if entry.kind in ("frame", "role_frame"):
                if not comp:
                    continue
                value = score(comp)
                if abs(value) < NEUTRAL_BAND:
                    continue
                best = _best([c for c in comp if (c.score > 0) == (value > 0)] or comp)
                cue = (best.i, best.j)
            else:
                value = entry.polarity or 0.0
                if _negated_clause(doc, k, view_lo, view_hi):
                    if value < 0:  # "kritisierte nicht", "schloss nicht aus": no evaluation either way
                        continue
                    value = -value * 0.7  # "begrüßte den Plan nicht"
                agreeing = [c for c in comp if c.phrase and (c.score > 0) == (value > 0)]
                cue = (k, k + 1)
                if agreeing:
                    best = _best(agreeing)
                    cue = (best.i, best.j)
            used.add(k)
            used.update(q for c in comp for q in range(c.i, c.j))
            target = _target_actor(doc, refs, k + 1, view_hi, holder[0])
            unit = _view(doc, segment_at(doc, k)).sub_range(k)[0]
            here.append(Candidate(holder[0], value, cue, s_lo, entry.kind, target, k, unit))
        # stated attitudes: zeigte sich besorgt, reagierte mit Erleichterung, übte Kritik
        lows = [doc[q].lower_ for q in range(s_lo, s_hi)]
        # a word inside a longer curated phrase is that phrase's ("ein klares Zeichen der Solidarität")
        phrase_cues = [c for c in cues_in(doc, s_lo, s_hi) if c.phrase and c.j - c.i > 1]
        in_phrase = {q for c in phrase_cues for q in range(c.i, c.j)}
        for k in range(s_lo, s_hi):
            if k in used:
                continue
            low = lows[k - s_lo]
            value = None
            span = (k, k + 1)
            for phrase, pol in lex.state_phrases:
                if lows[k - s_lo : k - s_lo + len(phrase)] == phrase:
                    value, span = pol, (k, k + len(phrase))
                    break
            if k in in_phrase and value is None and lex.attitude_of(doc[k]) is None:
                continue
            if value is None and low in lex.states and doc[k].pos_ != "NOUN":
                value = lex.states[low]
            if value is not None:
                lo, _hi = _clause_bounds(doc, k)
                verb = _finite_before(doc, k, lo)
                holder = _holder(doc, verb, att, refs, recent, events_by_token)
                if holder is None:
                    continue
                if any(doc[q].lower_ in words("negators") for q in range(max(lo, k - 2), k)):
                    value = -value * 0.7
                used.update(range(*span))
                here.append(Candidate(holder[0], value, span, s_lo, "state"))
                continue
            pol = lex.attitude_of(doc[k])
            if pol is None:
                continue
            holder = _attitude_holder(doc, k, att, refs, recent, used)
            if holder is None:
                continue
            span = (k, k + 1)
            phrase = [c for c in phrase_cues if c.i <= k < c.j]
            if phrase:  # the attitude word inside a longer curated phrase: "keinerlei Interesse"
                pol, span = phrase[0].score, (phrase[0].i, phrase[0].j)
            elif any(doc[q].lower_ in words("negators") for q in range(max(s_lo, k - 2), k)):
                pol = -pol * 0.7
            used.update(range(*span))
            here.append(Candidate(holder, pol, span, s_lo, "attitude"))
        # the speaker's evaluation in attributed speech
        if att.speaker:
            out_of_cue = att.cue_span or (0, 0)
            cues = [
                c
                for c in cues_in(doc, s_lo, s_hi)
                if not any(q in used for q in range(c.i, c.j)) and not (out_of_cue[0] <= c.i < out_of_cue[1])
            ]
            cues = [c for c in cues if not _is_actor_word(doc, refs, c)]
            here.extend(_speech_candidates(doc, att, cues, s_lo, refs))
        out.extend(here)
        if att.speaker:
            recent = att
    out.extend(_event_candidates(doc, lex, events, seen_predicates))
    return out


# criticism news_events found that no evaluative verb of ours covers ("griff ... polternd an") is its agent's stance
EVENT_STANCE_TYPES = {"ACCUSE": -0.7}


def _event_candidates(doc: Doc, lex: Lexicon, events: list[records.Event], sources: set[int]) -> list[Candidate]:
    """Criticism and praise news_events found (an accusation, a verbal attack) as stances of their agents."""
    out = []
    for ev in events:
        sign = EVENT_STANCE_TYPES.get(ev.type)
        if sign is None or not ev.who or ev.negated:
            continue
        span = records.tokens_of(doc, ev.trigger.start, ev.trigger.end)
        if span is None or any(t.i in sources for t in span) or lex.is_neutral_trigger(span.root):
            continue
        if span.root.text[:1].isupper() and span.root.i > segment_at(doc, span.root.i).start:
            continue  # a noun ("Kritiker", "Vorwürfe") is no one's act of criticism by itself
        sent = segment_at(doc, span.start)
        out.append(Candidate(ev.who[0].actor, sign, (span.start, span.end), sent.start, "event", None, span.start))
    return out


def _is_actor_word(doc: Doc, refs: list, c: Cue) -> bool:
    """A polar word that is part of an actor's name or description ("Kritiker", "die Freien Wähler") is no cue."""
    return bool([r for r in refs_in(refs, max(0, c.i - 6), c.j) if r[0] <= c.i < r[1]])


def _attitude_holder(
    doc: Doc, k: int, att: Attribution, refs: list, recent: Attribution | None, used: set[int]
) -> str | None:
    """Who voices an attitude noun: its genitive or 'von'-phrase (Kritik der Opposition, Lob von Macron), its
    possessor (Merkels Kritik), else the subject of its clause (X übte scharfe Kritik); none after a preposition
    that makes it someone else's evaluation (stieß auf Kritik) or when a verb of the clause already took it
    (wies die Kritik zurück)."""
    prev = doc[k - 1].lower_ if k > 0 else ""
    prev2 = doc[k - 2].lower_ if k > 1 else ""
    if (
        prev in grammar("attitude_blocker")
        or prev2 in grammar("attitude_blocker")
        and doc[k - 1].pos_ in ("DET", "ADJ")
    ):
        return None
    sent = segment_at(doc, k)
    for q in range(k + 1, min(sent.end, k + 7)):
        t = doc[q]
        after_prep = doc[q - 1].pos_ == "ADP" and doc[q - 1].lower_ not in grammar("genitive_link")
        if t.lower_ in grammar("genitive_link") and not after_prep:  # not "Kritik an der Politik Ungarns"
            at = refs_in(refs, q + 1, q + 4)
            if at and at[0][0] <= q + 3 and not _quoted(doc, at[0][0]):
                return phrase_head(doc, at[0], refs_in(refs, q + 1, sent.end), sent.end)[2]  # "AfD-Chefin Weidel"
        if t.pos_ == "NOUN" or t.is_punct:
            break
    before = [r for r in refs_in(refs, max(sent.start, k - 3), k) if r[1] == k or r[1] == k - 1]
    if before and doc[before[-1][1] - 1].text.endswith("s") and before[-1][1] >= k - 1:
        return before[-1][2]
    lo, hi = _clause_bounds(doc, k)
    if any(q in used for q in range(lo, hi)):
        return None
    verb = next((q for q in range(lo, hi) if doc[q].pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    hit = subject_of(doc, verb, refs, recent)
    if hit is None and _quoted(doc, k) and att.speaker:
        return att.speaker
    if hit is None:  # "in der CDU wächst der Unmut"
        hit = source_of(doc, [r for r in refs_in(refs, lo, hi) if not _quoted(doc, r[0])], lo)
    return hit[0] if hit else None


def _speech_candidates(doc: Doc, att: Attribution, cues: list[Cue], s_lo: int, refs: list) -> list[Candidate]:
    """The speaker's stance from the polar words of their speech in one sentence: the curated phrases decide, else
    the lexicon's words; one lexicon word alone is too weak to count unless it stands in the speaker's own words (a
    direct quote). (One stance per clause that evaluates was measured too: on dev-gold +1 stance found, on the
    seeds +1 wrong; one per sentence is kept.)"""
    if not cues or not att.speaker:
        return []
    groups: dict[int, list[Cue]] = {s_lo: cues}
    out = []
    sent = segment_at(doc, s_lo)
    for unit, group in groups.items():
        # the curated phrases decide (score), else the speaker's own quoted words, else all lexicon words
        quoted_words = [c for c in group if _quoted(doc, c.i)]
        value = score(group if any(c.phrase for c in group) or not quoted_words else quoted_words)
        if abs(value) < NEUTRAL_BAND:
            continue
        agreeing = [c for c in group if (c.score > 0) == (value > 0)]
        quoted = any(_quoted(doc, c.i) for c in agreeing)
        if not any(c.phrase for c in agreeing) and len(agreeing) < 2 and not quoted:
            continue
        best = _best(agreeing)
        target = _target_actor(doc, refs, sent.start, sent.end, att.speaker)
        value = max(-1.0, min(1.0, value))
        out.append(Candidate(att.speaker, value, (best.i, best.j), s_lo, "speech", target, -1, unit))
    return out


# ---------------------------------------------------------------- targets


def _event_index(doc: Doc, events: list[records.Event]) -> tuple[dict[int, list[records.Event]], list[int] | None]:
    """Events by sentence start, and their sentence ends when those never decrease; built once per Doc."""

    def build() -> tuple[dict[int, list[records.Event]], list[int] | None]:
        by_sentence: dict[int, list[records.Event]] = {}
        for e in events:
            by_sentence.setdefault(e.sentence[0], []).append(e)
        ends = [e.sentence[1] for e in events]
        return by_sentence, ends if all(a <= b for a, b in zip(ends, ends[1:], strict=False)) else None

    return records.derived(doc, "news_stance.event_index", events, build)


def _target_event(
    doc: Doc, events: list[records.Event], s_char: int, cue: records.Mention, exclude: set[str]
) -> str | None:
    """The event an evaluation is about: one in the same sentence that is not the evaluation, else the latest before."""
    by_sentence, ends = _event_index(doc, events)
    same = next(
        (
            e
            for e in by_sentence.get(s_char, ())
            if e.id not in exclude and not (e.trigger.start < cue.end and cue.start < e.trigger.end)
        ),
        None,
    )
    if same is not None:
        return same.id
    # events come in text order, so those ending by s_char are a prefix (else all of them are looked at)
    prefix = events[: bisect.bisect_right(ends, s_char)] if ends is not None else events
    before = (
        e
        for e in reversed(prefix)
        if e.sentence[1] <= s_char and e.type not in ("ACCUSE", "SUPPORT") and e.id not in exclude
    )
    last = next(before, None)
    return last.id if last else None


# ---------------------------------------------------------------- stances


def find_stances(doc: Doc, lex: Lexicon, use_ents: bool = True) -> list[records.Stance]:
    """Every stance of the document, in text order: one per holder, sentence and polarity."""
    events = records.get(doc, "events")
    cands = _candidates(doc, lex, events)
    rank = {"verb": 0, "frame": 1, "role_frame": 1, "state": 2, "attitude": 3, "speech": 4, "event": 5}
    chosen: dict[tuple[str, int, str, int], Candidate] = {}
    held: set[tuple[str, int, str]] = set()
    for c in sorted(cands, key=lambda c: (rank[c.kind], -abs(c.score))):
        # each evaluating verb is one evaluation, and so is each evaluating clause of speech; the other evidence
        # of a holder's sentence (a state, an attitude noun, the speech around a verb) joins them
        key = (c.holder, c.sent, c.polarity)
        if c.kind in ("speech", "event"):
            if key in held and not any(k[:3] == key and chosen[k].kind == c.kind for k in chosen):
                continue
        elif c.unit < 0 and key in held:
            continue
        held.add(key)
        chosen.setdefault((*key, c.unit), c)
    stances: list[records.Stance] = []
    for c in chosen.values():
        i, j = c.cue
        cue = records.Mention.of(doc, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]))
        src = doc[c.source].idx if c.source >= 0 else cue.start
        own = {
            e.id
            for e in events
            if e.trigger.start <= cue.start < e.trigger.end or e.trigger.start <= src < e.trigger.end
        }
        target = _target_event(doc, events, doc[c.sent].idx, cue, own)
        stances.append(
            records.Stance(
                c.holder,
                c.polarity,
                round(max(-1.0, min(1.0, c.score)), 2),
                cue,
                target,
                c.target_actor if target is None else None,
            )
        )
    stances.sort(key=lambda s: s.cue.start)
    return stances


class StanceAnnotator(ListComponent):
    """Sets doc._.stances (list[records.Stance])."""

    extension = "stances"


@Language.factory("news_stance", default_config={})
def make_stance(nlp: Language, name: str) -> StanceAnnotator:
    return StanceAnnotator(name, find_stances, Lexicon.get())
