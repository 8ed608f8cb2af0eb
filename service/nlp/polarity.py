"""Polarity of German words and phrases, shared by news_events (EVAL triggers) and news_stance.

data/stance/evaluative.tsv (curated, from political-news usage) over the MIT polarity lexicon polarity.tsv, less
the lexicon words that in news name the topic rather than judge it (data/stance/topical.txt: Krieg, Frieden,
Sicherheit). evaluative.tsv also holds the stance predicates: evaluative verbs by lemma (kritisieren, zurück|weisen,
warnen vor), frame verbs whose complement carries the evaluation (nennen, sprechen von, halten für), predicative
states (besorgt, mit Erleichterung) and attitude nouns (Kritik, Lob). A negator before a word flips it. Cues are
found per token range and cached on the Doc: the same sentence is searched for the events, the attributions and the
stances.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from .wordlists import DATA, read_tsv, words

STANCE_DATA = DATA / "stance"


@functools.cache
def grammar(name: str) -> frozenset[str]:
    """The closed-class words of one list in data/stance/grammar.tsv ("personal", "werden", "oblique" ...)."""
    return frozenset(
        row["word"].strip().lower()
        for row in read_tsv(STANCE_DATA / "grammar.tsv")
        if (row.get("list") or "").strip() == name and (row.get("word") or "").strip()
    )


@dataclass(frozen=True)
class Predicate:
    """An evaluative or frame verb of evaluative.tsv."""

    lemma: str  # without the particle: "weisen" for zurück|weisen
    particle: str  # "" when the verb has none
    prep: str  # "" when any complement will do
    kind: str  # verb | frame | role_frame
    polarity: float | None  # None for frames: the complement decides
    reflexive: bool = False  # counts only with a reflexive pronoun in its clause (sich sorgen um)


class Lexicon:
    """Polarity of words and phrases, and the stance predicates, states and attitude nouns of evaluative.tsv."""

    _instance: Lexicon | None = None

    def __init__(self) -> None:
        self.words: dict[str, float] = {}
        self.phrases: list[tuple[list[str], float]] = []
        self.predicates: dict[str, list[Predicate]] = {}  # verb lemma (no particle) -> entries
        self.states: dict[str, float] = {}  # single-word states
        self.state_phrases: list[tuple[list[str], float]] = []  # "mit erleichterung"
        self.attitudes: dict[str, float] = {}
        self.roles: dict[str, float] = {}  # nouns of someone's stance: Kritiker, Befürworter
        self.forms: dict[str, list[Predicate]] = {}  # irregular forms of strong verbs (schloss, wies)
        topical = self.topical = _word_file(STANCE_DATA / "topical.txt")
        self.neutral_triggers = _word_file(STANCE_DATA / "neutral_triggers.txt")
        for row in read_tsv(STANCE_DATA / "polarity.tsv"):
            try:
                pol, conf = float(row["polarity"]), float(row["confidence"])
            except (KeyError, TypeError, ValueError):
                continue
            # verbs are too often neutral reporting ("begründete"); evaluative verbs come from evaluative.tsv
            if conf < 1 or abs(pol) < 0.5 or row.get("pos") not in ("ADJ", "NOUN"):
                continue
            low = row["lemma"].lower()
            if low not in topical:
                self.words.setdefault(low, pol)
        for row in read_tsv(STANCE_DATA / "evaluative.tsv"):
            cue, kind = (row.get("cue") or "").strip().lower(), (row.get("kind") or "").strip()
            raw = (row.get("polarity") or "").strip()
            pol = float(raw) if raw else None
            prep = (row.get("prep") or "").strip().lower()
            if not cue or not kind:
                continue
            if kind in ("verb", "frame", "role_frame"):
                reflexive = cue.startswith("sich ")
                particle, _, lemma = cue.removeprefix("sich ").rpartition("|")
                entry = Predicate(lemma, particle, prep, kind, pol if kind == "verb" else None, reflexive)
                self.predicates.setdefault(lemma, []).append(entry)
                for form in (row.get("forms") or "").split(","):
                    if form.strip():
                        self.forms.setdefault(form.strip().lower(), []).append(entry)
                if particle:  # the joined infinitive is a lemma too ("zurückweisen")
                    self.predicates.setdefault(particle + lemma, []).append(
                        Predicate(particle + lemma, "", prep, kind, entry.polarity, reflexive)
                    )
            elif pol is None:
                continue
            elif kind == "state":
                if " " in cue:
                    self.state_phrases.append((cue.split(), pol))
                else:
                    self.states[cue] = pol
                if pol:
                    self.phrases.append((cue.split(), pol))
            elif kind == "role":
                self.roles[cue] = pol
                self.phrases.append((cue.split(), pol))
            elif kind == "attitude":
                self.attitudes[cue] = pol
                self.phrases.append((cue.split(), pol))
            else:
                self.phrases.append((cue.split(), pol))
        self.phrases.sort(key=lambda p: -len(p[0]))
        self.state_phrases.sort(key=lambda p: -len(p[0]))
        # where each phrase may start: its exact first word, or the stem of a wildcard one (positions in phrases)
        self.phrase_firsts: dict[str, list[int]] = {}
        self.phrase_stems: list[tuple[int, str]] = []
        for n, (words_, _pol) in enumerate(self.phrases):
            if words_[0].endswith("*"):
                self.phrase_stems.append((n, words_[0][:-1]))
            else:
                self.phrase_firsts.setdefault(words_[0], []).append(n)

    @classmethod
    def get(cls) -> Lexicon:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def predicates_of(self, tok: Token) -> list[Predicate]:
        """The evaluative and frame entries a verb token may be (by lemma; by form when there is no lemma)."""
        lemma = tok.lemma_.lower() if tok.lemma_ else ""
        if tok.lower_ in self.forms:
            return self.forms[tok.lower_] + [
                e for e in self.predicates.get(lemma, []) if e not in self.forms[tok.lower_]
            ]
        if lemma and lemma != tok.lower_ or tok.pos_ in ("VERB", "AUX"):
            return self.predicates.get(lemma, [])
        # no lemmatizer (a blank base model): a weak form of the verb's stem ("kritisierte", "gelobt")
        low = tok.lower_
        out = []
        for key, entries in self.predicates.items():
            stem = key[:-2] if key.endswith("en") else key[:-1]
            if len(stem) >= 4 and (low.startswith(stem) or low.startswith("ge" + stem)) and len(low) <= len(key) + 4:
                out.extend(entries)
        return out

    def verb_polarity(self, low: str) -> float | None:
        """The polarity of an evaluative verb lemma (kritisieren: -0.8), None when it is none."""
        for entry in self.predicates.get(low, ()):
            if entry.kind == "verb" and not entry.prep and entry.polarity is not None:
                return entry.polarity
        return None

    def is_neutral_trigger(self, tok: Token) -> bool:
        """An event trigger of a critical type that states no evaluation (einbestellen, verklagen)."""
        return (tok.lemma_ or tok.text).lower() in self.neutral_triggers or tok.lower_ in self.neutral_triggers

    def word_polarity(self, low: str) -> float | None:
        if low in self.topical or any(low.startswith(t) and len(low) - len(t) <= 2 for t in self._topical_stems(low)):
            return None  # "Frieden", "Friedens": a topic, not a judgement
        if low in self.words:
            return self.words[low]
        for suf in ("en", "er", "es", "em", "e", "s", "n"):
            if low.endswith(suf) and len(low) - len(suf) >= 3 and low[: -len(suf)] in self.words:
                return self.words[low[: -len(suf)]]
        return None

    def _topical_stems(self, low: str) -> list[str]:
        if not hasattr(self, "_topical_by_head"):
            self._topical_by_head: dict[str, list[str]] = {}
            for t in self.topical:
                if len(t) >= 4:
                    self._topical_by_head.setdefault(t[:4], []).append(t)
        return self._topical_by_head.get(low[:4], [])

    def attitude_of(self, tok: Token) -> float | None:
        """The polarity of an attitude noun (Kritik, Sorgen, Vorwürfen), None when the token is none."""
        if not tok.text[:1].isupper():
            return None
        for key in (tok.lower_, tok.lemma_.lower()):
            if key in self.attitudes:
                return self.attitudes[key]
        low = tok.lower_
        for suf in ("n", "en", "s"):
            if low.endswith(suf) and low[: -len(suf)] in self.attitudes:
                return self.attitudes[low[: -len(suf)]]
        return None


def _word_file(path: Path) -> set[str]:
    """The words of a one-word-a-line data file ('#' starts a comment)."""
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def _match(pattern: str, low: str) -> bool:
    return low.startswith(pattern[:-1]) if pattern.endswith("*") else low == pattern


@dataclass
class Cue:
    i: int
    j: int
    score: float
    phrase: bool


def negated_at(lows: list[str], k: int, lo: int = 0) -> bool:
    """Whether one of the two words before position k (not before lo) negates it ("nicht akzeptabel", "kein
    gutes Zeichen", "weder ... noch"), but not "nicht nur"."""
    negators = words("negators")
    for q in range(max(lo, k - 2), k):
        if lows[q] in negators and not (q + 1 < len(lows) and lows[q + 1] in grammar("not_negating")):
            return True
    return False


def cues_in(doc: Doc, lo: int, hi: int, lex: Lexicon | None = None) -> list[Cue]:
    """Polar cues among tokens lo..hi: phrases first, then single words; a negator before a cue flips it."""
    memo = None
    if lex is None or lex is Lexicon.get():
        # the same sentence is searched for the events, the attributions and the stances: once is enough
        # (callers only read the cues)
        memo = doc.user_data.setdefault("news_stance.cues", {})
        if (lo, hi) in memo:
            return memo[(lo, hi)]
    lex = lex or Lexicon.get()
    lows = [t.lower_ for t in doc[lo:hi]]
    taken: set[int] = set()
    out: list[Cue] = []
    at: dict[str, list[int]] = {}
    by_head: dict[str, list[int]] = {}  # tokens by their first three letters, for wildcard first words
    for k, low in enumerate(lows):
        at.setdefault(low, []).append(k)
        by_head.setdefault(low[:3], []).append(k)
    # only the phrases whose first word occurs here, in the lexicon's order (longest first)
    possible = {n for low in at for n in lex.phrase_firsts.get(low, ())}
    wild: dict[int, list[int]] = {}
    for n, stem in lex.phrase_stems:
        pool = by_head.get(stem[:3], []) if len(stem) >= 3 else range(len(lows))
        hits = [k for k in pool if lows[k].startswith(stem)]
        if hits:
            wild[n] = hits
            possible.add(n)
    for index in sorted(possible):
        phrase, pol = lex.phrases[index]
        n = len(phrase)
        starts = wild[index] if index in wild else at.get(phrase[0], [])
        for k in starts:
            if k > len(lows) - n:
                break
            if any(k + q in taken for q in range(n)):
                continue
            if all(_match(w, lows[k + q]) for q, w in enumerate(phrase)):
                score = pol
                if phrase[0] not in words("negators") and negated_at(lows, k):
                    score = -pol * 0.7
                out.append(Cue(lo + k, lo + k + n, score, True))
                taken.update(range(k, k + n))
    for k, low in enumerate(lows):
        if k in taken or len(low) < 3 or not low.isalpha():
            continue
        pol = lex.word_polarity(low)
        if pol is None:
            continue
        if negated_at(lows, k):
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
