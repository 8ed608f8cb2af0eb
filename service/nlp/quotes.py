"""news_quotes: who says what. Direct quotes and reported speech with their speakers, before events and stance.

Direct quotes („…“ "…" »…« «…» “…”) and reported speech take the speaker of their sentence: the actor next to a
speech verb (sagte X, X sagte, betonte er), after 'laut', 'so', 'nach Angaben von', before 'zufolge'; a sentence
in Konjunktiv I without its own speaker continues the previous sentence's speaker. The speech cues are in
data/stance/speech.tsv. news_events reads the speakers (an agentless act announced by an institution is its act),
news_stance the attributed speech (the speaker's evaluations).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from . import records
from .actors import actor_at, mention_tokens
from .component import ListComponent
from .sentences import segment_at, segments
from .wordlists import DATA, read_tsv, table

QUOTE_PAIRS = (("„", "“”"), ("»", "«"), ("«", "»"), ("“", "”"), ('"', '"'), ("‚", "‘"))


class SpeechCues:
    """The attribution cues of data/stance/speech.tsv, read once per process."""

    _instance: SpeechCues | None = None

    def __init__(self) -> None:
        self.verbs: set[str] = set()
        self.preps: list[list[str]] = []
        self.post: set[str] = set()
        self.subj: set[str] = set()
        for row in read_tsv(DATA / "stance" / "speech.tsv"):
            word, kind = row["word"].strip().lower(), row["kind"].strip()
            if kind == "verb":
                self.verbs.add(word)
            elif kind == "prep":
                self.preps.append(word.split())
            elif kind == "post":
                self.post.add(word)
            elif kind == "subj":
                self.subj.add(word)
        self.preps.sort(key=lambda p: -len(p))

    @classmethod
    def get(cls) -> SpeechCues:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance


# ---------------------------------------------------------------- attribution


@dataclass
class Attribution:
    speaker: str | None
    mention: records.Mention | None
    cue: records.Mention | None
    sent: tuple[int, int]  # token range
    reported: bool  # the sentence is (partly) someone's speech


_QUOTE_PATTERNS = [
    re.compile(
        re.escape(opener) + r"[^" + re.escape(closers) + re.escape(opener) + r"\n]{1,3000}[" + re.escape(closers) + r"]"
    )
    for opener, closers in QUOTE_PAIRS
]


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Direct quotes as sorted, disjoint character spans (a quote overlapping an earlier-found one is dropped)."""
    spans: list[tuple[int, int]] = []  # kept sorted and disjoint, so one neighbour decides an overlap
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            if not _overlaps(spans, m.start(), m.end()):
                bisect.insort(spans, (m.start(), m.end()))
    return spans


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether sorted disjoint spans overlap start..end: only the last span starting before `end` can."""
    k = bisect.bisect_left(spans, (end,)) - 1
    return k >= 0 and spans[k][1] > start


def inside(spans: list[tuple[int, int]], char: int) -> bool:
    """Whether a character offset lies in one of the sorted disjoint spans."""
    k = bisect.bisect_right(spans, (char, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The Doc's quote spans, found once."""
    cached = doc.user_data.get("news_quotes.quote_spans")
    if cached is None:
        cached = doc.user_data["news_quotes.quote_spans"] = _quote_spans(records.doc_text(doc))
    return cached


def _pronoun_kind(low: str) -> str | None:
    """The actor type a pronoun requires ("er": a person), None for any."""
    return table("pronouns").get(low) or None


def refs_in(refs: list, lo: int, hi: int) -> list:
    """The refs (sorted by first token) whose first token lies in lo..hi-1: a bisection, not a scan."""
    return refs[bisect.bisect_left(refs, lo, key=_first) : bisect.bisect_left(refs, hi, key=_first)]


def _first(ref: tuple) -> int:
    return ref[0]


def _pronoun(doc: Doc, k: int, refs: list, before: int, prev=None) -> tuple[str, records.Mention] | None:
    tok = doc[k]
    hit = actor_at(doc, tok.idx, tok.idx + len(tok.text))
    if hit:
        return hit
    want = _pronoun_kind(tok.lower_)
    if prev is not None and prev.speaker and prev.mention:
        # the speaker of the last sentences is the likeliest "er"/"sie" that speaks again
        kinds = records.derived(doc, "news_quotes.actor_kinds", refs, lambda: {r[2]: r[4] for r in refs})
        if want is None or kinds.get(prev.speaker) == want:
            return prev.speaker, prev.mention
    # else the first fitting mention (subjects come first) of the nearest earlier sentence that has one
    earlier = refs_in(refs, 0, before)
    last = next((r for r in reversed(earlier) if want is None or r[4] == want), None)
    if last is None:
        return None
    # the refs are sorted by first token, so those of the last one's sentence come right before it
    last_sent = segment_at(doc, last[0]).start
    first = next(r for r in refs_in(earlier, last_sent, before) if want is None or r[4] == want)
    return first[2], first[3]


def attributions(doc: Doc) -> list[Attribution]:
    """One Attribution per sentence (cached on the Doc), the speaker None where nobody speaks."""
    cached = doc.user_data.get("news_quotes.attributions")
    if cached is not None:
        return cached
    lex = SpeechCues.get()
    refs = mention_tokens(doc)
    quotes = doc_quotes(doc)
    out: list[Attribution] = []
    prev: Attribution | None = None
    last_speaker: Attribution | None = None
    last_seg = -9
    for sent in segments(doc):
        s_lo, s_hi = sent.start, sent.end

        def in_quote(k: int) -> bool:
            return inside(quotes, doc[k].idx)

        speaker = cue = mention = None
        lows = [t.lower_ for t in sent]
        sent_refs = [r for r in refs_in(refs, s_lo, s_hi) if not in_quote(r[0]) and doc[r[0] - 1].text != "("]
        # phrases before the speaker: laut X, nach Angaben von X, so X
        for k in range(len(lows)):
            if speaker:
                break
            for words in lex.preps:
                n = len(words)
                if lows[k : k + n] != words or in_quote(s_lo + k):
                    continue
                if words == ["so"] and not (k > 0 and lows[k - 1] in (",", "“", "”", "«", "»", '"')):
                    continue
                nxt = [r for r in sent_refs if s_lo + k + n <= r[0] <= s_lo + k + n + 2]
                if nxt:
                    speaker, mention = nxt[0][2], nxt[0][3]
                    cue = records.Mention.of(
                        doc, doc[s_lo + k].idx, doc[s_lo + k + n - 1].idx + len(doc[s_lo + k + n - 1])
                    )
                    break
        if not speaker:
            for k in range(len(lows)):
                if lows[k] in lex.post and not in_quote(s_lo + k):
                    prevr = [r for r in sent_refs if r[1] <= s_lo + k and s_lo + k - r[1] <= 2]
                    if prevr:
                        speaker, mention = prevr[-1][2], prevr[-1][3]
                        cue = records.Mention.of(doc, doc[s_lo + k].idx, doc[s_lo + k].idx + len(doc[s_lo + k]))
                        break
        if not speaker:
            for k in range(len(lows)):
                if lows[k] not in lex.verbs or in_quote(s_lo + k):
                    continue
                gi = s_lo + k
                after = [r for r in sent_refs if gi < r[0] <= gi + 8]
                after = [r for r in after if not any(doc[q].text in (",", ";", ":") for q in range(gi + 1, r[0]))]
                before = [r for r in sent_refs if r[1] <= gi and gi - r[1] <= 6]
                before = [
                    r
                    for r in before
                    if not any(doc[q].text in (",", ";", ":", "“", "”", "«", "»") for q in range(r[1], gi))
                ]
                pron = next((q for q in range(gi + 1, min(s_hi, gi + 3)) if doc[q].lower_ in table("pronouns")), None)
                if pron is None and gi - 1 >= s_lo and doc[gi - 1].lower_ in table("pronouns"):
                    pron = gi - 1  # "Er sagte, ..."
                if before and (not after or (k > 0 and lows[k - 1] not in (",",))):
                    person = [r for r in before if r[4] == "PERSON"]
                    pick = person[-1] if person else before[-1]
                    speaker, mention = pick[2], pick[3]
                elif pron is not None and (not after or pron < after[0][0]):
                    recent = last_speaker if last_speaker is not None and last_seg == len(out) - 1 else None
                    hit = _pronoun(doc, pron, refs, s_lo, recent)
                    if hit:
                        speaker, mention = hit
                elif after:
                    person = [r for r in after if r[4] == "PERSON"]
                    pick = person[0] if person else after[0]
                    speaker, mention = pick[2], pick[3]
                if speaker:
                    cue = records.Mention.of(doc, doc[gi].idx, doc[gi].idx + len(doc[gi]))
                    break
        reported = bool(speaker)
        heading = len(sent) <= 10 and sent[-1].text not in (".", "!", "?", ":")
        if not speaker and prev is not None and prev.speaker and not heading:
            konj = any(w in lex.subj for w in lows)
            all_quote = len(sent) > 0 and in_quote(s_lo) or any(in_quote(s_lo + k) for k in range(min(2, len(lows))))
            if konj or all_quote:
                speaker, mention, cue, reported = prev.speaker, prev.mention, prev.cue, True
        att = Attribution(speaker, mention, cue, (s_lo, s_hi), reported)
        out.append(att)
        if att.speaker:
            last_speaker, last_seg = att, len(out) - 1
        if not heading:  # a heading between two sentences of one speaker does not end the speech
            prev = att if att.speaker else None
    doc.user_data["news_quotes.attributions"] = out
    return out


def speaker_at(doc: Doc, char: int) -> tuple[str, records.Mention] | None:
    """The speaker of the sentence containing character offset `char`, if the text names one."""
    atts = attributions(doc)
    cached = doc.user_data.get("news_quotes.sentence_chars")
    if cached is None or cached[0] is not atts:
        # (first char, one past the last char + 1, attribution) per sentence, in order: starts and ends only grow
        bounds = []
        for att in atts:
            lo, hi = att.sent
            if hi > lo:
                bounds.append((doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]) + 1, att))
        cached = (atts, bounds, [b[0] for b in bounds])
        doc.user_data["news_quotes.sentence_chars"] = cached
    _atts, bounds, starts = cached
    # the first sentence whose range holds the offset: the last one starting by it, or the one before (the ranges
    # reach one character past a sentence, into the next one when no space separates them)
    k = bisect.bisect_right(starts, char) - 1
    for q in (k - 1, k):
        if q >= 0 and bounds[q][0] <= char < bounds[q][1]:
            att = bounds[q][2]
            if att.speaker and att.mention:
                return att.speaker, att.mention
            return None
    return None


def find_quotes(doc: Doc, lex: SpeechCues, use_ents: bool = True) -> list[records.Quote]:
    """Direct quotes with the speaker of the sentences they stand in, then reported speech outside quotes."""
    atts = attributions(doc)
    out = []
    spans = doc_quotes(doc)
    bounds = [
        (doc[t.sent[0]].idx, doc[t.sent[1] - 1].idx + len(doc[t.sent[1] - 1]), t) for t in atts if t.sent[1] > t.sent[0]
    ]
    # sentences are disjoint and in order, so starts and ends both grow: the overlapping ones are one stretch
    starts = [s for s, _e, _t in bounds]
    ends = [e for _s, e, _t in bounds]
    for a, b in spans:
        # the sentences the quote overlaps, the one holding its closing mark first ("„…“, sagte sie.")
        near = bounds[bisect.bisect_right(ends, a) : bisect.bisect_left(starts, b)]
        overlapping = [t for s, e, t in near if s < b and a < e]
        closing = [t for s, e, t in near if s <= b - 1 < e]
        att = next((t for t in closing + overlapping if t.speaker), None)
        out.append(records.Quote(a, b, att.speaker if att else None, att.cue if att else None, True))
    for att in atts:
        lo, hi = att.sent
        if not att.speaker or hi <= lo:
            continue
        s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        if _overlaps(spans, s, e):
            continue
        out.append(records.Quote(s, e, att.speaker, att.cue, False))
    out.sort(key=lambda q: q.start)
    return out


class QuoteTagger(ListComponent):
    """Sets doc._.quotes (list[records.Quote]); the attributions per sentence stay cached on the Doc."""

    extension = "quotes"


@Language.factory("news_quotes", default_config={})
def make_quotes(nlp: Language, name: str) -> QuoteTagger:
    return QuoteTagger(name, find_quotes, SpeechCues.get())
