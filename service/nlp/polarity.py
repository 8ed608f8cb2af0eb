"""Polarity of German words and phrases, shared by news_events (EVAL triggers) and news_stance.

data/stance/evaluative.tsv (curated verbs and phrases) over the MIT polarity lexicon polarity.tsv; a negator
before a word flips it. Cues are found per token range and cached on the Doc: the same sentence is searched for
the events, the attributions and the stances.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from .wordlists import DATA, read_tsv, words

STANCE_DATA = DATA / "stance"


class Lexicon:
    """Polarity of words and phrases: evaluative.tsv entries override the converted polarity.tsv."""

    _instance: Lexicon | None = None

    def __init__(self) -> None:
        self.words: dict[str, float] = {}
        self.phrases: list[tuple[list[str], float]] = []
        self.verbs: list[tuple[str, float]] = []
        for row in read_tsv(STANCE_DATA / "polarity.tsv"):
            try:
                pol, conf = float(row["polarity"]), float(row["confidence"])
            except (KeyError, TypeError, ValueError):
                continue
            # verbs are too often neutral reporting ("begründete"); evaluative verbs come from evaluative.tsv
            if conf < 1 or abs(pol) < 0.5 or row.get("pos") not in ("ADJ", "NOUN"):
                continue
            self.words.setdefault(row["lemma"].lower(), pol)
        for row in read_tsv(STANCE_DATA / "evaluative.tsv"):
            cue, kind, pol = row["cue"].strip().lower(), row["kind"].strip(), float(row["polarity"])
            if kind == "verb":
                self.verbs.append((cue, pol))
            else:
                self.phrases.append((cue.split(), pol))
        self.phrases.sort(key=lambda p: -len(p[0]))

    @classmethod
    def get(cls) -> Lexicon:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def verb_polarity(self, low: str) -> float | None:
        for cue, pol in self.verbs:
            if cue.endswith("*") and low.startswith(cue[:-1]) or low == cue:
                return pol
        return None

    def word_polarity(self, low: str) -> float | None:
        if low in self.words:
            return self.words[low]
        for suf in ("en", "er", "es", "em", "e", "s", "n"):
            if low.endswith(suf) and len(low) - len(suf) >= 3 and low[: -len(suf)] in self.words:
                return self.words[low[: -len(suf)]]
        return None


def _match(pattern: str, low: str) -> bool:
    return low.startswith(pattern[:-1]) if pattern.endswith("*") else low == pattern


@dataclass
class Cue:
    i: int
    j: int
    score: float
    phrase: bool


def cues_in(doc: Doc, lo: int, hi: int, lex: Lexicon | None = None) -> list[Cue]:
    """Polar cues among tokens lo..hi: phrases first, then single words; a negator before a word flips it."""
    memo = None
    if lex is None or lex is Lexicon.get():
        # the same sentence is searched for the events, the attributions and the stances: once is enough
        # (callers only read the cues)
        memo = doc.user_data.setdefault("news_stance.cues", {})
        if (lo, hi) in memo:
            return memo[(lo, hi)]
    lex = lex or Lexicon.get()
    negators = words("negators")
    lows = [t.lower_ for t in doc[lo:hi]]
    taken: set[int] = set()
    out: list[Cue] = []
    at: dict[str, list[int]] = {}
    for k, low in enumerate(lows):
        at.setdefault(low, []).append(k)
    for phrase, pol in lex.phrases:
        n = len(phrase)
        first = phrase[0]
        # an exact first word is looked up, a wildcard one tested per token: only where it matches go on
        if first.endswith("*"):
            starts = [k for k, low in enumerate(lows) if low.startswith(first[:-1])]
        else:
            starts = at.get(first, [])
        for k in starts:
            if k > len(lows) - n:
                break
            if any(k + q in taken for q in range(n)):
                continue
            if all(_match(w, lows[k + q]) for q, w in enumerate(phrase)):
                out.append(Cue(lo + k, lo + k + n, pol, True))
                taken.update(range(k, k + n))
    for k, low in enumerate(lows):
        if k in taken or len(low) < 3 or not low.isalpha():
            continue
        pol = lex.word_polarity(low)
        if pol is None:
            continue
        if any(lows[q] in negators for q in range(max(0, k - 2), k)):
            pol = -pol * 0.7
        out.append(Cue(lo + k, lo + k + 1, pol, False))
    out.sort(key=lambda c: c.i)
    if memo is not None:
        memo[(lo, hi)] = out
    return out


def polarity_in(doc: Doc, lo: int, hi: int) -> float:
    """Mean polarity of the cues among tokens lo..hi (0.0 without cues); phrases weigh double."""
    return score(cues_in(doc, lo, hi))


def score(cues: list[Cue]) -> float:
    """The curated evaluative phrases decide when present; otherwise the mean of the lexicon words."""
    chosen = [c for c in cues if c.phrase] or cues
    return sum(c.score for c in chosen) / len(chosen) if chosen else 0.0
