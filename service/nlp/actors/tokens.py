"""The token view the actor rules read (offsets, sentence starts, places passed, the dateline), the mention record
(Cand) they produce and the mask of characters already claimed: what every step of news_actors (and news_places)
shares."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..actor_lexicon import CONJ, DETERMINERS, FUNCTION_WORDS, LOC_PREPS, NAME_RE, POSSESSIVES, Lexicon, Org, Person
from ..wordlists import ordered

THROUGH_MOTION = ordered("through_motion")
DATELINE_DASHES = {"–", "—", "-", ":"}


@dataclass
class Cand:
    """One mention before clustering."""

    start: int  # char offsets
    end: int
    kind: str  # person | group | org | gpe | anaphor_role | anaphor_org | surname
    name: str = ""
    country: str | None = None
    role: str | None = None
    count: int | None = None
    org: Org | None = None
    person: Person | None = None
    order: int = 0
    extra: dict = field(default_factory=dict)


class Mask:
    """Which characters are already claimed, so overlap tests stay linear on 100,000-character texts."""

    def __init__(self, size: int) -> None:
        self.bits = bytearray(size + 1)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * max(0, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.bits[start:end]


class Tokens:
    """Token texts and offsets with the few context tests the rules need."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.full = doc.text
        self.text = [t.text for t in doc]
        self.start = [t.idx for t in doc]
        self.end = [t.idx + len(t.text) for t in doc]
        self.sent_start = [
            bool(t.is_sent_start) or i == 0 or "\n" in doc[i - 1].text_with_ws for i, t in enumerate(doc)
        ]
        self.used = [False] * len(doc)
        self.locative: set[int] = set()
        self.person_len: dict[int, int] = {}  # token index -> length of a known person's name found there
        self.countries: list[tuple[int, str]] = []  # (token, ISO3) of every country or capital named: antecedents
        self.dateline, agency = dateline_tokens(doc)
        for k in agency:
            self.used[k] = True  # "(dpa)": the agency that reports, not an actor of the news

    def __len__(self) -> int:
        return len(self.text)

    def is_name_token(self, i: int) -> bool:
        w = self.text[i]
        return bool(NAME_RE.match(w)) and w not in FUNCTION_WORDS and len(w) > 1 or (len(w) == 2 and w.isupper())

    def is_locative(self, i: int) -> bool:
        """Whether token i stands where a place stands: after in/nach/aus..., or coordinated with such a place."""
        return self.locative_kind(i) is not None

    def locative_kind(self, i: int) -> str | None:
        """'direct' after a locative preposition ('in Quantico', 'im bayerischen Vilseck'), 'article' when an
        article stands between ('in der Ukraine'), None elsewhere."""
        if i in self.dateline:
            return "direct"  # "Moskau – ...", "Kiew (dpa) -": the place the report comes from
        kind = "direct"
        j = i - 1
        while j >= 0 and j >= i - 4:
            w = self.text[j]
            lw = w.lower()
            if lw == "durch" and not any(
                self.text[k].lower().startswith(THROUGH_MOTION) for k in range(max(0, j - 4), j)
            ):
                return None  # "die Annexion der Krim durch Russland": the agent, no place passed through
            if lw in LOC_PREPS:
                if lw in ("im", "beim", "vom", "ins") and j == i - 1:
                    kind = "article"  # "beim Bau", "im Weißen Haus": the article is inside the preposition
                return kind if lw != "zwischen" else None
            if lw == "von":
                onward = any(self.text[k].lower() == "nach" for k in range(i + 1, min(len(self), i + 5)))
                return kind if onward else None
            if lw in DETERMINERS or lw in POSSESSIVES:
                kind = "article"
                j -= 1
                continue
            if w.islower() and lw.endswith(("e", "en", "er", "em", "es")) and lw not in CONJ:
                j -= 1
                continue
            if lw in CONJ and j - 1 >= 0:
                return kind if any(k in self.locative for k in range(max(0, j - 4), j)) else None
            return None
        return None


def dateline_tokens(doc: Doc) -> tuple[set[int], set[int]]:
    """The tokens of a dateline at the start of one of the first lines ("Moskau – ", "Slawjansk/Berlin – ",
    "Kiew (dpa) - ", "Oslo: "): the place name tokens, and the agency tokens in brackets."""
    places: set[int] = set()
    agency: set[int] = set()
    lines = 0
    n = len(doc)
    for i, tok in enumerate(doc):
        if lines > 3:
            break
        if tok.is_space and "\n" in tok.text:
            lines += 1
            continue
        if not (i == 0 or "\n" in doc[i - 1].text_with_ws) or not tok.text[:1].isupper():
            continue
        lines += 1
        k, names, brackets = i, [], []
        while k < n and k - i < 8:
            word = doc[k].text
            if word in DATELINE_DASHES and names:
                places.update(names)
                agency.update(brackets)
                break
            if word == "/" or (word[:1].isupper() and not doc[k].is_punct) and not brackets:
                if word != "/":
                    names.append(k)
                k += 1
                continue
            if word == "(" and names and not brackets:
                close = next((q for q in range(k + 1, min(n, k + 4)) if doc[q].text == ")"), None)
                if close is None:
                    break
                brackets = list(range(k + 1, close))
                k = close + 1
                continue
            break
    return places, agency


def phrase_at(tk: Tokens, lex: Lexicon, i: int) -> tuple[int, list[tuple[str, object]]] | None:
    """Longest lexicon phrase starting at token i: (length, entries)."""
    for n in range(min(lex.max_len, len(tk) - i), 0, -1):
        key = tuple(tk.text[i : i + n])
        if key in lex.phrases:
            return n, lex.phrases[key]
    return None


def span_text(tk: Tokens, a: int, b: int) -> str:
    """The text of tokens a..b-1 as it stands, spaces included: the name a mention carries."""
    return tk.full[tk.start[a] : tk.end[b - 1]]
