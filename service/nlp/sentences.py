"""The one notion of sentence and clause that events, quotes, stance and temporal share.

Sentences are split at sentence-final punctuation and at line breaks, the same with or without a parser: a parser
trained on our small treebank both merges sentences and splits them inside, so its boundaries are not used; the
tokenizer keeps abbreviations and ordinals ("Dr.", "62.") whole, so a standalone full stop is a reliable end. A
heading without a full stop is its own unit. Clauses are the stretches between commas, semicolons, colons and
dashes; sub-clauses are further cut at coordinating conjunctions.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

from . import records
from .wordlists import words

SENT_END = {".", "!", "?", "…"}
CLOSERS = {"“", "”", "«", "»", '"', "‘", "’", ")", "]"}
PUNCT_BOUNDARY = {",", ";", ":", "(", ")", "–", "—", "-", "„", "“", '"', "»", "«", "”", "‚", "‘", "›", "‹", "[", "]"}
CLAUSE_BOUNDARY = {",", ";", ":", "–", "—", "-"}


def segments(doc: Doc) -> list[Span]:
    """The Doc's sentences (cached on the Doc)."""
    cached = doc.user_data.get("news.segments")
    if cached is not None:
        return [doc[a:b] for a, b in cached]
    n = len(doc)
    if n == 0:
        doc.user_data["news.segments"] = []
        return []
    starts = {0}
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            starts.add(tok.i)
            starts.add(tok.i + 1)
        elif tok.text in SENT_END:
            k = tok.i + 1
            while k < n and doc[k].text in CLOSERS:
                k += 1
            # a full stop ends a sentence before a capitalised word, an opening quote or the end of a line
            if k >= n or doc[k].is_space or doc[k].text[:1].isupper() or doc[k].text[:1] in '„«»"(':
                starts.add(k)
    bounds = sorted(s for s in starts if s < n)
    out: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:] + [n], strict=True):
        while a < b and doc[a].is_space:
            a += 1
        if a < b:
            out.append((a, b))
    doc.user_data["news.segments"] = out
    return [doc[a:b] for a, b in out]


def segment_at(doc: Doc, i: int) -> Span:
    """The sentence holding token i (binary search: called per candidate, so it must not scan the Doc)."""
    if doc.user_data.get("news.segments") is None:
        segments(doc)
    bounds = doc.user_data["news.segments"]
    k = bisect.bisect_right(bounds, (i, len(doc) + 1)) - 1
    if k >= 0 and bounds[k][0] <= i < bounds[k][1]:
        return doc[bounds[k][0] : bounds[k][1]]
    return doc[i : i + 1]


def sentence_chars(doc: Doc) -> list[tuple[int, int]]:
    """The sentences as character spans (start, end), in order: for components that work on the text."""
    return [(s.start_char, s.end_char) for s in segments(doc)]


def is_heading(sent: Span) -> bool:
    """A short line without final punctuation: a headline or a section heading."""
    last = sent[-1].text if len(sent) else ""
    text = records.doc_text(sent.doc)
    return len(sent) <= 10 and last not in (".", "!", "?") and "\n" in text[sent.end_char : sent.end_char + 3]


def is_title(sent: Span) -> bool:
    """The article's headline: its first line, ending without final punctuation before a line break (longer than
    a section heading: "Israel greift Atomanlagen im Iran an – Teheran kündigt Vergeltung an")."""
    if len(sent) == 0 or len(sent) > 25 or sent[-1].text in (".", "!", "?"):
        return False
    text = records.doc_text(sent.doc)
    return not text[: sent.start_char].strip() and "\n" in text[sent.end_char : sent.end_char + 3]


class SentenceView:
    """Token-level clause structure of one sentence, for heuristics that must work without a parser."""

    def __init__(self, sent: Span) -> None:
        self.sent = sent
        self.start = sent.start
        self.lows: list[str] = []
        self.clause: list[int] = []
        self.sub: list[int] = []
        # clause and sub-clause ids only grow along the sentence, so each id covers one contiguous token range:
        # its (first, end) is stored once instead of being searched for per candidate
        self.texts: list[str] = []
        self._clause_spans: list[tuple[int, int]] | None = None
        self._sub_spans: list[tuple[int, int]] | None = None
        self._at: dict[str, list[int]] | None = None
        coordinators = words("coordinators")
        c = s = 0
        for t in sent:
            self.lows.append(t.lower_)
            self.texts.append(t.text)
        apposed = self._apposition_commas()
        for k, (low, text) in enumerate(zip(self.lows, self.texts, strict=True)):
            if text in CLAUSE_BOUNDARY and not (text == "," and (k in apposed or self._list_comma(k))):
                c += 1
                s += 1
            elif low in coordinators:
                s += 1
            self.clause.append(c)
            self.sub.append(s)

    def _apposition_commas(self) -> set[int]:
        """The commas around a name set off after a noun ("der Kommandeur der Armee, Juri Petrow, und ..."): the
        apposition belongs to its noun's clause. Only names of one to four capitalised words count."""
        texts, out = self.texts, set()
        particles = words("name_particles")
        joins = words("list_conjunctions") - {","}
        openers = words("embedding_openers") | words("coordinators") | {"um", "ohne", "statt", "anstatt"}
        for k, word in enumerate(texts):
            if word != "," or k == 0 or not texts[k - 1][:1].isupper():
                continue
            q = k + 1
            while q < len(texts) and q - k <= 4 and (texts[q][:1].isupper() or texts[q] in particles):
                q += 1
            if k + 1 < q < len(texts) and texts[q] == ",":
                out.update((k, q))
                continue
            # names joined by "und" ("die Regierungschefs beider Länder, Viktor Orbán und Robert Fico, trafen
            # sich"), when the clause goes on after the closing comma rather than a new one opening there
            q, joined = k + 1, False
            while (
                q < len(texts)
                and q - k <= 10
                and (
                    texts[q][:1].isupper()
                    or texts[q] in particles
                    or (self.lows[q] in joins and texts[q - 1][:1].isupper())
                )
            ):
                joined = joined or self.lows[q] in joins
                q += 1
            closed = joined and q + 1 < len(texts) and texts[q] == "," and texts[q - 1][:1].isupper()
            if closed and self.lows[q + 1] not in openers and not texts[q + 1][:1].isupper():
                out.update((k, q))
        return out

    def _list_comma(self, k: int) -> bool:
        """A comma inside a list of names ("Deutschland, Frankreich und Polen kritisierten") or numbers, not a clause
        break: capitalised words on both sides, and a coordinator closes the list before any verb-like word."""
        texts, lows = self.texts, self.lows
        if 0 < k < len(texts) - 1 and texts[k - 1].isdigit() and texts[k + 1].isdigit():
            return True  # a list of numbers: "im Alter von 25, 27 und 31 Jahren"
        if k == 0 or k + 1 >= len(texts) or not texts[k - 1][:1].isupper():
            return False
        determiners = words("nominative_determiners") | words("object_determiners") | words("genitive_determiners")
        for q in range(k + 1, min(len(texts), k + 10)):
            word = texts[q]
            if lows[q] in ("und", "sowie", "oder"):
                return q > k + 1 and texts[q - 1][:1].isupper() and q + 1 < len(texts)
            if word == ",":
                continue
            if word[:1].isupper() or lows[q] in determiners or word[:1].isdigit():
                continue
            if lows[q].endswith(("e", "en", "er", "es", "em")) and q + 1 < len(texts) and texts[q + 1][:1].isupper():
                continue  # an adjective before its noun
            return False
        return False

    def rel(self, i: int) -> int:
        return i - self.start

    def clause_range(self, i: int) -> tuple[int, int]:
        if self._clause_spans is None:
            self._clause_spans = _id_spans(self.clause, self.start)
        return self._clause_spans[self.clause[i - self.start]]

    def sub_range(self, i: int) -> tuple[int, int]:
        if self._sub_spans is None:
            self._sub_spans = _id_spans(self.sub, self.start)
        return self._sub_spans[self.sub[i - self.start]]

    def positions(self, low: str) -> list[int]:
        """Sentence-relative positions of a lower-cased word (an index: phrase triggers look up their first word)."""
        if self._at is None:
            self._at = {}
            for k, w in enumerate(self.lows):
                self._at.setdefault(w, []).append(k)
        return self._at.get(low, [])

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause[self.rel(a)] == self.clause[self.rel(b)]

    def clause_words(self, i: int) -> list[str]:
        """The lower-cased words of token i's clause."""
        a, b = self.clause_range(i)
        return self.lows[a - self.start : b - self.start]


def _id_spans(ids: list[int], start: int) -> list[tuple[int, int]]:
    """The token range of each clause id: ids only grow by one along the sentence, so the list index is the id."""
    spans: list[tuple[int, int]] = []
    for k, ident in enumerate(ids):
        i = start + k
        if ident < len(spans):
            spans[ident] = (spans[ident][0], i + 1)
            continue
        while len(spans) < ident:
            spans.append((i, i))  # id 0 when the sentence opens with a boundary: no token carries it
        spans.append((i, i + 1))
    return spans
